"""Sign-offs of the action plan at the same moment (issue 11): on PostgreSQL two or three real database
connections agree at once, and they take turns on the trajectory's row, so exactly one version is made
(or none, for a plan that is agreed already). An agreement and an action edit at the same moment both
go through."""

import pytest

from tests.trajectories.concurrency import Edit, Setup, needs_postgresql, run_at_once
from trajectories.core import services
from trajectories.models import Action, PlanVersion
from trajectories.plan import services as plan_services


def signoff(setup, side, member):
    """A sign-off as the facilitator records it in the room (nothing to read first)."""

    def save(_read):
        plan_services.plan_signoff(
            trajectory=setup.trajectory, side=side, member=member, recorded_by=setup.world.facilitator
        )

    return Edit(lambda: None, save)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "sides, outcome, agreed",
    [
        ((("clients", "gerda"), ("staff", "sanne")), ["saved", "saved"], True),
        ((("clients", "gerda"), ("clients", "henk")), ["duplicate", "saved"], False),
    ],
)
def test_sign_offs_at_the_same_moment_make_exactly_one_version(world, sides, outcome, agreed):
    """Issue 11: parallel sign-offs each made a version. Now they take turns on the trajectory's row."""
    needs_postgresql()
    setup = Setup(world)
    results = run_at_once(*(signoff(setup, side, getattr(setup, who)) for side, who in sides))
    assert sorted(results) == outcome, results
    version = PlanVersion.objects.get(trajectory=setup.trajectory)
    assert (version.number, version.is_agreed) == (1, agreed)
    assert sorted(version.signoffs.values_list("side", flat=True)) == sorted({side for side, _who in sides})


@pytest.mark.django_db(transaction=True)
def test_sign_offs_at_the_same_moment_on_an_agreed_plan_make_no_version(world):
    needs_postgresql()
    setup = Setup(world)
    for side, member in (("clients", setup.gerda), ("staff", setup.sanne)):
        plan_services.plan_signoff(trajectory=setup.trajectory, side=side, member=member, recorded_by=world.facilitator)
    results = run_at_once(
        signoff(setup, "clients", setup.henk), signoff(setup, "staff", setup.sanne),
        signoff(setup, "clients", setup.gerda),
    )
    assert results == ["agreed", "agreed", "agreed"], results
    assert list(PlanVersion.objects.filter(trajectory=setup.trajectory).values_list("number", flat=True)) == [1]


@pytest.mark.django_db(transaction=True)
def test_an_agreement_and_an_action_edit_at_the_same_moment_both_go_through(world):
    """The agreement locks the actions before the version, as an edit does: neither waits for ever."""
    needs_postgresql()
    setup = Setup(world)
    plan_services.plan_signoff(
        trajectory=setup.trajectory, side="clients", member=setup.gerda, recorded_by=world.facilitator
    )
    pk = setup.action.pk

    def read():
        return Action.objects.select_related("owner", "agenda_item").get(pk=pk)

    def save(action):
        fields = setup.action_fields(action, what="Medicijnen na het eten")
        services.action_update(action=action, by=setup.lead, **fields)

    results = run_at_once(signoff(setup, "staff", setup.sanne), Edit(read, save))
    assert results == ["saved", "saved"], results
    versions = list(PlanVersion.objects.filter(trajectory=setup.trajectory).order_by("number"))
    agreed_what = versions[0].snapshot["actions"][0]["what"]
    # Either the edit came first and was agreed, or the agreement came first and the edit is a new draft.
    assert [(v.number, v.is_agreed) for v in versions] == (
        [(1, True)] if agreed_what == "Medicijnen na het eten" else [(1, True), (2, False)]
    )

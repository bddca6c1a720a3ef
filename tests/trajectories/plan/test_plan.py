"""The action plan as a document: joint sign-off, versions, the PDF, print and plain-language pages."""

import datetime
import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from tests import factories
from tests.errors import error_codes, says
from tests.html import assert_valid_html
from tests.pages import dutch, url
from tests.pdf_checks import assert_fonts_embedded
from trajectories.core import services
from trajectories.models import ActionStatus, PlanSignoff, PlanVersion, SignoffSide
from trajectories.plan import services as plan_services

ALREADY_AGREED = (
    "This plan has already been agreed (version %(number)s) and has not changed since. "
    "A new agreement is needed only after a change to what was agreed."
)


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world



@pytest.fixture
def plan(world):
    """A trajectory in step 4 with one shared agenda item and two actions."""
    gerda = world.membership(world.client)
    item = services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Rustig eten")
    services.agenda_item_share(item=item, by=gerda)
    lead = world.membership(world.facilitator)
    soon = timezone.localdate() + datetime.timedelta(days=30)
    first = services.action_create(
        trajectory=world.trajectory,
        by=lead,
        what="Één keer per week samen koken met IJsbrand in het café",
        owner=world.membership(world.staff),
        co_owners=[gerda],
        due_date=soon,
        agenda_item=item,
        steps="Boodschappenlijst maken; keuken reserveren",
    )
    second = services.action_create(
        trajectory=world.trajectory, by=lead, what="<script>alert(1)</script> menukaart", owner=gerda, due_date=soon
    )
    return {"item": item, "first": first, "second": second, "due": soon}


def agree(world):
    lead = world.facilitator
    plan_services.plan_signoff(
        trajectory=world.trajectory, side=SignoffSide.CLIENTS, member=world.membership(world.client), recorded_by=lead
    )
    return plan_services.plan_signoff(
        trajectory=world.trajectory, side=SignoffSide.STAFF, member=world.membership(world.staff), recorded_by=lead
    )


class TestSignoff:
    def test_both_sides_make_the_plan_agreed_and_freeze_it(self, world, plan):
        version = agree(world)
        assert version.is_agreed and version.number == 1
        assert [row["what"] for row in version.snapshot["actions"]] == [
            "Één keer per week samen koken met IJsbrand in het café",
            "<script>alert(1)</script> menukaart",
        ]
        plan["first"].refresh_from_db()
        assert plan["first"].status == ActionStatus.AGREED
        # Owners are frozen by name and by membership id, so erasing a person finds them exactly.
        gerda, sanne = world.membership(world.client), world.membership(world.staff)
        assert [(row["owners"], row["owner_ids"]) for row in version.snapshot["actions"]] == [
            (["Sanne", "Gerda"], [sanne.pk, gerda.pk]),
            (["Gerda"], [gerda.pk]),
        ]

    def test_an_agreed_plan_that_did_not_change_is_not_agreed_again(self, world, plan):
        """Issue 11: a sign-off on an agreed, unchanged plan made a new version with the same content."""
        agree(world)
        first = plan["first"]
        services.action_update(  # a status update is follow-up: still the plan as agreed
            action=first, by=world.membership(world.facilitator), what=first.what, owner=first.owner,
            due_date=first.due_date, status=ActionStatus.IN_PROGRESS, agenda_item=first.agenda_item,
            steps=first.steps,
        )
        for side, who in ((SignoffSide.CLIENTS, world.client2), (SignoffSide.STAFF, world.staff)):
            with pytest.raises(ValidationError) as error:
                plan_services.plan_signoff(
                    trajectory=world.trajectory, side=side, member=world.membership(who), recorded_by=who
                )
            assert error.value.code == "agreed"
        assert [(v.number, v.is_agreed) for v in PlanVersion.objects.order_by("number")] == [(1, True)]
        assert PlanSignoff.objects.count() == 2

    def test_one_side_is_not_enough(self, world, plan):
        version = plan_services.plan_signoff(
            trajectory=world.trajectory,
            side=SignoffSide.STAFF,
            member=world.membership(world.staff),
            recorded_by=world.staff,
        )
        assert not version.is_agreed

    @pytest.mark.parametrize("side, who", [(SignoffSide.CLIENTS, "staff"), (SignoffSide.STAFF, "client")])
    def test_someone_without_the_role_cannot_agree_for_a_side(self, world, plan, side, who):
        with pytest.raises(ValidationError) as error:
            plan_services.plan_signoff(
                trajectory=world.trajectory,
                side=side,
                member=world.membership(getattr(world, who)),
                recorded_by=world.facilitator,
            )
        assert error_codes(error) == {"member": ["role"]}
        assert says(error, "Only a client of this trajectory can agree for the clients." if side == SignoffSide.CLIENTS
                    else "Only a staff member of this trajectory can agree for staff.")
        assert not PlanSignoff.objects.exists()

    def test_a_side_agrees_once_per_version(self, world, plan):
        plan_services.plan_signoff(
            trajectory=world.trajectory, side="clients", member=world.membership(world.client), recorded_by=world.client
        )
        with pytest.raises(ValidationError) as error:
            plan_services.plan_signoff(
                trajectory=world.trajectory,
                side="clients",
                member=world.membership(world.client2),
                recorded_by=world.client2,
            )
        assert error.value.code == "duplicate"
        assert PlanSignoff.objects.count() == 1

    def test_an_empty_plan_cannot_be_agreed(self, world):
        with pytest.raises(ValidationError) as error:
            plan_services.plan_signoff(
                trajectory=world.trajectory,
                side="clients",
                member=world.membership(world.client),
                recorded_by=world.client,
            )
        assert error.value.code == "empty"
        assert not PlanVersion.objects.exists()

    def test_a_change_after_agreement_makes_a_new_version_and_keeps_the_old_one(self, world, plan):
        agree(world)
        first = plan["first"]
        services.action_update(
            action=first, by=world.membership(world.facilitator),
            **factories.action_fields(first, what="Twee keer per week samen koken"),
        )
        versions = list(PlanVersion.objects.order_by("number"))
        assert [(v.number, v.is_agreed) for v in versions] == [(1, True), (2, False)]
        assert versions[0].snapshot["actions"][0]["what"] == "Één keer per week samen koken met IJsbrand in het café"
        version = agree(world)
        assert (version.number, version.is_agreed) == (2, True)

    def test_a_status_update_is_follow_up_not_a_new_version(self, world, plan):
        agree(world)
        first = plan["first"]
        services.action_update(
            action=first, by=world.membership(world.facilitator),
            **factories.action_fields(first, status=ActionStatus.IN_PROGRESS),
        )
        assert PlanVersion.objects.count() == 1


class TestSignoffViews:
    def test_a_client_agrees_for_the_clients_in_the_browser_form(self, world, plan, client_for):
        response = client_for(world.client).post(url("plan_signoff", world), {"side": "clients"}, follow=True)
        assert response.status_code == 200
        signoff = PlanSignoff.objects.get()
        assert (signoff.side, signoff.member.user, signoff.recorded_by) == ("clients", world.client, world.client)

    def test_a_staff_member_cannot_agree_for_the_clients(self, world, plan, client_for):
        response = client_for(world.staff).post(url("plan_signoff", world), {"side": "clients"}, follow=True)
        assert response.status_code == 200
        assert not PlanSignoff.objects.exists()
        assert "alert-danger" in response.content.decode()

    def test_the_facilitator_records_agreement_made_in_the_room(self, world, plan, client_for):
        http = client_for(world.facilitator)
        http.post(url("plan_signoff", world), {"side": "clients", "member": world.membership(world.client).pk})
        http.post(url("plan_signoff", world), {"side": "staff", "member": world.membership(world.staff).pk})
        version = PlanVersion.objects.get()
        assert version.is_agreed
        assert {s.recorded_by for s in version.signoffs.all()} == {world.facilitator}

    @pytest.mark.parametrize("member", ["abc", "99999999999999999999", "-1", ""])
    def test_the_facilitator_with_a_bad_member_gets_no_500(self, world, plan, client_for, member):
        response = client_for(world.facilitator).post(url("plan_signoff", world), {"side": "clients", "member": member})
        assert response.status_code in (302, 404)
        assert not PlanSignoff.objects.exists()

    def test_agreeing_again_on_an_unchanged_plan_says_why_and_makes_no_version(self, world, plan, client_for):
        agree(world)
        for user, data in (
            (world.client2, {"side": "clients"}),
            (world.facilitator, {"side": "staff", "member": world.membership(world.staff).pk}),
        ):
            response = client_for(user).post(url("plan_signoff", world), data, follow=True)
            assert response.status_code == 200
            assert dutch(ALREADY_AGREED) % {"number": 1} in html.unescape(response.content.decode())
        assert [(v.number, v.is_agreed) for v in PlanVersion.objects.all()] == [(1, True)]
        assert PlanSignoff.objects.count() == 2

    def test_quality_staff_cannot_agree(self, world, plan, client_for):
        assert client_for(world.quality).post(url("plan_signoff", world), {"side": "staff"}).status_code == 404

    def test_the_plan_page_shows_the_version_and_the_buttons_per_role(self, world, plan, client_for):
        page = client_for(world.client).get(url("plan", world))
        assert_valid_html(page)
        assert 'name="side" value="clients"' in page.content.decode()
        page = client_for(world.quality).get(url("plan", world))
        assert_valid_html(page)
        assert 'name="side"' not in page.content.decode()


def pdf_text(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(response.content))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


class TestPlanPdf:
    def test_the_pdf_holds_the_plan_in_dutch_with_user_text_as_text(self, world, plan, client_for):
        agree(world)
        response = client_for(world.quality).get(url("plan_pdf", world))
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            f'attachment; filename="actieplan-eten-en-drinken-{timezone.localdate():%Y-%m-%d}.pdf"'
        )
        reader, text = pdf_text(response)
        assert reader.trailer["/Root"]["/Lang"] == "nl"
        assert "/StructTreeRoot" in reader.trailer["/Root"]
        assert reader.metadata.title == "Actieplan: Eten en drinken"
        assert_fonts_embedded(reader)
        assert "Één keer per week samen koken met IJsbrand in het café" in text
        assert "<script>alert(1)</script> menukaart" in text
        assert "Sanne" in text and "Gerda" in text
        due = plan["due"]
        assert f"{due.day} " in text and str(due.year) in text
        assert "Versie 1, afgesproken op" in text
        assert "pagina 1 van" in text

    def test_an_earlier_version_is_available_as_it_was_agreed(self, world, plan, client_for):
        agree(world)
        first = plan["first"]
        services.action_update(
            action=first, by=world.membership(world.facilitator),
            **factories.action_fields(first, what="Twee keer per week samen koken"),
        )
        http = client_for(world.staff)
        _reader, old = pdf_text(http.get(url("plan_pdf", world) + "?versie=1"))
        _reader, new = pdf_text(http.get(url("plan_pdf", world)))
        assert "Één keer per week" in old and "Twee keer per week" not in old
        assert "Twee keer per week" in new and "Versie 2: concept" in new
        page = http.get(url("plan_version", world, number=1))
        assert_valid_html(page)
        assert "Één keer per week" in page.content.decode()

    @pytest.mark.parametrize("version", ["abc", "99", "-1", "99999999999999999999"])
    def test_an_unknown_version_is_404(self, world, plan, client_for, version):
        agree(world)
        assert client_for(world.client).get(url("plan_pdf", world) + f"?versie={version}").status_code == 404

    def test_someone_who_may_not_see_the_plan_gets_404(self, world, plan, client_for):
        for user in (world.outsider, world.other_facilitator, world.admin):
            assert client_for(user).get(url("plan_pdf", world)).status_code == 404


class TestClientPages:
    def test_the_print_version_and_what_happened_page(self, world, plan, client_for):
        agree(world)
        services.action_update(
            action=plan["second"],
            by=world.membership(world.facilitator),
            what=plan["second"].what,
            owner=plan["second"].owner,
            due_date=plan["second"].due_date,
            status=ActionStatus.STOPPED,
            status_reason="De kok is vertrokken.",
        )
        http = client_for(world.client)
        printed = http.get(url("plan_print", world))
        assert_valid_html(printed)
        assert "&lt;script&gt;alert(1)&lt;/script&gt; menukaart" in printed.content.decode()
        outcomes = http.get(url("plan_outcomes", world))
        assert_valid_html(outcomes)
        assert "Één keer per week samen koken" in outcomes.content.decode()

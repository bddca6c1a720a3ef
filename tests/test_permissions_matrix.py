"""Role × URL: every URL pattern, for every role, answers as the privacy rules say.

The URL patterns are enumerated from the resolver, so a new URL without a row in
``EXPECTED`` (``tests/url_matrix.py``) fails ``test_every_url_pattern_is_in_the_matrix``.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from matrix import models as matrix_models
from matrix import services as matrix_services
from matrix.services import CellInput
from tests import factories
from tests.html import assert_valid_html
from tests.live_helpers import photo_bytes
from tests.shared import fresh, kept
from tests.url_matrix import ALL, EXPECTED, MATRIX_EDITORS, PARTIALS, PROJECT_STARTERS, project_kwargs
from tests.world import ROLES, build_world
from trajectories.core import services
from trajectories.live import services as live_services
from trajectories.live.photos import process_photo
from trajectories.live.storage import private_storage
from trajectories.models import (
    ConsentKind,
    Export,
    ExportKind,
    ExportState,
    MeetingGroup,
    MemberRole,
    NotificationKind,
    OrganisationRole,
    Step,
    Theme,
)
from trajectories.notify import services as notify_services
from trajectories.people.models import Invitation
from trajectories.people.services import token_hash
from trajectories.plan import services as plan_services
from trajectories.privacy import services as privacy_services
from trajectories.toolkit import learning_services, method_services, tailoring_services

# The Django admin has its own login and is checked as a whole in test_admin_*.
EXEMPT_NAMESPACES = {"admin"}


def _all_url_names(patterns=None, namespace=None):
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            if inner in EXEMPT_NAMESPACES:
                continue
            names |= _all_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name, so it cannot be in the matrix"
            names.add(f"{namespace}:{entry.name}" if namespace else entry.name)
    return names


def test_every_url_pattern_is_in_the_matrix():
    names = _all_url_names()
    assert names - set(EXPECTED) == set(), "add these URLs to EXPECTED"
    assert set(EXPECTED) - names == set(), "these URLs no longer exist"


def build_objects(world) -> dict:
    """One object of every kind in the trajectory, so every URL can be built (their primary keys)."""
    trajectory = world.trajectory
    client = world.membership(world.client)
    staff = world.membership(world.staff)
    lead = world.membership(world.facilitator)
    topic = services.topic_create(trajectory=trajectory, by=client, title="Rust aan tafel", theme=Theme.FOOD)
    shared = services.agenda_item_create(trajectory=trajectory, by=client, title="Samen eten", topics=[topic])
    services.agenda_item_share(item=shared, by=client)
    private = services.agenda_item_create(trajectory=trajectory, by=client, title="Nog geheim")
    reflection = services.staff_reflection_create(trajectory=trajectory, by=staff, text="Wij herkennen dit.")
    services.staff_summary_save(trajectory=trajectory, by=staff, text="Samenvatting")
    meeting = services.meeting_create(
        trajectory=trajectory, by=world.facilitator, date="2026-01-05", step=Step.EXPLORE, group=MeetingGroup.JOINT
    )
    action = services.action_create(
        trajectory=trajectory, by=lead, what="Medicijnronde verplaatsen", owner=staff,
        due_date=datetime.date(2099, 1, 1), agenda_item=shared,
    )
    # A first version of the action plan: the clients have agreed, staff not yet.
    version = plan_services.plan_signoff(
        trajectory=trajectory, side="clients", member=client, recorded_by=world.facilitator
    )
    review = plan_services.review_create(
        trajectory=trajectory, by=lead, date=timezone.localdate(), title="Na 3 maanden",
        outcomes={action.pk: ("in_progress", "Het is rustiger aan tafel.")},
    )
    # A participation project linked to the trajectory, owned by its facilitator, with a
    # member who is none of the roles under test, an interim check, and a group not used yet.
    today = timezone.localdate()
    project = matrix_services.project_create(
        organisation=world.organisation, by=world.facilitator, name="Meedoen aan tafel",
        start_date=today - datetime.timedelta(days=30), trajectory=trajectory,
    )
    clients = project.groups.get()
    mia = factories.person(world.organisation, username="mia", first_name="Mia")
    project_member = matrix_services.project_member_add(
        project=project, user=mia, role=matrix_models.ProjectRole.MEMBER, by=world.facilitator
    )
    assessment = matrix_services.assessment_create(
        project=project, by=world.facilitator, kind=matrix_models.AssessmentKind.INTERIM, date=today - datetime.timedelta(days=1),
        cells={(clients.pk, phase): CellInput(desired_role=4, agreed_role=3, actual_role=2) for phase in matrix_models.Phase.values},
    )
    relatives = matrix_services.group_add(project=project, kind=matrix_models.GroupKind.RELATIVES, by=world.facilitator)
    # A live session with a client's topic with a photo.
    live = live_services.live_session_open(trajectory=trajectory, by=world.facilitator, title="Huiskamer")
    photo = process_photo(SimpleUploadedFile("foto.jpg", photo_bytes(size=(64, 64)), content_type="image/jpeg"))
    photo_topic = services.topic_create(
        trajectory=trajectory, by=client, title="Mijn kamer", theme=Theme.AT_HOME, live_session=live, photo=photo
    )
    # The toolkit: an own method planned in the session, a template, a goal, a report, and a lesson
    # from a closed trajectory of the same organisation.
    method = method_services.method_create(
        organisation=world.organisation, by=world.facilitator, name="Onze fotowandeling", purpose="Samen kijken",
        steps=[1], group="clients", suits=["dementia"], duration_minutes=45, how_to="Loop samen\nMaak foto's",
    )
    services.meeting_update(meeting=meeting, by=world.facilitator, methods=[method])
    template = tailoring_services.template_from_trajectory(trajectory=trajectory, by=world.facilitator, name="Ons sjabloon")
    goal = learning_services.goal_create(trajectory=trajectory, by=client, text="Gehoord worden")
    learning_services.evaluation_report_save(
        trajectory=trajectory, by=world.facilitator, aim="Doel", methods="Werkvormen", results="Resultaten",
        outcomes="Uitkomsten", reflection="Reflectie",
    )
    earlier = factories.trajectory_for(world.facilitator, world.organisation, title="Vorig jaar")
    services.trajectory_close(trajectory=earlier, by=world.facilitator)
    # Privacy (AVG): the client's consent for taking part.
    consent = privacy_services.consent_give(membership=client, kind=ConsentKind.PARTICIPATION, by=world.facilitator)
    lesson = learning_services.lesson_create(
        trajectory=earlier, by=world.facilitator, what_worked="Foto's werkten goed", method_ratings={method: 4},
    )
    device = TOTPDevice.objects.create(user=mia, name="Telefoon", confirmed=True)
    # Notifications: one in the client's inbox, the facilitator's calendar address, and a
    # download that quality staff made.
    notification = notify_services.notify(
        users=[world.client], kind=NotificationKind.STEP_MOVED, event_key="matrix", trajectory=trajectory,
        target=reverse("trajectories:detail", kwargs={"pk": trajectory.pk}),
    )[0]
    calendar = notify_services.calendar_token_renew(user=world.facilitator).calendar_token
    export = Export.objects.create(
        user=world.quality, kind=ExportKind.PLANS_PDF, state=ExportState.DONE, filename="actieplannen.pdf",
        file=private_storage().save("exports/matrix/actieplannen.pdf", ContentFile(b"%PDF-1.7\n")),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    # Invitations: one to the organisation, one to the trajectory (their links' tokens are made here).
    valid_until = timezone.now() + datetime.timedelta(days=14)
    invitation = Invitation.objects.create(
        organisation=world.organisation, email="nieuw@example.org", token_hash=token_hash("matrix-invitation"),
        created_by=world.org_admin, expires_at=valid_until,
    )
    trajectory_invitation = Invitation.objects.create(
        organisation=world.organisation, email="client@example.org", token_hash=token_hash("matrix-trajectory"),
        trajectory=trajectory, member_role=MemberRole.CLIENT, created_by=world.facilitator, expires_at=valid_until,
    )
    return {
        "notification": notification.pk,
        "calendar": calendar,
        "export": export.pk,
        "invitation": invitation.pk,
        "invitation_token": "matrix-invitation",
        "trajectory_invitation": trajectory_invitation.pk,
        "client_user": world.client2.pk,
        "device": device.pk,
        "consent": consent.pk,
        "method": method.pk,
        "template": template.pk,
        "goal": goal.pk,
        "lesson": lesson.pk,
        "live": live.pk,
        "code": live.join_code,
        "photo_topic": photo_topic.pk,
        "project": project.pk,
        "group": relatives.pk,
        "project_member": project_member.pk,
        "assessment": assessment.pk,
        "pk": trajectory.pk,
        "member": world.membership(world.client2).pk,
        "meeting": meeting.pk,
        "topic": topic.pk,
        "private_item": private.pk,
        "shared_item": shared.pk,
        "reflection": reflection.pk,
        "action": action.pk,
        "review": review.pk,
        "plan_version": version.number,
    }


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and one object of every kind, made once for the module instead of once per case
    (``tests/shared.py``): the ~900 cases only read them, and what a POST changes is rolled back."""

    def build():
        world = build_world()
        return SimpleNamespace(world=world, objects=build_objects(world))

    yield from kept(django_db_blocker, tmp_path_factory, build)


@pytest.fixture
def world(db, shared):
    """The shared world, read again for each case: nothing a case changed in memory carries over."""
    return fresh(shared.world)


@pytest.fixture
def objects(shared):
    return dict(shared.objects)


@pytest.fixture(autouse=True)
def private_media(settings, shared):
    """The shared photo stays where it was saved (instead of a fresh folder per case)."""
    settings.PRIVATE_MEDIA_ROOT = shared.private_media
    return shared.private_media


def _post_data(name, world):
    if name in {"trajectories:step_advance", "trajectories:step_back"}:
        return {"expected_step": world.trajectory.current_step}
    if name == "set_language":
        return {"language": "en", "next": "/"}
    if name == "trajectories:step_skip":
        return {"expected_step": world.trajectory.current_step, "reason": "Deze groep kiest meteen samen."}
    if name == "trajectories:live_control":
        return {"action": "names_show"}
    if name == "trajectories:member_consent_give":
        return {"kind": ConsentKind.PHOTOS}
    if name == "trajectories:plan_signoff":
        # Members confirm for themselves; the facilitator names who confirms in the room.
        return {"side": "staff", "member": world.membership(world.staff).pk}
    return {}


def _prepare_for(name: str, world) -> None:
    """Bring the trajectory where the URL can succeed: a step to go back from, a close to reopen."""
    if name == "trajectories:step_back":
        services.step_advance(trajectory=world.trajectory, by=world.facilitator)
    if name == "trajectories:reopen":
        services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_role_url_matrix(name, role, world, objects, client_for):
    method, build_kwargs, allowed, success_status = EXPECTED[name]
    _prepare_for(name, world)
    url = reverse(name, kwargs=build_kwargs(objects))
    http = client_for(world.user(role))
    if method == "GET":
        response = http.get(url)
    else:
        response = http.post(url, _post_data(name, world))

    if role in allowed:
        expected = success_status[role] if isinstance(success_status, dict) else success_status
        assert response.status_code == expected, f"{role} on {url}"
        if name in PARTIALS:
            assert response["Content-Type"].startswith("text/html") and b"<html" not in response.content
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert_valid_html(response)
        elif response.status_code == 200:
            assert response["Content-Type"].split(";")[0] in {"text/csv", "application/pdf", "image/jpeg", "text/plain", "text/calendar"}
    elif role == "anonymous":
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    else:
        assert response.status_code == 404, f"{role} must get 404 on {url}"


# Django's own logout and set_language are POST-only in their own way; ours refuse a GET.
OWN_POST_ONLY = sorted(
    name for name, (method, *_rest) in EXPECTED.items() if method == "POST" and name.startswith("trajectories:")
)


@pytest.mark.parametrize("name", OWN_POST_ONLY)
def test_post_only_urls_refuse_get(name, world, objects, client_for):
    url = reverse(name, kwargs=EXPECTED[name][1](objects))
    assert client_for(world.facilitator).get(url).status_code == 405


def test_missing_objects_answer_404_like_foreign_ones(world, objects, client_for):
    """A trajectory or contribution that does not exist looks the same as one that is not yours."""
    http = client_for(world.facilitator)
    missing = objects["pk"] + 1000
    assert http.get(reverse("trajectories:detail", kwargs={"pk": missing})).status_code == 404
    assert http.get(reverse("trajectories:detail", kwargs={"pk": 2**70})).status_code == 404
    other = world.other_trajectory.pk
    assert http.get(reverse("trajectories:detail", kwargs={"pk": other})).status_code == 404
    # A topic of this trajectory under another trajectory's URL is not found either.
    assert (
        http.get(reverse("trajectories:topic_edit", kwargs={"pk": other, "topic_pk": objects["topic"]})).status_code
        == 404
    )


# --- participation matrix: writes -------------------------------------------------------------
# Every matrix page that changes something on POST: who may, and valid data for it. Readers
# (quality staff) and everyone else get 404 and nothing changes; anonymous is sent to log in.


def _grid_post(o):
    data = {"date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(), "discussed_with": "", "note": ""}
    for group_pk in o["groups"]:
        for phase in matrix_models.Phase.values:
            data.update({
                f"cell-{group_pk}-{phase}-desired": "4",
                f"cell-{group_pk}-{phase}-agreed": "3",
                f"cell-{group_pk}-{phase}-actual": "3",
                f"cell-{group_pk}-{phase}-activities": "",
                f"cell-{group_pk}-{phase}-note": "",
            })
    return data


def _project_post(o):
    return {"name": "Nieuwe naam", "description": "", "start_date": o["start_date"], "location": "", "trajectory": ""}


MATRIX_POSTS = {
    # name: (kwargs builder, roles that get in, POST data builder, model whose rows change)
    "matrix:project_create": (
        lambda o: {}, PROJECT_STARTERS, lambda o: {**_project_post(o), "groups": [matrix_models.GroupKind.CLIENTS]}, matrix_models.Project,
    ),
    "matrix:project_edit": (project_kwargs, MATRIX_EDITORS, _project_post, None),
    "matrix:groups": (project_kwargs, MATRIX_EDITORS, lambda o: {"kind": matrix_models.GroupKind.OTHER, "name": "Bewonerspanel"},
                      matrix_models.ParticipantGroup),
    "matrix:group_remove": (lambda o: {"pk": o["project"], "group_pk": o["group"]}, MATRIX_EDITORS, lambda o: {},
                            matrix_models.ParticipantGroup),
    "matrix:members": (project_kwargs, MATRIX_EDITORS, lambda o: {"user": o["candidate"], "role": matrix_models.ProjectRole.MEMBER},
                       matrix_models.ProjectMembership),
    "matrix:member_remove": (lambda o: {"pk": o["project"], "member_pk": o["project_member"]}, MATRIX_EDITORS,
                             lambda o: {}, matrix_models.ProjectMembership),
    "matrix:assessment_create": (lambda o: {"pk": o["project"], "kind": matrix_models.AssessmentKind.INTERIM}, MATRIX_EDITORS,
                                 _grid_post, matrix_models.Assessment),
}


@pytest.fixture
def matrix_objects(world, objects):
    project = matrix_models.Project.objects.get(pk=objects["project"])
    candidate = factories.person(world.organisation, username="kandidaat", first_name="Karin")
    return {
        **objects,
        "groups": list(project.groups.values_list("pk", flat=True)),
        "candidate": candidate.pk,
        "start_date": project.start_date.isoformat(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX_POSTS))
def test_matrix_writes(name, role, world, matrix_objects, client_for):
    build_kwargs, allowed, build_data, model = MATRIX_POSTS[name]
    url = reverse(name, kwargs=build_kwargs(matrix_objects))
    before = model.objects.count() if model else None
    name_before = matrix_models.Project.objects.get(pk=matrix_objects["project"]).name
    response = client_for(world.user(role)).post(url, build_data(matrix_objects))
    if role in allowed:
        assert response.status_code == 302, f"{role} on {url}: {response.content.decode()[:2000]}"
        assert "/inloggen/" not in response["Location"]
        if model is not None:
            assert model.objects.count() != before, f"{role} on {url} changed nothing"
        else:
            assert matrix_models.Project.objects.get(pk=matrix_objects["project"]).name == "Nieuwe naam"
        return
    if role == "anonymous":
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    else:
        assert response.status_code == 404, f"{role} must get 404 on a POST to {url}"
    if model is not None:
        assert model.objects.count() == before, f"{role} changed something through {url}"
    assert matrix_models.Project.objects.get(pk=matrix_objects["project"]).name == name_before


def test_matrix_readers_get_no_edit_forms_or_links(world, objects, client_for):
    """Quality staff read the project; they see no form to add groups or people and no edit links."""
    http = client_for(world.quality)
    for name in ("matrix:project_detail", "matrix:groups", "matrix:members"):
        response = http.get(reverse(name, kwargs={"pk": objects["project"]}))
        page = response.content.decode()
        assert response.context.get("form") is None, name
        assert "verwijderen/" not in page, name
        assert reverse("matrix:project_edit", kwargs={"pk": objects["project"]}) not in page, name
        assert "/metingen/nieuw/" not in page, name


def test_matrix_missing_and_foreign_objects_answer_404(world, objects, client_for):
    """A project or part that does not exist looks the same as one that is not yours."""
    http = client_for(world.facilitator)
    project = objects["project"]
    for pk in (project + 1000, 2**70, 2**63 - 1):
        assert http.get(reverse("matrix:project_detail", kwargs={"pk": pk})).status_code == 404
    other = matrix_services.project_create(
        organisation=world.other_organisation, by=world.other_facilitator, name="Elders meedoen",
        start_date=timezone.localdate(),
    )
    other_group = other.groups.get()
    other_member = other.memberships.get()
    assert http.get(reverse("matrix:project_detail", kwargs={"pk": other.pk})).status_code == 404
    # Parts of one project under another project's URL are not found either, both ways.
    pages = [
        ("matrix:assessment_detail", {"pk": other.pk, "assessment_pk": objects["assessment"]}),
        ("matrix:group_remove", {"pk": project, "group_pk": other_group.pk}),
        ("matrix:member_remove", {"pk": project, "member_pk": other_member.pk}),
        ("matrix:assessment_detail", {"pk": project, "assessment_pk": 2**70}),
        ("matrix:group_remove", {"pk": project, "group_pk": 2**70}),
    ]
    for name, kwargs in pages:
        assert http.get(reverse(name, kwargs=kwargs)).status_code == 404, (name, kwargs)
        assert http.post(reverse(name, kwargs=kwargs)).status_code == 404, (name, kwargs)
    assert other.groups.count() == 1 and other.memberships.count() == 1


def test_matrix_access_follows_the_trajectory_facilitator(world, objects, client_for):
    """A facilitator who takes over the linked trajectory edits the matrix; no owner membership needed."""
    project = matrix_models.Project.objects.get(pk=objects["project"])
    successor = factories.person(world.organisation, username="opvolger", role=OrganisationRole.FACILITATOR)
    url = reverse("matrix:project_edit", kwargs={"pk": project.pk})
    assert client_for(successor).get(url).status_code == 404
    factories.add_member(world.trajectory, successor, MemberRole.FACILITATOR, by=world.facilitator)
    assert client_for(successor).get(url).status_code == 200
    assert client_for(successor).get(reverse("matrix:project_list")).content.decode().count(project.name) >= 1


def test_matrix_quality_staff_of_another_organisation_see_nothing(world, objects, client_for):
    elsewhere = factories.person(world.other_organisation, username="qua2", role=OrganisationRole.QUALITY)
    http = client_for(elsewhere)
    assert http.get(reverse("matrix:project_detail", kwargs={"pk": objects["project"]})).status_code == 404
    assert http.get(reverse("matrix:overview")).status_code == 200
    csv = http.get(reverse("matrix:overview_csv")).content.decode("utf-8-sig")
    assert "Meedoen aan tafel" not in csv
    assert "Meedoen aan tafel" not in http.get(reverse("matrix:project_list")).content.decode()


@pytest.mark.parametrize("role", sorted(ALL - {"admin"}))
def test_admin_site_is_for_administrators_only(role, world, client_for):
    response = client_for(world.user(role)).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/systeem/login/" in response["Location"]


def test_admin_site_manages_accounts_but_holds_no_client_content(world, client_for):
    assert client_for(world.admin).get(reverse("admin:index")).status_code == 200
    registered = {model._meta.model_name for model in admin.site._registry}
    assert {"organisation", "user"} <= registered
    client_content = {"topic", "agendaitem", "staffreflection", "staffsummary", "dialogue", "action", "meeting"}
    assert registered & client_content == set()


# --- a client who joined a live session with its code -------------------------------------------
# Such a guest has no password and may open only the client pages of the session they joined:
# never the trajectory, its shared outcomes or anything of staff.

GUEST_ALLOWED = {
    "trajectories:live_client": 200,
    "trajectories:live_topic": 200,
    "trajectories:live_vote": 200,
    "trajectories:live_join": 200,
    "trajectories:live_join_code": 302,  # straight on to their session
    "trajectories:dashboard": 302,  # their start page is their session
    "health": 200,
    "trajectories:my_data": 200,  # Privacy (AVG): everyone may download their own data
    "trajectories:my_data_export": 302,  # ... also as a zip made in the background
    "trajectories:calendar_feed": 200,  # the secret address is the key, whoever holds it
    "login": 302,
    "logout": 302,
    "two_factor_setup": 302,  # a guest has no account to protect: back to their session
    "two_factor_verify": 302,
    "set_language": 302,
    # Pages open to everyone (an invitation, a login card, a forgotten password); a guest has no
    # password to change: back to their session.
    "people:invitation_accept": 200,
    "people:card_sign_in": 200,
    "password_reset": 200,
    "password_reset_done": 200,
    "password_reset_confirm": 200,
    "password_reset_complete": 200,
    "password_change": 302,
    "password_change_done": 302,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_guest_url_matrix(name, world, objects):
    code = objects["code"]
    http = Client()
    joined = http.post(reverse("trajectories:live_join_code", kwargs={"code": code}), {"name": "Bep"})
    assert joined.status_code == 302
    method, build_kwargs, _roles, _status = EXPECTED[name]
    _prepare_for(name, world)
    url = reverse(name, kwargs=build_kwargs(objects))
    response = http.get(url) if method == "GET" else http.post(url, _post_data(name, world))
    expected = GUEST_ALLOWED.get(name, 404)
    assert response.status_code == expected, f"a guest on {url}: {response.status_code}, expected {expected}"
    if name in {"trajectories:live_join_code", "trajectories:dashboard"}:
        assert response["Location"] == reverse("trajectories:live_client", kwargs={"pk": objects["live"]})

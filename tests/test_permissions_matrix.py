"""Role × URL: every URL pattern, for every role, answers as the privacy rules say.

The URL patterns are enumerated from the resolver, so a new URL without a row in
``EXPECTED`` fails ``test_every_url_pattern_is_in_the_matrix``.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLES
from tests.html import assert_valid_html
from trajectories import services
from trajectories.models import Meeting, MeetingGroup, Step, Theme

ALL = set(ROLES) - {"anonymous"}
MEMBERS = {"client", "staff", "facilitator"}
SHARED_READERS = MEMBERS | {"quality"}
CLIENT_SPACE = {"client", "facilitator"}
STAFF_SPACE = {"staff", "facilitator"}
FACILITATOR = {"facilitator"}

# name: (method, kwargs builder, roles that get in, status when they do (or per role))
EXPECTED = {
    "trajectories:dashboard": ("GET", lambda o: {}, ALL, 200),
    "trajectories:create": ("GET", lambda o: {}, {"facilitator", "other_facilitator"}, 200),
    "trajectories:detail": ("GET", lambda o: {"pk": o["pk"]}, SHARED_READERS, 200),
    "trajectories:edit": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:step_advance": ("POST", lambda o: {"pk": o["pk"]}, FACILITATOR, 302),
    "trajectories:step_back": ("POST", lambda o: {"pk": o["pk"]}, FACILITATOR, 302),
    "trajectories:close": ("POST", lambda o: {"pk": o["pk"]}, FACILITATOR, 302),
    "trajectories:reopen": ("POST", lambda o: {"pk": o["pk"]}, FACILITATOR, 302),
    "trajectories:members": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:member_remove": ("GET", lambda o: {"pk": o["pk"], "member_pk": o["member"]}, FACILITATOR, 200),
    "trajectories:meetings": ("GET", lambda o: {"pk": o["pk"]}, MEMBERS, 200),
    "trajectories:meeting_create": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:meeting_edit": ("GET", lambda o: {"pk": o["pk"], "meeting_pk": o["meeting"]}, FACILITATOR, 200),
    "trajectories:meeting_delete": ("GET", lambda o: {"pk": o["pk"], "meeting_pk": o["meeting"]}, FACILITATOR, 200),
    "trajectories:explore": ("GET", lambda o: {"pk": o["pk"]}, CLIENT_SPACE, 200),
    "trajectories:topic_edit": ("GET", lambda o: {"pk": o["pk"], "topic_pk": o["topic"]}, CLIENT_SPACE, 200),
    "trajectories:topic_delete": ("GET", lambda o: {"pk": o["pk"], "topic_pk": o["topic"]}, CLIENT_SPACE, 200),
    "trajectories:agenda": ("GET", lambda o: {"pk": o["pk"]}, CLIENT_SPACE, 200),
    "trajectories:agenda_item_edit": (
        "GET", lambda o: {"pk": o["pk"], "item_pk": o["private_item"]}, CLIENT_SPACE, 200,
    ),
    "trajectories:agenda_item_delete": (
        "GET", lambda o: {"pk": o["pk"], "item_pk": o["private_item"]}, CLIENT_SPACE, 200,
    ),
    "trajectories:agenda_item_share": (
        "GET", lambda o: {"pk": o["pk"], "item_pk": o["private_item"]}, CLIENT_SPACE, 200,
    ),
    "trajectories:agenda_item_move": (
        "POST", lambda o: {"pk": o["pk"], "item_pk": o["private_item"], "direction": "up"}, CLIENT_SPACE, 302,
    ),
    "trajectories:staff": ("GET", lambda o: {"pk": o["pk"]}, STAFF_SPACE, 200),
    "trajectories:staff_summary_share": ("POST", lambda o: {"pk": o["pk"]}, STAFF_SPACE, 302),
    "trajectories:staff_reflection_delete": (
        "GET", lambda o: {"pk": o["pk"], "reflection_pk": o["reflection"]}, STAFF_SPACE, 200,
    ),
    "trajectories:dialogue": ("GET", lambda o: {"pk": o["pk"]}, SHARED_READERS, 200),
    "trajectories:dialogue_edit": ("GET", lambda o: {"pk": o["pk"], "item_pk": o["shared_item"]}, FACILITATOR, 200),
    "trajectories:action_create": ("GET", lambda o: {"pk": o["pk"]}, FACILITATOR, 200),
    "trajectories:action_edit": ("GET", lambda o: {"pk": o["pk"], "action_pk": o["action"]}, FACILITATOR, 200),
    "trajectories:action_delete": ("GET", lambda o: {"pk": o["pk"], "action_pk": o["action"]}, FACILITATOR, 200),
    # Outside the trajectories: open to everyone, anonymous included.
    # Logged-in people are sent on from the login page to their dashboard.
    "login": ("GET", lambda o: {}, set(ROLES), {"anonymous": 200, **{role: 302 for role in ALL}}),
    "logout": ("POST", lambda o: {}, set(ROLES), 302),
    "set_language": ("POST", lambda o: {}, set(ROLES), 302),
}

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


@pytest.fixture
def objects(world):
    """One object of every kind in the trajectory, so every URL can be built."""
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
    return {
        "pk": trajectory.pk,
        "member": world.membership(world.client2).pk,
        "meeting": meeting.pk,
        "topic": topic.pk,
        "private_item": private.pk,
        "shared_item": shared.pk,
        "reflection": reflection.pk,
        "action": action.pk,
    }


def _post_data(name, world):
    if name in {"trajectories:step_advance", "trajectories:step_back"}:
        return {"expected_step": world.trajectory.current_step}
    if name == "set_language":
        return {"language": "en", "next": "/"}
    return {}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_role_url_matrix(name, role, world, objects, client_for):
    method, build_kwargs, allowed, success_status = EXPECTED[name]
    if name == "trajectories:step_back":
        services.step_advance(trajectory=world.trajectory, by=world.facilitator)
    if name == "trajectories:reopen":
        services.trajectory_close(trajectory=world.trajectory, by=world.facilitator)
    url = reverse(name, kwargs=build_kwargs(objects))
    http = client_for(world.user(role))
    if method == "GET":
        response = http.get(url)
    else:
        response = http.post(url, _post_data(name, world))

    if role in allowed:
        expected = success_status[role] if isinstance(success_status, dict) else success_status
        assert response.status_code == expected, f"{role} on {url}"
        if response.status_code == 200:
            assert_valid_html(response)
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


@pytest.mark.parametrize("role", sorted(ALL - {"admin"}))
def test_admin_site_is_for_administrators_only(role, world, client_for):
    response = client_for(world.user(role)).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


def test_admin_site_manages_accounts_but_holds_no_client_content(world, client_for):
    assert client_for(world.admin).get(reverse("admin:index")).status_code == 200
    registered = {model._meta.model_name for model in admin.site._registry}
    assert {"organisation", "user"} <= registered
    client_content = {"topic", "agendaitem", "staffreflection", "staffsummary", "dialogue", "action", "meeting"}
    assert registered & client_content == set()

from django.contrib.auth import authenticate
from django.core.management import call_command

from trajectories.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS
from trajectories.models import (
    AgendaItem,
    Meeting,
    Notification,
    NotificationKind,
    Organisation,
    PersonalSettings,
    StaffSummary,
    Topic,
    Trajectory,
)


def test_demo_is_complete_and_idempotent(db, settings):
    call_command("seed_demo")
    counts = (Trajectory.objects.count(), Topic.objects.count(), AgendaItem.objects.count())
    call_command("seed_demo")
    assert (Trajectory.objects.count(), Topic.objects.count(), AgendaItem.objects.count()) == counts

    assert set(Organisation.objects.values_list("name", flat=True)) == {"Zorggroep De Linde", "Stichting Het Baken"}
    for username in DEMO_USERS:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username

    meal = Trajectory.objects.get(title="Eten en drinken op De Linde")
    assert meal.current_step == 4
    assert meal.topics.exists() and meal.agenda_items.filter(shared_at__isnull=False).exists()
    assert meal.agenda_items.filter(shared_at__isnull=True).exists()
    assert meal.staff_reflections.exists() and StaffSummary.objects.get(trajectory=meal).is_shared
    assert meal.actions.count() >= 3 and meal.meetings.exists()
    assert Trajectory.objects.filter(organisation__name="Zorggroep De Linde", current_step=1).exists()
    assert Trajectory.objects.filter(organisation__name="Stichting Het Baken").exists()


def test_the_demo_has_an_open_live_session_whose_code_is_on_the_facilitators_page(db, client):
    from django.urls import reverse

    from trajectories.live.selectors import live_session_for_code
    from trajectories.models import LiveSession

    call_command("seed_demo")
    session = LiveSession.objects.get(closed_at__isnull=True)
    assert live_session_for_code(session.join_code).session == session
    assert session.topics.exists() and session.guest_memberships.exists()
    # Run again later, the open session stays and keeps a working code.
    call_command("seed_demo")
    assert LiveSession.objects.get(closed_at__isnull=True).pk == session.pk
    client.login(username="facilitator", password=DEMO_PASSWORD)
    page = client.get(reverse("trajectories:live_console", kwargs={"pk": session.trajectory_id, "session_pk": session.pk}))
    assert session.join_code in page.content.decode()


def test_the_demo_has_news_a_calendar_address_and_sessions_with_time_and_place(db, client):
    call_command("seed_demo")
    made = Notification.objects.count()
    call_command("seed_demo")
    assert Notification.objects.count() == made  # a second run notifies nobody again
    for username in ("facilitator", "client1", "client2", "staff1", "quality", "facilitator2"):
        assert Notification.objects.filter(user__username=username).exists(), username
        assert PersonalSettings.objects.filter(user__username=username).exclude(calendar_token="").exists()
    # The overdue action: one message each for the facilitator, its owner and quality staff.
    overdue = Notification.objects.filter(kind=NotificationKind.ACTION_OVERDUE)
    assert overdue.filter(user__username="facilitator").count() == 1
    assert overdue.filter(user__username="quality").count() == 1
    assert Meeting.objects.filter(start_time__isnull=False).exclude(place="").count() >= 2
    client.force_login(Notification.objects.filter(user__username="facilitator").first().user)
    token = PersonalSettings.objects.get(user__username="facilitator").calendar_token
    assert token in client.get("/mijn-gegevens/").content.decode()


def test_demo_has_an_administrator_per_organisation_a_pending_invitation_and_a_login_card(db, client):
    from django.test import Client
    from django.urls import reverse

    from trajectories.management.commands.seed_demo import DEMO_CARD_CODE, DEMO_CARD_PIN
    from trajectories.models import Invitation, InvitationState, OrganisationMember, OrganisationRole

    call_command("seed_demo")
    call_command("seed_demo")
    admins = OrganisationMember.objects.filter(role=OrganisationRole.ADMIN).values_list("organisation__name", flat=True)
    assert sorted(admins) == ["Stichting Het Baken", "Zorggroep De Linde"]
    assert [i.state for i in Invitation.objects.all()] == [InvitationState.OPEN]
    http = Client()
    response = http.post(reverse("people:card_sign_in"), {"code": DEMO_CARD_CODE, "pin": DEMO_CARD_PIN})
    assert response.status_code == 302
    assert http.get(reverse("trajectories:dashboard")).status_code == 200

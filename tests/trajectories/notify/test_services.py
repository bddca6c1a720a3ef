"""Notifications without a worker: once per event and person, queued only after the commit,
the triggers, the e-mail preference, e-mails without care content, reminders of moved sessions,
and a review's result as the action's status."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests import factories
from trajectories.core import services
from trajectories.models import (
    Action,
    ActionStatus,
    EmailFrequency,
    EmailState,
    MeetingGroup,
    MemberRole,
    Notification,
    NotificationKind,
    SignoffSide,
    Step,
)
from trajectories.notify import services as notify_services
from trajectories.notify.housekeeping import housekeeping_run
from trajectories.plan import services as plan_services


def today():
    return timezone.localdate()


def with_email(*users):
    for user in users:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


def overdue(world, what="Medicijnen van meneer Jansen later geven"):
    lead = world.membership(world.facilitator)
    action = services.action_create(trajectory=world.trajectory, by=lead, what=what, owner=lead, due_date=today())
    Action.objects.filter(pk=action.pk).update(due_date=today() - datetime.timedelta(days=1))
    return action


def test_one_notification_per_event_and_person(world):
    kwargs = {"kind": NotificationKind.STEP_MOVED, "event_key": "x:1", "trajectory": world.trajectory, "target": "/"}
    first = notify_services.notify(users=[world.client, world.staff], **kwargs)
    again = notify_services.notify(users=[world.client, world.staff, world.client2], **kwargs)
    assert len(first) == 2 and [n.user for n in again] == [world.client2]
    assert Notification.objects.filter(event_key="x:1").count() == 3
    # The database itself refuses a second one (two runs at the same moment).
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(user=world.client, event_key="x:1", kind=NotificationKind.STEP_MOVED, target="/")


def test_the_email_task_is_queued_only_when_the_transaction_commits(world, django_capture_on_commit_callbacks):
    with_email(world.client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_services.notify(users=[world.client], kind=NotificationKind.STEP_MOVED, event_key="x:2",
                               trajectory=world.trajectory, target="/")
        assert DBTaskResult.objects.count() == 0
    assert len(callbacks) == 1
    callbacks[0]()
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "trajectories.notify.services.send_notification_email"


def test_a_rolled_back_change_queues_nothing(world, django_capture_on_commit_callbacks):
    with_email(world.client)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify_services.notify(users=[world.client], kind=NotificationKind.STEP_MOVED, event_key="x:3",
                                   trajectory=world.trajectory, target="/")
            raise RuntimeError("rolled back")
    assert callbacks == [] and DBTaskResult.objects.count() == 0
    assert not Notification.objects.filter(event_key="x:3").exists()


def test_the_email_preference_decides_how_it_is_sent(world):
    with_email(world.client, world.staff)
    notify_services.personal_settings_update(user=world.staff, email_frequency=EmailFrequency.DAILY)
    notify_services.personal_settings_update(user=world.client2, email_frequency=EmailFrequency.NEVER)
    made = notify_services.notify(users=[world.client, world.staff, world.client2, world.facilitator],
                                  kind=NotificationKind.STEP_MOVED, event_key="x:4", trajectory=world.trajectory,
                                  target="/")
    states = {n.user: n.email_state for n in made}
    assert states == {
        world.client: EmailState.PENDING, world.staff: EmailState.DIGEST,
        world.client2: EmailState.NOT_SENT,  # chose none
        world.facilitator: EmailState.NOT_SENT,  # has no address: the inbox only
    }


def test_an_email_carries_no_care_content_and_is_sent_once(world):
    with_email(world.facilitator)
    action = overdue(world)
    housekeeping_run()
    (notification,) = Notification.objects.filter(user=world.facilitator, kind=NotificationKind.ACTION_OVERDUE)
    assert notify_services.notification_email_send(notification_id=notification.pk) == "sent"
    assert notify_services.notification_email_send(notification_id=notification.pk) == "skipped"
    (message,) = mail.outbox
    assert world.trajectory.title in message.body and "te laat" in message.body
    assert action.what not in message.body and "Jansen" not in message.subject + message.body
    assert f"/meldingen/{notification.pk}/" in message.body


def test_the_daily_digest_sends_everything_in_one_email_once_a_day(world):
    with_email(world.staff)
    notify_services.personal_settings_update(user=world.staff, email_frequency=EmailFrequency.DAILY)
    for number in range(3):
        notify_services.notify(users=[world.staff], kind=NotificationKind.STEP_MOVED, event_key=f"d:{number}",
                               trajectory=world.trajectory, target="/")
    day = today().isoformat()
    assert notify_services.digest_send(user_id=world.staff.pk, day=day) == "sent"
    assert notify_services.digest_send(user_id=world.staff.pk, day=day) == "skipped"
    (message,) = mail.outbox
    assert message.body.count(world.trajectory.title) == 3
    assert not Notification.objects.filter(email_state=EmailState.DIGEST).exists()


def test_the_schedule_twice_makes_each_reminder_once(world):
    overdue(world)
    lead = world.membership(world.facilitator)
    staff = world.membership(world.staff)
    services.action_create(trajectory=world.trajectory, by=lead, what="Over een week", owner=staff,
                           due_date=today() + datetime.timedelta(days=7), review_date=today() + datetime.timedelta(days=7))
    services.action_create(trajectory=world.trajectory, by=lead, what="Vandaag", owner=staff, due_date=today())
    first = housekeeping_run()
    second = housekeeping_run()
    assert first["action reminders"] > 0 and second["action reminders"] == 0
    kinds = sorted(Notification.objects.filter(user=world.staff).exclude(kind=NotificationKind.INVITATION)
                   .values_list("kind", flat=True))
    assert kinds == sorted([NotificationKind.ACTION_DUE_SOON, NotificationKind.REVIEW_SOON,
                            NotificationKind.ACTION_DUE_TODAY])
    assert Notification.objects.filter(user=world.facilitator, kind=NotificationKind.ACTION_OVERDUE).count() == 1


def test_a_session_tomorrow_is_reminded_and_a_move_withdraws_the_reminder(world):
    meeting = services.meeting_create(
        trajectory=world.trajectory, by=world.facilitator, date=today() + datetime.timedelta(days=1),
        step=Step.EXPLORE, group=MeetingGroup.CLIENTS, start_time=datetime.time(10), place="Huiskamer",
    )
    housekeeping_run()
    reminded = set(Notification.objects.filter(kind=NotificationKind.SESSION_TOMORROW).values_list("user", flat=True))
    # The clients' group and the facilitator; staff do not take part in a clients' session.
    assert reminded == {world.client.pk, world.client2.pk, world.facilitator.pk}
    services.meeting_update(meeting=meeting, by=world.facilitator, start_time=datetime.time(14))
    assert not Notification.objects.filter(kind=NotificationKind.SESSION_TOMORROW, cancelled_at__isnull=True).exists()
    housekeeping_run()  # the new time gets its own reminder
    assert Notification.objects.filter(kind=NotificationKind.SESSION_TOMORROW, cancelled_at__isnull=True).count() == 3
    services.meeting_delete(meeting=meeting, by=world.facilitator)
    assert not Notification.objects.filter(kind=NotificationKind.SESSION_TOMORROW, cancelled_at__isnull=True).exists()


def test_the_triggers_of_the_steps(world):
    client, staff = world.membership(world.client), world.membership(world.staff)
    item = services.agenda_item_create(trajectory=world.trajectory, by=client, title="Rustig eten")
    services.agenda_item_share(item=item, by=client)
    assert set(Notification.objects.filter(kind=NotificationKind.AGENDA_SHARED).values_list("user", flat=True)) == {
        world.staff.pk, world.facilitator.pk}
    services.staff_summary_save(trajectory=world.trajectory, by=staff, text="Wij hoorden jullie.")
    services.staff_summary_share(trajectory=world.trajectory, by=staff)
    assert set(Notification.objects.filter(kind=NotificationKind.SUMMARY_SHARED).values_list("user", flat=True)) == {
        world.client.pk, world.client2.pk, world.facilitator.pk}
    services.step_advance(trajectory=world.trajectory, by=world.facilitator)
    moved = set(Notification.objects.filter(kind=NotificationKind.STEP_MOVED).values_list("user", flat=True))
    assert moved == {world.client.pk, world.client2.pk, world.staff.pk}  # not the facilitator who moved it


def test_a_plan_waits_for_the_other_sides_yes_and_an_invitation(world):
    lead = world.membership(world.facilitator)
    services.action_create(trajectory=world.trajectory, by=lead, what="Iets", owner=lead,
                           due_date=today() + datetime.timedelta(days=30))
    plan_services.plan_signoff(trajectory=world.trajectory, side=SignoffSide.CLIENTS,
                               member=world.membership(world.client), recorded_by=world.client)
    waiting = set(Notification.objects.filter(kind=NotificationKind.SIGNOFF_WAITING).values_list("user", flat=True))
    assert waiting == {world.staff.pk, world.facilitator.pk}
    newcomer = factories.person(world.organisation, username="nieuw")
    factories.add_member(world.trajectory, newcomer, MemberRole.STAFF, by=world.facilitator)
    assert Notification.objects.filter(user=newcomer, kind=NotificationKind.INVITATION).count() == 1


def test_a_review_result_becomes_the_actions_status(world):
    lead = world.membership(world.facilitator)
    done = services.action_create(trajectory=world.trajectory, by=lead, what="Klaar", owner=lead, due_date=today())
    stopped = services.action_create(trajectory=world.trajectory, by=lead, what="Gestopt", owner=lead, due_date=today())
    plan_services.review_create(
        trajectory=world.trajectory, by=lead, date=today(), title="Na 3 maanden",
        outcomes={done.pk: (ActionStatus.DONE, "Het is stiller aan tafel."),
                  stopped.pk: (ActionStatus.STOPPED, "Er was geen geld.")},
    )
    done.refresh_from_db()
    stopped.refresh_from_db()
    assert done.status == ActionStatus.DONE and done.status_reason == ""
    assert stopped.status == ActionStatus.STOPPED and stopped.status_reason == "Er was geen geld."


def test_a_review_that_stops_an_action_says_why(world):
    lead = world.membership(world.facilitator)
    action = services.action_create(trajectory=world.trajectory, by=lead, what="Iets", owner=lead, due_date=today())
    with pytest.raises(ValidationError) as refused:
        plan_services.review_create(trajectory=world.trajectory, by=lead, date=today(), title="Na 3 maanden",
                                    outcomes={action.pk: (ActionStatus.STOPPED, "")})
    assert refused.value.error_list[0].code == "reason"

"""The hourly housekeeping clears what has expired, and a second run finds nothing left to do."""

import datetime

from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from tests import factories
from tests.live_helpers import join, open_session
from trajectories.core import services
from trajectories.live.storage import private_storage
from trajectories.models import Export, ExportKind, JoinAttempt, LiveSession, Trajectory
from trajectories.notify.housekeeping import housekeeping_run


def test_expired_things_are_cleared_once(world, settings, capsys):
    now = timezone.now()
    storage = private_storage()
    name = storage.save("exports/old/actieplannen.pdf", ContentFile(b"%PDF-1.7\n"))
    Export.objects.create(user=world.quality, kind=ExportKind.PLANS_PDF, state="done", file=name,
                          filename="actieplannen.pdf", expires_at=now - datetime.timedelta(minutes=1))
    fresh = Export.objects.create(user=world.quality, kind=ExportKind.PLANS_PDF, expires_at=now + datetime.timedelta(days=1))
    Session.objects.create(session_key="old", session_data="", expire_date=now - datetime.timedelta(hours=1))
    Session.objects.create(session_key="new", session_data="", expire_date=now + datetime.timedelta(hours=1))
    attempt = AccessAttempt.objects.create(username="cli", ip_address="127.0.0.1", failures_since_start=3,
                                           get_data="", post_data="", http_accept="", path_info="/", user_agent="")
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=now - datetime.timedelta(days=1))
    JoinAttempt.objects.create(address_hash="x")
    JoinAttempt.objects.update(at=now - datetime.timedelta(hours=1))
    session = open_session(world)
    guest = join(session)
    LiveSession.objects.filter(pk=session.pk).update(code_expires_at=now - datetime.timedelta(minutes=5))
    closed = factories_closed_trajectory(world, days_ago=settings.PARTNER_RETENTION_DAYS + 1)

    counts = housekeeping_run()
    assert counts["expired downloads removed"] == 1 and not storage.exists(name)
    assert list(Export.objects.all()) == [fresh]
    assert set(Session.objects.values_list("session_key", flat=True)) == {"new"}
    assert not AccessAttempt.objects.exists() and not JoinAttempt.objects.exists()
    guest.user.refresh_from_db()
    assert not guest.user.is_active and LiveSession.objects.get(pk=session.pk).closed_at is not None
    assert counts["archived trajectories purged"] == 1 and not Trajectory.objects.filter(pk=closed.pk).exists()

    call_command("housekeeping")
    output = capsys.readouterr().out
    assert "expired downloads removed: 0" in output and "guest accounts ended: 0" in output
    assert "archived trajectories purged: 0" in output and "action reminders: 0" in output


def factories_closed_trajectory(world, *, days_ago):
    trajectory = factories.trajectory_for(world.facilitator, world.organisation, title="Lang geleden")
    services.trajectory_close(trajectory=trajectory, by=world.facilitator)
    Trajectory.objects.filter(pk=trajectory.pk).update(closed_at=timezone.now() - datetime.timedelta(days=days_ago))
    return trajectory

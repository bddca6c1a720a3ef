"""The hourly schedule: reminders, digests and cleaning up. Safe to run twice or at the same time.

    python manage.py housekeeping

Run it every hour (cron, a systemd timer or a Kubernetes CronJob: see the README). It queues
reminders (actions overdue or due in a week or today, review dates, sessions of tomorrow) and the
daily digests, clears expired sessions, old login-lockout and join records, expired downloads,
ends guest accounts of ended live sessions and purges closed trajectories past their retention.
"""

from django.core.management.base import BaseCommand

from trajectories.notify.housekeeping import housekeeping_run


class Command(BaseCommand):
    help = "Queue reminders and digests and clear what has expired (run hourly; idempotent)."

    def handle(self, *args, **options):
        counts = housekeeping_run()
        self.stdout.write("; ".join(f"{name}: {count}" for name, count in counts.items()))

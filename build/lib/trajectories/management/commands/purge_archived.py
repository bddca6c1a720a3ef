"""Delete closed trajectories whose retention period has passed, with everything in them.

    python manage.py purge_archived              # closed more than PARTNER_RETENTION_DAYS days ago
    python manage.py purge_archived --days 365   # another period
    python manage.py purge_archived --dry-run    # only say what would be deleted

Open trajectories are never purged. The audit trail stays as it is.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trajectories.privacy.selectors import archived_trajectories_older_than, trajectory_content_counts
from trajectories.privacy.services import trajectory_purge


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{name.replace('_', ' ')}: {count}" for name, count in counts.items())


class Command(BaseCommand):
    help = "Delete closed trajectories (with their content and photo files) closed longer ago than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (default: settings.PARTNER_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be deleted.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.PARTNER_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days cannot be negative.")
        trajectories = list(archived_trajectories_older_than(days))
        verb = "Would delete" if dry_run else "Deleted"
        totals: dict[str, int] = {}
        for trajectory in trajectories:
            label = f"“{trajectory.title}” (#{trajectory.pk}, {trajectory.organisation.name}, closed {trajectory.closed_at:%Y-%m-%d})"
            if dry_run:
                counts = trajectory_content_counts(trajectory=trajectory)
            else:
                counts = trajectory_purge(trajectory=trajectory)
            for name, count in counts.items():
                totals[name] = totals.get(name, 0) + count
            self.stdout.write(f"{verb} {label}: {_counts_text(counts)}")
        summary = f"{verb} {len(trajectories)} closed trajectories closed more than {days} days ago."
        if totals:
            summary += f" In total: {_counts_text(totals)}."
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
        if dry_run:
            self.stdout.write("Dry run: nothing was deleted.")

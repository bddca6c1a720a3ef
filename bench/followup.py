"""Background work and stored PDFs, measured as ratios in one run (issue 14).

    DJANGO_DEBUG=1 .venv/bin/python bench/followup.py [--plans 50] [--repeat 5]

Sets Django up on a throw-away SQLite file, migrates, and builds through the services:

1. the 100-action plan of ``plan_pdf.py``, agreed by both sides. Timed: its first rendering as an
   agreed version (``version_pdf_render``: renders and stores), and re-downloading it through the
   view (``GET …/actieplan/pdf/?versie=1`` with Django's test client: access check, the stored file
   read, the response). Limit: a re-download costs at most 5 % of the first rendering.
2. ``--plans`` small plans (10 actions each) of one organisation. Timed: the request that starts
   their combined export (``POST /actieplannen/pdf/maken/`` as quality staff; the task is only
   queued), the export itself (``export_run``, as the worker runs it, here in this process), and
   each plan rendered alone (the sum of the single renderings). Limits: the request answers within
   200 ms; the export takes at most 1.2 × the sum of the single renderings.

The exit status is 1 when a limit is exceeded.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plan_pdf import build_plan, setup_django  # noqa: E402


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def agree(trajectory):
    from trajectories.models import MemberRole, SignoffSide
    from trajectories.plan import services as plan_services

    client = trajectory.memberships.filter(role=MemberRole.CLIENT).first()
    staff = trajectory.memberships.filter(role=MemberRole.STAFF).first()
    plan_services.plan_signoff(trajectory=trajectory, side=SignoffSide.CLIENTS, member=client, recorded_by=client.user)
    return plan_services.plan_signoff(trajectory=trajectory, side=SignoffSide.STAFF, member=staff,
                                      recorded_by=staff.user)


def small_plans(organisation, facilitator, count: int, actions: int = 10) -> list:
    from django.utils import timezone

    from trajectories.core import services
    from trajectories.models import CareContext

    plans = []
    for number in range(count):
        trajectory = services.trajectory_create(
            organisation=organisation, by=facilitator, title=f"Traject {number + 1:02d}", subject="Eten",
            care_context=CareContext.ELDERLY,
        )
        lead = trajectory.memberships.get(user=facilitator)
        for action in range(actions):
            services.action_create(trajectory=trajectory, by=lead, what=f"Actie {action + 1} van traject {number + 1}",
                                   owner=lead, due_date=timezone.localdate() + datetime.timedelta(days=10 + action),
                                   steps="Eerst samen kijken, dan doen.")
        plans.append(trajectory)
    return plans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plans", type=int, default=50, help="plans in the combined export (default 50)")
    parser.add_argument("--repeat", type=int, default=5, help="timed re-downloads (default 5)")
    args = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as directory:
        os.environ["PARTNER_PRIVATE_MEDIA_ROOT"] = str(Path(directory) / "private")
        setup_django(Path(directory) / "bench.sqlite3")
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse
        from django.utils import translation

        from partner.pdf import render_pdf
        from trajectories.models import Export, OrganisationMember, OrganisationRole
        from trajectories.notify.exports import export_run
        from trajectories.plan.document import plan_document_context
        from trajectories.plan.stored_pdf import version_pdf_render

        settings.ALLOWED_HOSTS = ["testserver"]
        translation.activate("nl")

        # 1. An agreed version: first rendering, then re-downloads from storage.
        trajectory = build_plan()
        version = agree(trajectory)
        render_pdf("trajectories/plan/pdf.html", plan_document_context(trajectory=trajectory))  # warm up
        first, content = timed(lambda: version_pdf_render(trajectory=trajectory, number=version.number))
        reader = Client()
        reader.force_login(trajectory.memberships.filter(role="client").first().user)
        url = reverse("trajectories:plan_pdf", kwargs={"pk": trajectory.pk}) + f"?versie={version.number}"
        reader.get(url)
        downloads = []
        for _ in range(args.repeat):
            seconds, response = timed(lambda: reader.get(url))
            assert response.status_code == 200 and response.content == content
            downloads.append(seconds)
        again = statistics.median(downloads)
        share = again / first
        print(f"1. agreed version: first rendering {first * 1000:.0f} ms; re-download (median of {args.repeat}) "
              f"{again * 1000:.1f} ms = {share:.1%} of it (limit 5 %)")
        if share > 0.05:
            failures.append("re-download")

        # 2. A combined export of many plans.
        organisation = trajectory.organisation
        facilitator = trajectory.memberships.filter(role="facilitator").first().user
        plans = small_plans(organisation, facilitator, args.plans)
        quality = get_user_model().objects.create_user("quality", first_name="Kwaliteit")
        OrganisationMember.objects.create(user=quality, organisation=organisation, role=OrganisationRole.QUALITY)
        starter = Client()
        starter.force_login(quality)
        start_url = reverse("trajectories:plans_export")
        starter.post(start_url, {"traject": [plans[0].pk]})  # warm up (session, templates)
        request_seconds, response = timed(lambda: starter.post(start_url, {"traject": [p.pk for p in plans]}))
        assert response.status_code == 302, response.status_code
        export = Export.objects.filter(total=len(plans) + 1).get()
        singles = 0.0
        for plan in plans:
            seconds, _ = timed(lambda plan=plan: render_pdf("trajectories/plan/overview_pdf.html", {
                "plans": [plan_document_context(trajectory=plan)], "organisation": organisation,
            }))
            singles += seconds
        whole, outcome = timed(lambda: export_run(export_id=export.pk))
        assert outcome == "done", outcome
        print(f"2. start of the export of {len(plans)} plans: {request_seconds * 1000:.0f} ms (limit 200 ms)")
        print(f"   the export: {whole:.1f} s; {len(plans)} single renderings: {singles:.1f} s; "
              f"ratio {whole / singles:.2f} (limit 1.2)")
        if request_seconds > 0.2:
            failures.append("start request")
        if whole > 1.2 * singles:
            failures.append("export")
    if failures:
        print(f"FAIL: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

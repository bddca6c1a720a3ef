"""The participation matrix in a real browser, filled in with the keyboard only.

The facilitator records the agreement at the start and a later evaluation; quality staff then
find the shortfall in the organisation overview and in the CSV download.
"""

import csv
import datetime
import io

from django.utils import timezone

from matrix import services
from matrix.models import Assessment, Cell, GroupKind, Phase, Role
from tests.browser.pages import checked, login, tab_until, visit

SUBMIT_IN_MAIN = "el.type === 'submit' && el.closest('main') !== null"


def choose_by_keyboard(page, name: str, value: int) -> None:
    """Tab to a row of radio buttons and pick ``value`` with the arrow keys."""
    tab_until(page, f"el.name === '{name}'")
    if page.evaluate(f"document.querySelector('input[name=\"{name}\"]:checked') === null"):
        page.keyboard.press("Space")
    for _ in range(len(Role)):
        if page.evaluate(f"document.querySelector('input[name=\"{name}\"]:checked').value") == str(value):
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"could not choose {value} in {name}")


def record_by_keyboard(page, rows: dict, *, activities: dict | None = None) -> None:
    """``rows`` maps a field name to a role; fields come in page order, so Tab only moves forward."""
    activities = activities or {}
    for name, role in rows.items():
        choose_by_keyboard(page, name, role)
        if name in activities:
            tab_until(page, f"el.name === '{activities[name][0]}'")
            page.keyboard.type(activities[name][1])
    tab_until(page, SUBMIT_IN_MAIN)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked(page)


def test_a_matrix_is_agreed_checked_and_found_in_the_overview(world, open_page):
    today = timezone.localdate()
    project = services.project_create(
        organisation=world.organisation,
        by=world.facilitator,
        name="Samen koken",
        start_date=today - datetime.timedelta(days=30),
        trajectory=world.trajectory,
        groups=[(GroupKind.CLIENTS, "")],
    )
    group = project.groups.get()

    def field(phase, part):
        return f"cell-{group.pk}-{phase}-{part}"

    page = open_page()
    login(page, "fac")
    visit(page, f"/matrix/{project.pk}/")
    page.click(f"a[href$='/matrix/{project.pk}/metingen/nieuw/afspraak/']")
    page.wait_for_url(f"**/matrix/{project.pk}/metingen/nieuw/afspraak/")
    checked(page)
    agreement = {}
    for phase, (desired, agreed) in {
        Phase.PREPARATION: (Role.PARTNER, Role.ADVISER),
        Phase.EXECUTION: (Role.PARTNER, Role.PARTNER),
        Phase.IMPLEMENTATION: (Role.ADVISER, Role.ADVISER),
    }.items():
        agreement[field(phase, "desired")] = desired
        agreement[field(phase, "agreed")] = agreed
    record_by_keyboard(
        page,
        agreement,
        activities={field(Phase.EXECUTION, "agreed"): (field(Phase.EXECUTION, "activities"), "Samen het menu maken")},
    )
    first = Assessment.objects.get(project=project)
    assert page.url.endswith(f"/matrix/{project.pk}/metingen/{first.pk}/")
    assert {(c.phase, c.desired_role, c.agreed_role) for c in first.cells.all()} == {
        (Phase.PREPARATION, Role.PARTNER, Role.ADVISER),
        (Phase.EXECUTION, Role.PARTNER, Role.PARTNER),
        (Phase.IMPLEMENTATION, Role.ADVISER, Role.ADVISER),
    }
    assert first.cells.get(phase=Phase.EXECUTION).activities == "Samen het menu maken"

    # Later: the evaluation. Desired and agreed come filled in; only the actual roles are new.
    visit(page, f"/matrix/{project.pk}/metingen/nieuw/evaluatie/")
    record_by_keyboard(
        page,
        {
            field(Phase.PREPARATION, "actual"): Role.ADVISER,
            field(Phase.EXECUTION, "actual"): Role.THINKER,
            field(Phase.IMPLEMENTATION, "actual"): Role.ADVISER,
        },
    )
    evaluation = Assessment.objects.exclude(pk=first.pk).get(project=project)
    assert page.url.endswith(f"/matrix/{project.pk}/metingen/{evaluation.pk}/")
    short = Cell.objects.get(assessment=evaluation, phase=Phase.EXECUTION)
    assert (short.agreed_role, short.actual_role) == (Role.PARTNER, Role.THINKER)
    assert page.locator(".alert-warning li").count() == 1
    # The grid fits a 1280-pixel screen: nothing to scroll sideways, in the page or in the grid.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.evaluate(
        "[...document.querySelectorAll('main .table-responsive:has(.matrix-grid)'), document.documentElement]"
        ".every(el => el.scrollWidth <= el.clientWidth + 1)"
    )
    # The agreement at the start stays as it was.
    assert first.cells.get(phase=Phase.EXECUTION).actual_role is None

    # Every other page of the project passes axe too.
    for path in ("", "verloop/", "groepen/", "mensen/", "bewerken/", f"metingen/{evaluation.pk}/afdrukken/"):
        visit(page, f"/matrix/{project.pk}/{path}")
    visit(page, "/matrix/")
    visit(page, "/matrix/nieuw/")
    visit(page, f"/trajecten/{world.trajectory.pk}/")
    assert page.locator(f"main a[href$='/matrix/{project.pk}/']").count() == 1

    # Quality staff see the shortfall in the organisation overview and in the CSV.
    quality = open_page()
    login(quality, "qua")
    visit(quality, "/matrix/overzicht/")
    gap_links = quality.locator(f"main table a[href$='/matrix/{project.pk}/metingen/{evaluation.pk}/']")
    assert gap_links.count() == 1
    with quality.expect_download() as download_info:
        quality.click("a[href*='/matrix/overzicht/export.csv']")
    content = download_info.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    ours = [row for row in rows[1:] if row[1] == "Samen koken"]
    assert len(ours) == 6  # two assessments × three phases × one group
    assert {row[4] for row in ours} == {str(first.pk), str(evaluation.pk)}

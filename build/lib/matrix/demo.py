"""Demo matrices: the meal trajectory with a start agreement and an interim check that shows a
gap, and a policy project without a trajectory. Called by ``seed_demo``; idempotent."""

import datetime

from django.utils import timezone

from matrix import services
from matrix.models import AssessmentKind, GroupKind, Phase, Project, ProjectRole
from matrix.models import Role as R
from matrix.services import CellInput

MEAL_PROJECT = "Participatie in 'Eten en drinken op De Linde'"
POLICY_PROJECT = "Nieuw beleid dagbesteding"


def _cells(groups, rows):
    """``rows`` maps (group kind, phase) to (desired, agreed, actual, activities)."""
    cells = {}
    for group in groups:
        for phase in Phase:
            desired, agreed, actual, activities = rows[(group.kind, phase)]
            cells[(group.pk, phase.value)] = CellInput(
                desired_role=desired, agreed_role=agreed, actual_role=actual, activities=activities
            )
    return cells


def seed_matrix_demo(*, organisation, location, trajectory, users) -> None:
    today = timezone.localdate()
    facilitator, quality = users["facilitator"], users["quality"]
    if not Project.objects.filter(organisation=organisation, name=MEAL_PROJECT).exists():
        project = services.project_create(
            organisation=organisation,
            by=facilitator,
            name=MEAL_PROJECT,
            description="Welke rol hebben bewoners en familie bij het verbeteren van de maaltijden?",
            start_date=today - datetime.timedelta(days=90),
            location=location,
            trajectory=trajectory,
            groups=[(GroupKind.CLIENTS, ""), (GroupKind.RELATIVES, "")],
        )
        services.project_member_add(project=project, user=users["staff1"], role=ProjectRole.MEMBER, by=facilitator)
        start = {
            (GroupKind.CLIENTS, Phase.PREPARATION): (R.PARTNER, R.ADVISER, None, "Bewoners kiezen zelf de onderwerpen."),
            (GroupKind.CLIENTS, Phase.EXECUTION): (R.PARTNER, R.PARTNER, None, "Samen met de kok een proefmenu maken."),
            (GroupKind.CLIENTS, Phase.IMPLEMENTATION): (R.ADVISER, R.ADVISER, None, "Bewoners geven na een maand advies."),
            (GroupKind.RELATIVES, Phase.PREPARATION): (R.THINKER, R.THINKER, None, "Vragenlijst voor familie."),
            (GroupKind.RELATIVES, Phase.EXECUTION): (R.LISTENER, R.LISTENER, None, "Nieuwsbrief."),
            (GroupKind.RELATIVES, Phase.IMPLEMENTATION): (R.LISTENER, R.LISTENER, None, ""),
        }
        services.assessment_create(
            project=project,
            by=facilitator,
            kind=AssessmentKind.AGREEMENT,
            date=today - datetime.timedelta(days=85),
            discussed_with="Bewonersgroep afdeling 2 en de cliëntenraad",
            cells=_cells(project.groups.all(), start),
        )
        interim = {
            (GroupKind.CLIENTS, Phase.PREPARATION): (R.PARTNER, R.ADVISER, R.ADVISER, "Bewoners kozen zelf de onderwerpen."),
            (GroupKind.CLIENTS, Phase.EXECUTION): (R.PARTNER, R.PARTNER, R.THINKER, "De kok maakte het menu; bewoners mochten proeven."),
            (GroupKind.CLIENTS, Phase.IMPLEMENTATION): (R.ADVISER, R.ADVISER, R.THINKER, "Nog niet gevraagd om advies."),
            (GroupKind.RELATIVES, Phase.PREPARATION): (R.THINKER, R.THINKER, R.THINKER, "Vragenlijst ingevuld door 12 families."),
            (GroupKind.RELATIVES, Phase.EXECUTION): (R.LISTENER, R.LISTENER, R.LISTENER, "Nieuwsbrief verstuurd."),
            (GroupKind.RELATIVES, Phase.IMPLEMENTATION): (R.LISTENER, R.LISTENER, R.NOT_INVOLVED, ""),
        }
        services.assessment_create(
            project=project,
            by=facilitator,
            kind=AssessmentKind.INTERIM,
            date=today - datetime.timedelta(days=20),
            discussed_with="Bewonersgroep afdeling 2",
            note="In de uitvoering nam het team het over. Afspraak: bewoners koken mee bij de volgende proefdag.",
            cells=_cells(project.groups.all(), interim),
        )
    if not Project.objects.filter(organisation=organisation, name=POLICY_PROJECT).exists():
        project = services.project_create(
            organisation=organisation,
            by=quality,
            name=POLICY_PROJECT,
            description="Een nieuw beleid voor de dagbesteding, samen met de cliëntenraad.",
            start_date=today - datetime.timedelta(days=200),
            groups=[(GroupKind.CLIENT_COUNCIL, "")],
        )
        plan = {
            (GroupKind.CLIENT_COUNCIL, Phase.PREPARATION): (R.DIRECTOR, R.PARTNER, R.PARTNER, "De raad schreef mee aan de opdracht."),
            (GroupKind.CLIENT_COUNCIL, Phase.EXECUTION): (R.PARTNER, R.PARTNER, R.ADVISER, "Gevraagd advies op het concept."),
            (GroupKind.CLIENT_COUNCIL, Phase.IMPLEMENTATION): (R.PARTNER, R.ADVISER, R.ADVISER, "Advies over de invoering."),
        }
        agreement = {key: (desired, agreed, None, activities) for key, (desired, agreed, _a, activities) in plan.items()}
        services.assessment_create(
            project=project,
            by=quality,
            kind=AssessmentKind.AGREEMENT,
            date=today - datetime.timedelta(days=190),
            discussed_with="Cliëntenraad",
            cells=_cells(project.groups.all(), agreement),
        )
        services.assessment_create(
            project=project,
            by=quality,
            kind=AssessmentKind.EVALUATION,
            date=today - datetime.timedelta(days=10),
            discussed_with="Cliëntenraad",
            cells=_cells(project.groups.all(), plan),
        )

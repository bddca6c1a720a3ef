"""Load the demo organisations, accounts and trajectories. Safe to run again."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from matrix.demo import seed_matrix_demo
from trajectories import services
from trajectories.models import (
    ActionStatus,
    CareContext,
    Location,
    MeetingGroup,
    MemberRole,
    Organisation,
    OrganisationMember,
    OrganisationRole,
    Step,
    Theme,
    Trajectory,
)

DEMO_PASSWORD = "partner-demo"

# username: (first name, last name, organisation, organisation role, what they do in the demo)
DEMO_USERS = {
    "admin": ("Anna", "Beheer", None, None, "administrator: organisations, locations and accounts"),
    "facilitator": ("Fatima", "El Amrani", "Zorggroep De Linde", OrganisationRole.FACILITATOR, "facilitator at De Linde"),
    "client1": ("Gerda", "de Vries", "Zorggroep De Linde", OrganisationRole.MEMBER, "client (resident) at De Linde"),
    "client2": ("Henk", "Bakker", "Zorggroep De Linde", OrganisationRole.MEMBER, "client (resident) at De Linde"),
    "staff1": ("Sanne", "Visser", "Zorggroep De Linde", OrganisationRole.MEMBER, "staff member (carer) at De Linde"),
    "quality": ("Kees", "Mulder", "Zorggroep De Linde", OrganisationRole.QUALITY, "quality staff at De Linde"),
    "facilitator2": ("Joost", "Smit", "Stichting Het Baken", OrganisationRole.FACILITATOR, "facilitator at Het Baken"),
}

MEAL_TITLE = "Eten en drinken op De Linde"
HOME_TITLE = "Je thuis voelen op de Lindehof"
BAKEN_TITLE = "Gehoord worden bij Het Baken"


class Command(BaseCommand):
    help = "Create the demo data (idempotent): two organisations, demo accounts and three trajectories."

    @transaction.atomic
    def handle(self, *args, **options):
        linde, _ = Organisation.objects.get_or_create(name="Zorggroep De Linde")
        baken, _ = Organisation.objects.get_or_create(name="Stichting Het Baken")
        lindehof, _ = Location.objects.get_or_create(organisation=linde, name="Lindehof, afdeling 2")
        Location.objects.get_or_create(organisation=linde, name="De Lindeboom")
        baken_location, _ = Location.objects.get_or_create(organisation=baken, name="Beschermd wonen Zeezicht")
        organisations = {linde.name: linde, baken.name: baken}

        users = {}
        User = get_user_model()
        for username, (first, last, organisation_name, role, _about) in DEMO_USERS.items():
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                if username == "admin":
                    user.is_staff = True
                    user.is_superuser = True
                user.save()
            if organisation_name:
                OrganisationMember.objects.get_or_create(
                    user=user, defaults={"organisation": organisations[organisation_name], "role": role}
                )
            users[username] = user

        if not Trajectory.objects.filter(organisation=linde, title=MEAL_TITLE).exists():
            self._meal_trajectory(linde, lindehof, users)
        if not Trajectory.objects.filter(organisation=linde, title=HOME_TITLE).exists():
            self._home_trajectory(linde, lindehof, users)
        if not Trajectory.objects.filter(organisation=baken, title=BAKEN_TITLE).exists():
            self._baken_trajectory(baken, baken_location, users)
        seed_matrix_demo(
            organisation=linde,
            location=lindehof,
            trajectory=Trajectory.objects.get(organisation=linde, title=MEAL_TITLE),
            users=users,
        )
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def _meal_trajectory(self, organisation, location, users):
        today = timezone.localdate()
        facilitator = users["facilitator"]
        trajectory = services.trajectory_create(
            organisation=organisation,
            by=facilitator,
            title=MEAL_TITLE,
            subject="Eten en drinken",
            care_context=CareContext.ELDERLY,
            location=location,
            description=(
                "Bewoners van afdeling 2 vertellen wat een goede maaltijd voor hen is. "
                "Daarna maken zij samen met het team een plan."
            ),
            start_date=today - datetime.timedelta(days=90),
            end_date=today + datetime.timedelta(days=90),
        )
        lead = trajectory.memberships.get(user=facilitator)
        gerda = services.membership_add(trajectory=trajectory, user=users["client1"], role=MemberRole.CLIENT, by=facilitator)
        henk = services.membership_add(trajectory=trajectory, user=users["client2"], role=MemberRole.CLIENT, by=facilitator)
        sanne = services.membership_add(trajectory=trajectory, user=users["staff1"], role=MemberRole.STAFF, by=facilitator)

        services.meeting_create(
            trajectory=trajectory, by=facilitator, date=today - datetime.timedelta(days=80), step=Step.EXPLORE,
            group=MeetingGroup.CLIENTS, method="Foto's van het ideale bord en verhalen aan tafel",
            notes="Acht bewoners, twee familieleden. Iedereen kreeg een fotokaart van een maaltijd.",
        )
        services.meeting_create(
            trajectory=trajectory, by=facilitator, date=today - datetime.timedelta(days=60), step=Step.CLIENT_AGENDA,
            group=MeetingGroup.CLIENTS, method="Stickers plakken bij wat het belangrijkst is",
        )
        services.meeting_create(
            trajectory=trajectory, by=facilitator, date=today - datetime.timedelta(days=40), step=Step.STAFF,
            group=MeetingGroup.STAFF, method="Teamoverleg met de agenda van de bewoners",
            notes="Het team herkent de onrust aan tafel. Zorg over tijd bij de avondmaaltijd.",
        )
        services.meeting_create(
            trajectory=trajectory, by=facilitator, date=today - datetime.timedelta(days=14), step=Step.DIALOGUE,
            group=MeetingGroup.JOINT, method="Dialoog aan de keukentafel",
            notes="Bewoners en team aten samen en maakten afspraken.",
        )

        rust = services.topic_create(
            trajectory=trajectory, by=gerda, title="Rust aan tafel", theme=Theme.FOOD,
            story="Er lopen veel mensen in en uit tijdens het eten. Ik wil rustig kunnen eten en praten.",
        )
        kiezen = services.topic_create(
            trajectory=trajectory, by=henk, title="Zelf kiezen wat ik eet", theme=Theme.FOOD,
            story="Vroeger kookte ik zelf. Nu krijg ik een bord. Ik wil kunnen kiezen, ook de grootte.",
        )
        warm = services.topic_create(
            trajectory=trajectory, by=lead, on_behalf_of_name="Mevrouw Jansen", title="Het eten is vaak lauw",
            theme=Theme.FOOD, story="Verteld tijdens de fotobijeenkomst: als het eten komt, is het al afgekoeld.",
        )
        services.topic_create(
            trajectory=trajectory, by=gerda, title="Samen koken op zondag", theme=Theme.SOCIAL,
            story="Een keer per week samen iets lekkers maken, zoals pannenkoeken. Dat is gezellig.",
        )
        services.topic_create(
            trajectory=trajectory, by=henk, title="Niemand vraagt of het gesmaakt heeft", theme=Theme.HEARD,
            is_anonymous=True,
        )

        first = services.agenda_item_create(
            trajectory=trajectory, by=gerda, title="Rustig en gezellig samen eten",
            why="Eten is het moment van de dag waarop we samen zijn. Nu is het druk en haastig.", topics=[rust],
        )
        second = services.agenda_item_create(
            trajectory=trajectory, by=henk, title="Zelf kiezen: wat, hoeveel en wanneer",
            why="Kiezen geeft ons het gevoel dat we thuis zijn en zelf iets te zeggen hebben.",
            topics=[kiezen, warm],
        )
        services.agenda_item_create(
            trajectory=trajectory, by=gerda, title="Samen koken op zondag",
            why="Dit willen we eerst zelf nog verder uitwerken.",
        )
        services.step_advance(trajectory=trajectory, by=facilitator)
        services.agenda_item_share(item=first, by=gerda)
        services.agenda_item_share(item=second, by=henk)

        services.step_advance(trajectory=trajectory, by=facilitator)
        services.staff_reflection_create(
            trajectory=trajectory, by=sanne, agenda_item=first,
            text="Wij delen om 17.00 uur ook medicijnen uit. Daardoor lopen we heen en weer tijdens het eten.",
        )
        services.staff_reflection_create(
            trajectory=trajectory, by=sanne, agenda_item=second, is_anonymous=True,
            text="Ik vind het spannend of de keuken kleine porties kan leveren.",
        )
        services.staff_summary_save(
            trajectory=trajectory, by=sanne,
            text=(
                "We herkennen dat het onrustig is tijdens het eten. We willen de medicijnronde verplaatsen "
                "en zelf aan tafel mee-eten. Kiezen vinden we belangrijk; we zoeken uit wat de keuken kan."
            ),
        )
        services.staff_summary_share(trajectory=trajectory, by=sanne)

        services.step_advance(trajectory=trajectory, by=facilitator)
        services.dialogue_save(
            agenda_item=first, by=lead,
            heard="Bewoners voelen zich opgejaagd. Het team wil ook rust, maar heeft taken tijdens het eten.",
            agreed="Tijdens de warme maaltijd geen medicijnronde. Eén medewerker eet mee aan tafel.",
        )
        services.dialogue_save(
            agenda_item=second, by=lead,
            heard="Bewoners willen kiezen. De keuken kan twee maaltijden en drie portiegroottes leveren.",
            agreed="We proberen drie maanden een keuzemenu met kleine, gewone en grote porties.",
        )
        services.action_create(
            trajectory=trajectory, by=lead, agenda_item=first, what="Medicijnronde verplaatsen naar na de maaltijd",
            owner=sanne, due_date=today + datetime.timedelta(days=14), status=ActionStatus.IN_PROGRESS,
        )
        services.action_create(
            trajectory=trajectory, by=lead, agenda_item=first, what="Rooster maken: wie eet er mee aan tafel",
            owner=sanne, due_date=today + datetime.timedelta(days=21), status=ActionStatus.AGREED,
        )
        services.action_create(
            trajectory=trajectory, by=lead, agenda_item=second, what="Keuzemenu samen met de keuken opstellen",
            owner=henk, due_date=today + datetime.timedelta(days=30), status=ActionStatus.AGREED,
        )
        services.action_create(
            trajectory=trajectory, by=lead, agenda_item=second, what="Na een maand navragen hoe het keuzemenu bevalt",
            owner=gerda, due_date=today + datetime.timedelta(days=60),
        )

    def _home_trajectory(self, organisation, location, users):
        facilitator = users["facilitator"]
        trajectory = services.trajectory_create(
            organisation=organisation,
            by=facilitator,
            title=HOME_TITLE,
            subject="Je thuis voelen",
            care_context=CareContext.ELDERLY,
            location=location,
            description="Wat maakt dat bewoners zich hier thuis voelen, en wat niet?",
            start_date=timezone.localdate(),
        )
        gerda = services.membership_add(trajectory=trajectory, user=users["client1"], role=MemberRole.CLIENT, by=facilitator)
        services.membership_add(trajectory=trajectory, user=users["staff1"], role=MemberRole.STAFF, by=facilitator)
        services.topic_create(
            trajectory=trajectory, by=gerda, title="Mijn eigen spullen op de kamer", theme=Theme.AT_HOME,
            story="Ik wil mijn eigen stoel en foto's. Dan voelt het als mijn huis.",
        )

    def _baken_trajectory(self, organisation, location, users):
        trajectory = services.trajectory_create(
            organisation=organisation,
            by=users["facilitator2"],
            title=BAKEN_TITLE,
            subject="Gehoord en gezien worden",
            care_context=CareContext.MENTAL_HEALTH,
            location=location,
            description="Bewoners van Zeezicht verkennen wanneer zij zich gehoord voelen.",
        )
        lead = trajectory.memberships.get(user=users["facilitator2"])
        services.topic_create(
            trajectory=trajectory, by=lead, on_behalf_of_name="Bewoner kamer 4",
            title="Begeleiders die echt luisteren", theme=Theme.HEARD,
        )

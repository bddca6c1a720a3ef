"""Load the demo organisations, accounts and trajectories. Safe to run again."""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from partner.extensions import demo_data
from trajectories.core import services
from trajectories.live import services as live_services
from trajectories.models import (
    Action,
    ActionStatus,
    CareContext,
    Consent,
    ConsentKind,
    Invitation,
    LiveSession,
    Location,
    LoginCard,
    MeetingGroup,
    MemberRole,
    Method,
    Organisation,
    OrganisationMember,
    OrganisationRole,
    PersonalSettings,
    PlanSignoff,
    PlanVersion,
    SignoffSide,
    Step,
    Theme,
    Trajectory,
    TrajectoryTemplate,
)
from trajectories.notify import services as notify_services
from trajectories.notify.housekeeping import action_reminders_queue, session_reminders_queue
from trajectories.people.services import card_code_hash, token_hash
from trajectories.plan import services as plan_services
from trajectories.privacy import services as privacy_services
from trajectories.toolkit import learning_services, method_services, tailoring_services

DEMO_PASSWORD = "partner-demo"  # noqa: S105 - the documented password of the demo accounts

# username: (first name, last name, organisation, organisation role, what they do in the demo)
DEMO_USERS = {
    "admin": ("Anna", "Beheer", None, None, "administrator: organisations, locations and accounts"),
    "facilitator": ("Fatima", "El Amrani", "Zorggroep De Linde", OrganisationRole.FACILITATOR, "facilitator at De Linde"),
    "client1": ("Gerda", "de Vries", "Zorggroep De Linde", OrganisationRole.MEMBER, "client (resident) at De Linde"),
    "client2": ("Henk", "Bakker", "Zorggroep De Linde", OrganisationRole.MEMBER, "client (resident) at De Linde"),
    "staff1": ("Sanne", "Visser", "Zorggroep De Linde", OrganisationRole.MEMBER, "staff member (carer) at De Linde"),
    "quality": ("Kees", "Mulder", "Zorggroep De Linde", OrganisationRole.QUALITY, "quality staff at De Linde"),
    "facilitator2": ("Joost", "Smit", "Stichting Het Baken", OrganisationRole.FACILITATOR, "facilitator at Het Baken"),
    "beheerder": ("Bas", "de Boer", "Zorggroep De Linde", OrganisationRole.ADMIN, "organisation administrator at De Linde"),
    "beheerder2": ("Bo", "Jansen", "Stichting Het Baken", OrganisationRole.ADMIN,
                   "organisation administrator at Het Baken"),
}
# Gerda's login card in the demo (its code is documented, so it is a demo card only): scan or type
# it at /kaart/ with the PIN.
DEMO_CARD_CODE = "GRDAKAART2"
DEMO_CARD_PIN = "2580"
DEMO_INVITATION_EMAIL = "nieuwe.collega@example.org"

MEAL_TITLE = "Eten en drinken op De Linde"
# The actions of the meal trajectory's plan, agreed in the dialogue about three months ago.
PLAN_AGREED_DAYS_AGO = 100
MEDICINE = "Medicijnronde verplaatsen naar na de maaltijd"
ROSTER = "Rooster maken: wie eet er mee aan tafel"
MENU = "Keuzemenu samen met de keuken opstellen"
MENU_WITH_PHOTOS = "Keuzemenu met foto's samen met de keuken opstellen"
LATE_MEAL = "Warme maaltijd ook later op de avond aanbieden"
ASK_AROUND = "Na een maand navragen hoe het keuzemenu bevalt"
HOME_TITLE = "Je thuis voelen op de Lindehof"
BAKEN_TITLE = "Gehoord worden bij Het Baken"
LIVE_TITLE = "Bijeenkomst in de huiskamer"
CLOSED_TITLE = "Met respect op De Lindeboom"
LINDE_TEMPLATE = "De Linde: eten en drinken"


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
        meal = Trajectory.objects.get(organisation=linde, title=MEAL_TITLE)
        if not meal.plan_versions.exists():
            self._meal_plan(meal, users)
        if not Trajectory.objects.filter(organisation=linde, title=HOME_TITLE).exists():
            self._home_trajectory(linde, lindehof, users)
        home = Trajectory.objects.get(organisation=linde, title=HOME_TITLE)
        live_session = self._home_live_session(home, users)
        if not Trajectory.objects.filter(organisation=baken, title=BAKEN_TITLE).exists():
            self._baken_trajectory(baken, baken_location, users)
        self._toolkit(linde, users, meal)
        self._consents(meal, users)
        baken_trajectory = Trajectory.objects.get(organisation=baken, title=BAKEN_TITLE)
        self._follow_up(users, meal, baken_trajectory)
        self._accounts(linde, users)
        # What other apps add to the demo (the participation matrix): see partner/extensions.py.
        demo_data.collect(organisation=linde, location=lindehof, trajectory=meal, users=users)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(
            f"Live session open in '{HOME_TITLE}': join code {live_session.join_code} "
            f"(clients go to /meedoen/ and type it; the facilitator sees it on the session page)."
        )
        self.stdout.write(
            f"Gerda's login card: go to /kaart/ and type {DEMO_CARD_CODE[:4]}-{DEMO_CARD_CODE[4:]} with PIN {DEMO_CARD_PIN}."
        )

    def _accounts(self, organisation, users):
        """One pending invitation from De Linde's administrator, and Gerda's login card."""
        if not Invitation.objects.filter(email=DEMO_INVITATION_EMAIL).exists():
            Invitation.objects.create(
                organisation=organisation, email=DEMO_INVITATION_EMAIL, first_name="Noor",
                token_hash=token_hash(secrets.token_urlsafe(32)), created_by=users["beheerder"],
                expires_at=timezone.now() + datetime.timedelta(days=14),
            )
        if not LoginCard.objects.filter(user=users["client1"]).exists():
            LoginCard.objects.create(
                user=users["client1"], lookup=DEMO_CARD_CODE[:4], code_hash=card_code_hash(DEMO_CARD_CODE),
                pin_hash=make_password(DEMO_CARD_PIN), created_by=users["facilitator"],
            )

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
            start_date=today - datetime.timedelta(days=160),
            end_date=today + datetime.timedelta(days=60),
        )
        lead = trajectory.memberships.get(user=facilitator)
        gerda = services.membership_add(trajectory=trajectory, user=users["client1"], role=MemberRole.CLIENT, by=facilitator)
        henk = services.membership_add(trajectory=trajectory, user=users["client2"], role=MemberRole.CLIENT, by=facilitator)
        sanne = services.membership_add(trajectory=trajectory, user=users["staff1"], role=MemberRole.STAFF, by=facilitator)

        services.meeting_create(
            trajectory=trajectory, by=facilitator, date=today - datetime.timedelta(days=150), step=Step.EXPLORE,
            group=MeetingGroup.CLIENTS, method="Foto's van het ideale bord en verhalen aan tafel",
            notes="Acht bewoners, twee familieleden. Iedereen kreeg een fotokaart van een maaltijd.",
        )
        services.meeting_create(
            trajectory=trajectory, by=facilitator, date=today - datetime.timedelta(days=130), step=Step.CLIENT_AGENDA,
            group=MeetingGroup.CLIENTS, method="Stickers plakken bij wat het belangrijkst is",
        )
        services.meeting_create(
            trajectory=trajectory, by=facilitator, date=today - datetime.timedelta(days=115), step=Step.STAFF,
            group=MeetingGroup.STAFF, method="Teamoverleg met de agenda van de bewoners",
            notes="Het team herkent de onrust aan tafel. Zorg over tijd bij de avondmaaltijd.",
        )
        services.meeting_create(
            trajectory=trajectory, by=facilitator, date=today - datetime.timedelta(days=PLAN_AGREED_DAYS_AGO),
            step=Step.DIALOGUE,
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

    def _meal_plan(self, trajectory, users):
        """The action plan of the meal trajectory, three months on.

        Agreed by both sides, changed once and agreed again (two versions), with progress
        notes, one action done, one overdue, one stopped, and a review "Na 3 maanden".
        """
        today = timezone.localdate()
        facilitator = users["facilitator"]
        member = {m.user.username: m for m in trajectory.memberships.select_related("user")}
        lead, gerda, henk, sanne = member["facilitator"], member["client1"], member["client2"], member["staff1"]
        first, second = trajectory.agenda_items.filter(shared_at__isnull=False).order_by("position", "pk")[:2]

        def ago(days):
            return today - datetime.timedelta(days=days)

        def days_from_now(days):
            return today + datetime.timedelta(days=days)

        # what: (agenda item, owner, together with, concrete steps, due date, review date)
        plan = {
            MEDICINE: (
                first, sanne, [],
                "Met de apotheek en de arts nieuwe tijden afspreken\n"
                "De nieuwe tijden in het zorgdossier zetten\n"
                "Bewoners en familie vertellen wat er verandert",
                ago(70), None,
            ),
            ROSTER: (
                first, sanne, [gerda],
                "Elke dag één medewerker inroosteren die mee-eet\n"
                "Gerda vraagt aan tafel hoe het bevalt",
                ago(20), days_from_now(14),
            ),
            MENU: (
                second, henk, [sanne],
                "Met de kok twee maaltijden per dag kiezen\n"
                "Drie portiegroottes: klein, gewoon en groot\n"
                "Bewoners proeven mee voordat het menu begint",
                days_from_now(14), days_from_now(30),
            ),
            LATE_MEAL: (
                second, sanne, [],
                "Met de keuken bespreken of een warme maaltijd om 19.00 uur kan",
                ago(50), None,
            ),
            ASK_AROUND: (
                second, gerda, [henk],
                "Aan tafel en bij het koffie-uur vragen hoe het keuzemenu bevalt\n"
                "Wat bewoners zeggen meenemen naar de evaluatie",
                days_from_now(21), days_from_now(21),
            ),
        }
        actions = {}
        for what, (item, owner, together, steps, due, review) in plan.items():
            # The service only takes dates from today on; the real ones are set below.
            fields = dict(
                what=what, agenda_item=item, owner=owner, co_owners=together, steps=steps,
                due_date=max(due, today), review_date=review,
            )
            action = trajectory.actions.filter(what=what).first()
            if action is None:
                actions[what] = services.action_create(trajectory=trajectory, by=lead, **fields)
            else:  # a demo loaded before plans had steps and co-owners
                actions[what] = services.action_update(action=action, by=lead, status=action.status, **fields)
        # Demo only: the plan was made three months ago, so some due dates lie in the past. The
        # service refuses a past date for a new action (rightly), so the dates are set directly.
        for what, (_item, _owner, _together, _steps, due, _review) in plan.items():
            Action.objects.filter(pk=actions[what].pk).update(due_date=due)
            actions[what].refresh_from_db()

        # Version 1: Gerda agrees for the clients and Sanne for staff, in the room, recorded by
        # the facilitator. Proposed actions become agreed.
        for side, person in ((SignoffSide.CLIENTS, gerda), (SignoffSide.STAFF, sanne)):
            plan_services.plan_signoff(trajectory=trajectory, side=side, member=person, recorded_by=facilitator)
        self._backdate_version(trajectory, number=1, days_ago=PLAN_AGREED_DAYS_AGO)

        notes = [
            (MEDICINE, sanne, 85, "De apotheek is akkoord: de medicijnen komen voortaan om 18.30 uur, na het eten."),
            (MEDICINE, sanne, 70, "Sinds deze week geen medicijnronde meer tijdens de warme maaltijd."),
            (ROSTER, gerda, 60, "Ik heb aan tafel gevraagd wie het fijn vindt als er iemand meeëet. Bijna iedereen."),
            (MENU, henk, 55, "Met de kok gepraat. Twee maaltijden per dag kan. De foto's maken we zelf."),
            (LATE_MEAL, lead, 50, "De keuken kan na 18.00 uur geen warme maaltijd leveren. Zie de reden bij de actie."),
            (ROSTER, sanne, 25, "Het rooster is half klaar. Op woensdag en zondag eet er nog niemand mee."),
            (MENU, sanne, 10, "De menukaart met foto's hangt bij de keuken. Kleine porties worden vaak gekozen."),
        ]
        for what, by, days, text in notes:
            plan_services.action_progress_add(action=actions[what], by=by, date=ago(days), text=text)

        def update(key, **changes):
            action = actions[key]
            fields = dict(
                what=action.what, agenda_item=action.agenda_item, owner=action.owner,
                co_owners=list(action.co_owners.all()), steps=action.steps, due_date=action.due_date,
                status=action.status, status_reason=action.status_reason, review_date=action.review_date,
            )
            fields.update(changes)
            actions[fields["what"]] = services.action_update(action=action, by=lead, **fields)

        # Following up only changes a status: the agreed plan stays the same version.
        update(MEDICINE, status=ActionStatus.DONE)
        update(ROSTER, status=ActionStatus.IN_PROGRESS)
        update(MENU, status=ActionStatus.IN_PROGRESS)
        update(
            LATE_MEAL, status=ActionStatus.STOPPED,
            status_reason=(
                "De keuken kan na 18.00 uur geen warme maaltijd meer leveren. "
                "In plaats daarvan kan iedereen tot 20.00 uur een broodmaaltijd krijgen."
            ),
        )
        # Changing what was agreed makes the plan a new draft, version 2 ...
        update(MENU, what=MENU_WITH_PHOTOS)
        actions[MENU] = actions[MENU_WITH_PHOTOS]
        # ... which both sides agree to again.
        for side, person in ((SignoffSide.CLIENTS, gerda), (SignoffSide.STAFF, sanne)):
            plan_services.plan_signoff(trajectory=trajectory, side=side, member=person, recorded_by=facilitator)
        self._backdate_version(trajectory, number=2, days_ago=40)

        plan_services.review_create(
            trajectory=trajectory,
            by=lead,
            date=today,
            title="Na 3 maanden",
            summary=(
                "Het is rustiger aan tafel: er is geen medicijnronde meer tijdens het eten. Bewoners kiezen zelf "
                "uit twee maaltijden en drie portiegroottes. Meeëten lukt nog niet elke dag."
            ),
            outcomes={
                actions[MEDICINE].pk: (
                    ActionStatus.DONE, "Bewoners eten rustiger. Niemand loopt meer met de medicijnkar langs de tafel."
                ),
                actions[ROSTER].pk: (
                    ActionStatus.IN_PROGRESS,
                    "Op vier dagen eet er iemand van het team mee. Bewoners vinden dat gezellig "
                    "en willen het elke dag.",
                ),
                actions[MENU].pk: (
                    ActionStatus.IN_PROGRESS,
                    "Bewoners kiezen zelf. Henk: 'Eindelijk een klein bord als ik weinig trek heb.'",
                ),
                actions[LATE_MEAL].pk: (
                    ActionStatus.STOPPED,
                    "Later warm eten lukt niet. Wel kan iedereen tot 20.00 uur een broodmaaltijd krijgen.",
                ),
                actions[ASK_AROUND].pk: (ActionStatus.AGREED, ""),
            },
        )

    @staticmethod
    def _backdate_version(trajectory, *, number, days_ago):
        """Demo only: the services stamp the current time; this plan was agreed in the past."""
        moment = timezone.now() - datetime.timedelta(days=days_ago)
        version = PlanVersion.objects.get(trajectory=trajectory, number=number)
        PlanVersion.objects.filter(pk=version.pk).update(created_at=moment, agreed_at=moment)
        PlanSignoff.objects.filter(version=version).update(at=moment)

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

    def _consents(self, trajectory, users):
        """What the meal trajectory's clients agreed to: both take part; Gerda's photos may be used."""
        if Consent.objects.filter(membership__trajectory=trajectory).exists():
            return
        member = {m.user.username: m for m in trajectory.memberships.select_related("user")}
        wanted = [("client1", ConsentKind.PARTICIPATION), ("client1", ConsentKind.PHOTOS),
                  ("client2", ConsentKind.PARTICIPATION)]
        for username, kind in wanted:
            privacy_services.consent_give(membership=member[username], kind=kind, by=users["facilitator"])

    def _toolkit(self, organisation, users, meal):
        """The starting library and templates, methods in the meal trajectory's sessions, a closed
        trajectory with goals, a report and lessons learned, and a template of De Linde."""
        facilitator = users["facilitator"]
        method_services.starting_library_sync()
        tailoring_services.starting_templates_sync()
        library = {method.builtin_key: method for method in Method.objects.filter(organisation__isnull=True)}
        planned = {
            Step.EXPLORE: ["photovoice", "ideal-day-or-meal"],
            Step.CLIENT_AGENDA: ["sticker-vote"],
            Step.STAFF: ["mirror-conversation"],
            Step.DIALOGUE: ["kitchen-table-dialogue", "pictogram-action-plan"],
        }
        for meeting in meal.meetings.all():
            if not meeting.planned_methods.exists():
                services.meeting_update(
                    meeting=meeting, by=facilitator, methods=[library[key] for key in planned[meeting.step]]
                )
        if not meal.participant_groups:
            tailoring_services.trajectory_tailor(
                trajectory=meal, by=facilitator, participant_groups=["clients", "relatives", "staff"],
                step_texts={
                    "1": "Bewoners vertellen met foto's wat voor hen een goede maaltijd is.",
                    "4": "Bewoners en team eten samen en maken aan tafel afspraken.",
                },
            )
        if not TrajectoryTemplate.objects.filter(organisation=organisation, name=LINDE_TEMPLATE).exists():
            tailoring_services.template_from_trajectory(trajectory=meal, by=facilitator, name=LINDE_TEMPLATE)
        if not Trajectory.objects.filter(organisation=organisation, title=CLOSED_TITLE).exists():
            self._closed_trajectory(organisation, users, library)

    def _closed_trajectory(self, organisation, users, library):
        """Last year's trajectory about how residents are treated: closed, with lessons learned."""
        facilitator = users["facilitator"]
        location = Location.objects.get(organisation=organisation, name="De Lindeboom")
        start = timezone.localdate() - datetime.timedelta(days=400)
        trajectory = tailoring_services.trajectory_create_from_template(
            template=TrajectoryTemplate.objects.get(builtin_key="elderly-care"), organisation=organisation,
            by=facilitator, title=CLOSED_TITLE, start_date=start, location=location,
        )
        lead = trajectory.memberships.get(user=facilitator)
        gerda = services.membership_add(trajectory=trajectory, user=users["client1"], role=MemberRole.CLIENT,
                                        by=facilitator)
        sanne = services.membership_add(trajectory=trajectory, user=users["staff1"], role=MemberRole.STAFF,
                                        by=facilitator)
        goal = learning_services.goal_create(trajectory=trajectory, by=gerda, text="Dat ze vragen hoe het met me gaat.")
        learning_services.goal_create(trajectory=trajectory, by=lead, group="joint",
                                      text="Met respect met elkaar omgaan, ook als het druk is.")
        topic = services.topic_create(trajectory=trajectory, by=gerda, title="Aankloppen voor je binnenkomt",
                                      theme=Theme.TREATMENT, story="Soms staat er ineens iemand in mijn kamer.")
        item = services.agenda_item_create(trajectory=trajectory, by=gerda, title="Eerst kloppen, dan wachten",
                                           why="Mijn kamer is mijn huis.", topics=[topic])
        for _ in range(3):
            services.step_advance(trajectory=trajectory, by=facilitator)
        services.agenda_item_share(item=item, by=gerda)
        services.dialogue_save(agenda_item=item, by=lead, heard="Medewerkers merkten het niet op.",
                               agreed="Iedereen klopt en wacht even. Een bordje op de deur helpt.")
        action = services.action_create(
            trajectory=trajectory, by=lead, what="Bordjes 'even niet storen' voor elke kamer", owner=sanne,
            due_date=timezone.localdate(), agenda_item=item,
        )
        services.action_update(action=action, by=lead, what=action.what, owner=sanne, due_date=action.due_date,
                               status=ActionStatus.DONE, agenda_item=item)
        learning_services.goal_evaluate(goal=goal, by=gerda, outcome="achieved", note="Ze kloppen nu bijna altijd.")
        learning_services.evaluation_report_save(
            trajectory=trajectory, by=facilitator,
            aim="Bewoners van De Lindeboom wilden met respect behandeld worden in hun eigen kamer.",
            methods="Vijf bijeenkomsten: verhalen en foto's, de ideale dag, stickers, teamoverleg en een dialoog aan tafel.",
            results="Eén agendapunt gedeeld; één actie afgesproken en uitgevoerd.",
            outcomes="Medewerkers kloppen en wachten. Bewoners voelen zich meer thuis in hun kamer.",
            reflection="Het teamoverleg kwam laat; de nachtdienst was er niet bij. Volgende keer eerder plannen.",
        )
        services.trajectory_close(trajectory=trajectory, by=facilitator)
        learning_services.lesson_create(
            trajectory=trajectory, by=facilitator,
            what_worked="Foto's van de eigen kamer maakten het gesprek makkelijk. Samen eten gaf een gelijkwaardige sfeer.",
            what_did_not="De nachtdienst was niet bij het teamoverleg. Bewoners met weinig energie haakten na een uur af.",
            what_changed="Medewerkers kloppen en wachten. Bewoners zeggen dat ze zich meer thuis voelen.",
            advice="Plan bijeenkomsten van hoogstens een uur en nodig de nachtdienst apart uit.",
            themes=["treatment", "at_home"],
            method_ratings={library["photovoice"]: 5, library["kitchen-table-dialogue"]: 4, library["sticker-vote"]: 3},
        )

    def _home_live_session(self, trajectory, users):
        """An open live session with a working join code, a topic typed in for a client and a guest.

        Run again on a later day, the code is renewed when it has expired.
        """
        facilitator = users["facilitator"]
        session = LiveSession.objects.filter(trajectory=trajectory, closed_at__isnull=True).first()
        if session is None:
            session = live_services.live_session_open(
                trajectory=trajectory, by=facilitator, title=LIVE_TITLE, dots_per_client=3, max_dots_per_topic=2
            )
            lead = trajectory.memberships.get(user=facilitator)
            services.topic_create(
                trajectory=trajectory, by=lead, on_behalf_of_name="Meneer De Boer", title="Een plek voor mijn kat",
                theme=Theme.AT_HOME, story="Mijn kat woont nu bij mijn dochter. Ik mis hem elke dag.",
                live_session=session,
            )
            guest = live_services.live_session_join(session=session, name="Truus", anonymous=False)
            services.topic_create(
                trajectory=trajectory, by=guest, title="Zelf bepalen wanneer ik opsta", theme=Theme.AT_HOME,
                story="Thuis sliep ik altijd uit. Hier word ik om half acht gewekt.", live_session=session,
            )
        elif session.code_expires_at is None or session.code_expires_at <= timezone.now():
            session = live_services.live_code_renew(session=session, by=facilitator)
        return session

    def _follow_up(self, users, meal, baken):
        """Sessions with times and places (one tomorrow in each organisation), e-mail addresses for
        the professionals, a calendar address for everyone, and the reminders of today (the meal
        plan has an overdue action): the same as the hourly schedule makes. Idempotent."""
        today = timezone.localdate()
        for username in ("facilitator", "staff1", "quality", "facilitator2"):
            user = users[username]
            if not user.email:
                user.email = f"{username}@partner.example"
                user.save(update_fields=["email"])
        for meeting in meal.meetings.filter(start_time__isnull=True):
            services.meeting_update(meeting=meeting, by=users["facilitator"], start_time=datetime.time(10),
                                    end_time=datetime.time(11, 30), place="Huiskamer afdeling 2")
        for trajectory, facilitator, title, place in (
            (meal, users["facilitator"], "Terugkijken: hoe gaat het aan tafel?", "Huiskamer afdeling 2"),
            (baken, users["facilitator2"], "Gehoord worden: samen verder", "Ontmoetingsruimte Zeezicht"),
        ):
            if not trajectory.meetings.filter(title=title).exists():
                services.meeting_create(
                    trajectory=trajectory, by=facilitator, date=today + datetime.timedelta(days=1),
                    step=trajectory.current_step, group=MeetingGroup.JOINT, title=title,
                    start_time=datetime.time(14), end_time=datetime.time(15, 30), place=place,
                )
        for user in users.values():
            if not PersonalSettings.objects.filter(user=user).exclude(calendar_token="").exists():
                notify_services.calendar_token_renew(user=user)
        action_reminders_queue(today=today)
        session_reminders_queue(today=today)

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

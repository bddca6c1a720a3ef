from django.contrib.auth import authenticate
from django.core.management import call_command

from trajectories.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS
from trajectories.models import AgendaItem, Organisation, StaffSummary, Topic, Trajectory


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

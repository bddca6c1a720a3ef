"""Rows for the query-count tests of the trajectory's pages (core) and the action plan (plan): each
builder makes ``n`` rows through the services and factories and returns a text that only shows when
the last row really renders."""

import datetime

from django.utils import timezone

from tests import factories
from trajectories.core import services


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def shared_items(world, n):
    """``n`` agenda items shared with staff (and one still private), about one topic."""
    gerda = world.membership(world.client)
    topic = factories.topic(world.trajectory, gerda)
    items = []
    for i in range(1, n + 1):
        item = services.agenda_item_create(
            trajectory=world.trajectory, by=gerda, title=f"Gedeeld punt {i:02d}", why=f"Waarom {i}", topics=[topic]
        )
        items.append(services.agenda_item_share(item=item, by=gerda))
    # A private item must not change anything for staff.
    services.agenda_item_create(trajectory=world.trajectory, by=gerda, title="Nog privé")
    return items


def build_dialogue(world, n):
    lead = world.membership(world.facilitator)
    owners = [lead, world.membership(world.staff), world.membership(world.client), world.membership(world.client2)]
    items = shared_items(world, n)
    for i, item in enumerate(items, start=1):
        if i % 2:
            services.dialogue_save(agenda_item=item, by=lead, heard=f"Gehoord {i:02d}", agreed=f"Afgesproken {i:02d}")
        services.action_create(
            trajectory=world.trajectory,
            by=lead,
            what=f"Actie {i:02d}",
            owner=owners[i % len(owners)],
            due_date=in_days(i),
            agenda_item=item,
        )
        # Actions that belong to no agenda item ("other actions").
        services.action_create(
            trajectory=world.trajectory, by=lead, what=f"Losse actie {i:02d}", owner=owners[(i + 1) % len(owners)],
            due_date=in_days(i),
        )
    services.staff_summary_save(trajectory=world.trajectory, by=world.membership(world.staff), text="Samenvatting")
    services.staff_summary_share(trajectory=world.trajectory, by=world.membership(world.staff))
    return f"Actie {n:02d}"

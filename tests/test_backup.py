"""Backup and restore as the README describes it: ``pg_dump -Fc``, ``pg_restore`` into an empty
database, and the private photo folder as an archive next to it.

The test fills the test database through the services (every step, the action plan with its
agreement, a participation matrix, a photo, the audit trail), dumps it, restores it into a fresh
database and checks that every row of every model came back unchanged, that the restored database
still works (its sequences continue after the last row, the audit trail is still append-only), and
that the photos came back byte for byte. PostgreSQL only: the backup tools are PostgreSQL's.
"""

import copy
import datetime
import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.urls import reverse
from django.utils import timezone

from matrix.models import AssessmentKind
from tests import factories
from tests.live_helpers import photo_bytes
from tests.matrix.helpers import assess, make_project
from trajectories.core import services
from trajectories.live.photos import process_photo
from trajectories.models import (
    Action,
    ActionProgress,
    AgendaItem,
    AuditEvent,
    Dialogue,
    Meeting,
    MeetingGroup,
    PlanSignoff,
    PlanVersion,
    Review,
    StaffReflection,
    StaffSummary,
    Step,
    Theme,
    Topic,
    TopicPhoto,
)
from trajectories.plan import services as plan_services

# The apps whose rows must survive a backup: all PARTNER content, the accounts and who may see what.
APPS = ("trajectories", "matrix", "auth", "guardian", "contenttypes")
TOOLS = ("pg_dump", "pg_restore", "createdb", "dropdb")


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def postgres_environment(settings_dict: dict) -> dict:
    """The connection of ``settings_dict`` for PostgreSQL's command-line tools (PG* variables)."""
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def run(*command: str, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}"
    return result


def sha256_of_folder(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def fill_the_database(world, client_for):
    """A trajectory with content in every step, an agreed action plan, a matrix and a photo."""
    trajectory = world.trajectory
    lead = world.membership(world.facilitator)
    gerda, henk = world.membership(world.client), world.membership(world.client2)
    sanne = world.membership(world.staff)

    photo = process_photo(SimpleUploadedFile("soep.jpg", photo_bytes(size=(800, 600)), content_type="image/jpeg"))
    soup = services.topic_create(
        trajectory=trajectory, by=gerda, title="Lauwe soep", theme=Theme.FOOD, story="Altijd lauw.", photo=photo
    )
    quiet = factories.topic(trajectory, henk, title="Rust aan tafel", is_anonymous=True)
    services.topic_create(
        trajectory=trajectory, by=lead, title="Zelf opscheppen", theme=Theme.FOOD, on_behalf_of_name="Mevrouw Jansen"
    )

    warm = services.agenda_item_create(trajectory=trajectory, by=gerda, title="Warm eten", why="Lauw is niet lekker.",
                                       topics=[soup])
    rest = services.agenda_item_create(trajectory=trajectory, by=henk, title="Rustig eten", topics=[quiet])
    services.agenda_item_create(trajectory=trajectory, by=henk, title="Nog privé")
    services.agenda_item_update(item=warm, by=gerda, title="Warm eten, ook 's avonds", why="Lauw is niet lekker.",
                                topics=[soup], expected_version=0)
    services.agenda_item_move(item=rest, by=henk, direction="up")
    for item in (warm, rest):
        services.agenda_item_share(item=item, by=gerda)

    services.staff_reflection_create(trajectory=trajectory, by=sanne, text="Wij herkennen dit.", agenda_item=warm)
    services.staff_summary_save(trajectory=trajectory, by=sanne, text="De medicijnronde stoort het eten.")
    services.staff_summary_share(trajectory=trajectory, by=sanne)
    services.dialogue_save(agenda_item=warm, by=lead, heard="Het is druk om vijf uur.", agreed="Later eten.")

    action = services.action_create(
        trajectory=trajectory, by=lead, agenda_item=warm, what="Medicijnronde verplaatsen", owner=sanne,
        co_owners=[gerda], due_date=days(14), steps="Apotheek bellen\nRooster aanpassen", review_date=days(30),
    )
    other = services.action_create(trajectory=trajectory, by=lead, what="Keuzemenu maken", owner=henk,
                                   due_date=days(30))
    for side, member in (("clients", gerda), ("staff", sanne)):
        plan_services.plan_signoff(trajectory=trajectory, side=side, member=member, recorded_by=world.facilitator)
    action = services.action_update(
        action=Action.objects.get(pk=action.pk), by=lead, what=action.what, owner=sanne, co_owners=[gerda],
        due_date=action.due_date, status="in_progress", agenda_item=warm, steps=action.steps,
        review_date=action.review_date, expected_version=1,
    )
    plan_services.action_progress_add(action=action, by=sanne, date=days(0), text="Apotheek gebeld.")
    plan_services.review_create(
        trajectory=trajectory, by=lead, date=days(0), title="Na 3 maanden", summary="Rustiger aan tafel.",
        outcomes={action.pk: ("in_progress", "Minder onrust"), other.pk: ("agreed", "")},
    )
    services.meeting_create(
        trajectory=trajectory, by=world.facilitator, date=days(3), step=Step.DIALOGUE, group=MeetingGroup.JOINT,
    )

    project = make_project(world, trajectory=trajectory, groups=(("clients", ""), ("other", "Bewonerspanel")))
    assess(project, AssessmentKind.AGREEMENT, by=world.facilitator, date=days(-30), activities="Meedenken")
    assess(project, AssessmentKind.INTERIM, by=world.facilitator, date=days(-1), note="Tussenstand")

    # Reading pages writes the audit trail.
    for user, name in ((world.facilitator, "dialogue"), (world.client, "agenda"), (world.staff, "staff")):
        assert client_for(user).get(reverse(f"trajectories:{name}", kwargs={"pk": trajectory.pk})).status_code == 200


def rows(database, sql: str, params=()) -> list[tuple]:
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def table_sizes(database) -> dict[str, int]:
    tables = [name for (name,) in rows(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    return {table: rows(database, f'SELECT count(*) FROM "{table}"')[0][0] for table in sorted(tables)}


def models_to_compare():
    models = []
    for label in APPS:
        models += apps.get_app_config(label).get_models(include_auto_created=True)
    return models


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_every_photo(world, client_for, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Backup and restore use pg_dump and pg_restore: this test needs PostgreSQL (set DATABASE_URL).")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"The PostgreSQL client tools are not installed: {', '.join(missing)}.")

    fill_the_database(world, client_for)
    # Every kind of content is really there, so an empty table cannot pass by accident.
    for model in (Topic, TopicPhoto, AgendaItem, StaffReflection, StaffSummary, Dialogue, Action, ActionProgress,
                  PlanVersion, PlanSignoff, Review, Meeting, AuditEvent):
        assert model.objects.exists(), f"no {model.__name__} to back up"

    source = connection.settings_dict
    env = postgres_environment(source)
    dump = tmp_path / "partner.dump"
    media = Path(settings.PRIVATE_MEDIA_ROOT)
    media_archive = tmp_path / "private-media.tar.gz"
    restored_name = f"partner_restore_{uuid.uuid4().hex[:12]}"

    # The backup: the database in custom format, and the photo folder as an archive.
    run("pg_dump", "--format=custom", "--file", str(dump), source["NAME"], env=env)
    run("tar", "--create", "--gzip", "--file", str(media_archive), "--directory", str(media.parent), media.name,
        env=env)
    # Checking the backup without restoring it: the archive reads and lists the tables.
    listing = run("pg_restore", "--list", str(dump), env=env).stdout
    assert "TABLE DATA public trajectories_action " in listing and "TABLE DATA public matrix_assessment " in listing
    assert "TRIGGER public trajectories_auditevent trajectories_auditevent_append_only" in listing

    run("createdb", "--template=template0", restored_name, env=env)
    # Its own connection, outside Django's list of databases (which the test case guards).
    wrapper = type(connections[DEFAULT_DB_ALIAS])
    restored = wrapper({**copy.deepcopy(source), "NAME": restored_name}, alias="restored_backup")
    try:
        run("pg_restore", "--exit-on-error", "--no-owner", "--dbname", restored_name, str(dump), env=env)

        # Every row of every model is back, unchanged: the same query, column by column, on both.
        compared = 0
        for model in models_to_compare():
            sql, params = model._base_manager.order_by("pk").query.sql_with_params()
            original, copied = rows(connection, sql, params), rows(restored, sql, params)
            assert copied == original, f"{model._meta.label} differs after the restore"
            compared += len(original)
        assert compared > 200
        # And every other table (sessions, login attempts, migrations) has as many rows.
        assert table_sizes(restored) == table_sizes(connection)

        # The restored database works on: new rows continue after the last one (the sequences came
        # along), and the audit trail is still append-only.
        sequences = "SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename"
        assert rows(restored, sequences) == rows(connection, sequences)
        with pytest.raises(DatabaseError, match="append-only"):
            with restored.cursor() as cursor:
                cursor.execute("UPDATE trajectories_auditevent SET path = 'changed'")
        assert rows(restored, "SELECT count(*) FROM trajectories_auditevent WHERE path = 'changed'") == [(0,)]
    finally:
        try:
            restored.close()
        finally:
            run("dropdb", "--if-exists", "--force", restored_name, env=env)

    # The photos come back byte for byte from their archive.
    restored_media = tmp_path / "restored"
    restored_media.mkdir()
    run("tar", "--extract", "--gzip", "--file", str(media_archive), "--directory", str(restored_media), env=env)
    originals = sha256_of_folder(media)
    assert originals, "no photo was stored"
    assert sha256_of_folder(restored_media / media.name) == originals
    photo = TopicPhoto.objects.get()
    assert (restored_media / media.name / photo.file.name).read_bytes() == (media / photo.file.name).read_bytes()

"""Shared setup for the live-session tests: an open session, guests, photos with EXIF/GPS data, and
gunicorn (``bench/live_load.py``) serving the test database."""

import contextlib
import io
import time
import urllib.parse

from django.db import connection
from PIL import Image

from bench import live_load
from trajectories.core import services
from trajectories.live import services as live_services
from trajectories.models import Theme

GPS_IFD = 0x8825
EXIF_MAKE = 0x010F
EXIF_MODEL = 0x0110


def open_session(world, **fields):
    fields.setdefault("title", "Bijeenkomst in de huiskamer")
    return live_services.live_session_open(trajectory=world.trajectory, by=world.facilitator, **fields)


def join(session, name="Bep", anonymous=False):
    return live_services.live_session_join(session=session, name=name, anonymous=anonymous)


def topic(world, by, session=None, **fields):
    fields.setdefault("title", "Rust aan tafel")
    fields.setdefault("theme", Theme.FOOD)
    return services.topic_create(trajectory=world.trajectory, by=by, live_session=session, **fields)


def photo_bytes(*, size=(2400, 1800), fmt="JPEG", gps=True, color="orange") -> bytes:
    """A photo as a phone makes it: with the place (GPS) and the device in its EXIF data."""
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    if fmt == "JPEG":
        exif = Image.Exif()
        exif[EXIF_MAKE] = "PhoneMaker"
        exif[EXIF_MODEL] = "Phone 12"
        if gps:
            exif[GPS_IFD] = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (4.0, 53.0, 10.0)}
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


def exif_of(data: bytes):
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif()


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for another process that reaches the same (test) database."""
    user = urllib.parse.quote(settings_dict.get("USER") or "", safe="")
    password = urllib.parse.quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{urllib.parse.quote(settings_dict['NAME'], safe='')}"


@contextlib.contextmanager
def gunicorn_on_the_test_database(**options):
    """gunicorn as in production (``bench/live_load.start_gunicorn``) on this process's test database.

    Afterwards it waits until the database sessions gunicorn opened have really ended, so neither
    the flush after the test nor dropping the test database at the end of the run finds them.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        (started,) = cursor.fetchone()
    with live_load.start_gunicorn(database_url(connection.settings_dict), **options) as server:
        yield server
    deadline = time.monotonic() + 15
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND backend_start >= %s",
                [started],
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)

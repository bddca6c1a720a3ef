"""Shared setup for the live-session tests: an open session, guests, and photos with EXIF/GPS data."""

import io

from PIL import Image

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

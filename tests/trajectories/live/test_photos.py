"""Photos with a topic: only real images, upright, scaled down, and without EXIF, GPS or comments."""

import io
import os
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from PIL import Image

from tests.live_helpers import GPS_IFD, exif_of, open_session, photo_bytes
from trajectories.core import services
from trajectories.live import photos
from trajectories.live.photos import process_photo
from trajectories.models import ConsentKind, Theme, Topic
from trajectories.privacy import services as privacy_services

ORIENTATION = 0x0112


@pytest.fixture
def world(module_world):
    """One world for the module, each test in a transaction of its own (``tests/conftest.py``)."""
    return module_world


def upload(data: bytes, name="foto.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_gps_and_device_data_are_removed(settings):
    original = photo_bytes(size=(4000, 3000))
    assert exif_of(original).get_ifd(GPS_IFD)
    cleaned = process_photo(upload(original))
    assert len(exif_of(cleaned.content)) == 0
    assert b"PhoneMaker" not in cleaned.content
    assert (cleaned.width, cleaned.height) == (settings.PHOTO_MAX_SIDE, settings.PHOTO_MAX_SIDE * 3 // 4)
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.format == "JPEG"
        assert "exif" not in image.info and "comment" not in image.info


def test_a_sideways_phone_photo_is_turned_upright():
    image = Image.new("RGB", (300, 200), "blue")
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was held on its side
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    cleaned = process_photo(upload(buffer.getvalue()))
    assert (cleaned.width, cleaned.height) == (200, 300)


def test_a_transparent_png_becomes_a_jpeg_on_white():
    image = Image.new("RGBA", (100, 100), (255, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    cleaned = process_photo(upload(buffer.getvalue(), "plaatje.png"))
    with Image.open(io.BytesIO(cleaned.content)) as result:
        assert result.mode == "RGB"
        assert result.getpixel((50, 50)) == pytest.approx((255, 255, 255), abs=3)


def test_a_small_photo_is_not_enlarged():
    cleaned = process_photo(upload(photo_bytes(size=(640, 480))))
    assert (cleaned.width, cleaned.height) == (640, 480)


@pytest.mark.parametrize(
    "data, code",
    [
        (b"GIF89a but not really", "invalid"),
        (photo_bytes(size=(400, 300))[:200], "invalid"),  # a photo cut off halfway
        (b"", "empty"),
        (b"%PDF-1.7 a document", "invalid"),
        (photo_bytes(size=(200, 200), fmt="TIFF"), "format"),
        (photo_bytes(size=(10, 400), fmt="PNG"), "small"),
    ],
    ids=["not-an-image", "truncated", "empty", "pdf", "tiff", "too-thin"],
)
def test_what_is_not_a_usable_photo_is_refused(data, code):
    with pytest.raises(ValidationError) as error:
        process_photo(upload(data))
    assert error.value.code == code


def test_a_decompression_bomb_is_refused(settings):
    settings.PHOTO_MAX_PIXELS = 10_000
    with pytest.raises(ValidationError) as error:
        process_photo(upload(photo_bytes(size=(1000, 1000), fmt="PNG"), "bom.png"))
    assert error.value.code == "pixels"


def test_a_file_larger_than_the_limit_is_refused_before_it_is_opened(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as error:
        process_photo(upload(photo_bytes(size=(100, 100))))
    assert error.value.code == "too_large"


# --- memory (issue 11, finding 3): tests/trajectories/live/test_photo_memory.py measures it under gunicorn ---


def encoded(image, fmt, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.slow
def test_the_png_of_the_finding_is_refused_before_it_is_decoded():
    # 6300 x 6300 pixels in 170 KB: under the old cap of 40 megapixels, it cost a worker 644 MB.
    bomb = encoded(Image.new("RGBA", (6300, 6300), (255, 0, 0, 128)), "PNG")
    assert len(bomb) < 200_000
    with pytest.raises(ValidationError) as error:
        process_photo(upload(bomb, "bom.png"))
    assert error.value.code == "pixels_decoded"
    assert "Kies een kleinere afbeelding" in error.value.messages[0]


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "GIF"])
def test_formats_decoded_whole_are_refused_just_above_the_decoded_cap_and_taken_at_it(settings, fmt):
    settings.PHOTO_MAX_DECODED_PIXELS = 200 * 200
    with pytest.raises(ValidationError) as error:
        process_photo(upload(encoded(Image.new("RGB", (200, 201), "orange"), fmt)))
    assert error.value.code == "pixels_decoded"
    cleaned = process_photo(upload(encoded(Image.new("RGB", (200, 200), "orange"), fmt)))
    assert (cleaned.width, cleaned.height) == (200, 200)


def test_a_48_megapixel_phone_jpeg_is_decoded_small_accepted_and_scaled(settings):
    original = photo_bytes(size=(8000, 6000))
    assert 8000 * 6000 > settings.PHOTO_MAX_DECODED_PIXELS
    cleaned = process_photo(upload(original))
    assert (cleaned.width, cleaned.height) == (1600, 1200)
    assert len(exif_of(cleaned.content)) == 0 and b"PhoneMaker" not in cleaned.content
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.getpixel((800, 600)) == pytest.approx((255, 165, 0), abs=4)  # orange


def test_a_large_sideways_jpeg_is_turned_upright_after_scaling():
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    cleaned = process_photo(upload(encoded(Image.new("RGB", (8000, 6000), "blue"), "JPEG", exif=exif)))
    assert (cleaned.width, cleaned.height) == (1200, 1600)


def test_a_large_square_jpeg_is_decoded_at_a_smaller_scale_to_stay_under_the_cap(settings):
    # At 1/2 this would decode 3200 x 3200 pixels, more than the cap: it is decoded at 1/4.
    settings.PHOTO_MAX_DECODED_PIXELS = 6_000_000
    cleaned = process_photo(upload(photo_bytes(size=(6000, 6000))))
    assert (cleaned.width, cleaned.height) == (1500, 1500)


@pytest.mark.slow
def test_a_progressive_jpeg_counts_as_decoded_whole(settings):
    # libjpeg keeps every coefficient of a progressive JPEG in memory, whatever scale it decodes at.
    big = encoded(Image.new("RGB", (8000, 6000), "orange"), "JPEG", progressive=True)
    with pytest.raises(ValidationError) as error:
        process_photo(upload(big))
    assert error.value.code == "pixels_decoded"
    small = encoded(Image.new("RGB", (2000, 1500), "orange"), "JPEG", progressive=True)
    assert (process_photo(upload(small)).width, process_photo(upload(small)).height) == (1600, 1200)


def test_a_jpeg_with_a_scan_per_colour_counts_as_decoded_whole():
    # A sequential JPEG whose first scan holds one colour of three: libjpeg then keeps the whole
    # image's coefficients too. Made by rewriting the scan header of an ordinary one.
    data = bytearray(photo_bytes(size=(8000, 6000), gps=False))
    scan = data.index(b"\xff\xda")
    assert data[scan + 4] == 3  # the scan holds all three components
    data[scan + 2:scan + 10] = (8).to_bytes(2, "big") + bytes([1]) + data[scan + 5:scan + 7] + b"\x00\x3f\x00"
    with pytest.raises(ValidationError) as error:
        process_photo(upload(bytes(data)))
    assert error.value.code == "pixels_decoded"


def test_transparency_of_a_large_png_lands_on_white_and_the_photo_is_scaled():
    image = Image.new("RGBA", (2400, 1800), (0, 0, 255, 0))
    image.paste((0, 0, 255, 255), (0, 0, 1200, 1800))  # the left half is opaque blue
    cleaned = process_photo(upload(encoded(image, "PNG"), "half.png"))
    assert (cleaned.width, cleaned.height) == (1600, 1200)
    with Image.open(io.BytesIO(cleaned.content)) as result:
        assert result.getpixel((400, 600)) == pytest.approx((0, 0, 255), abs=4)
        assert result.getpixel((1200, 600)) == pytest.approx((255, 255, 255), abs=4)


@pytest.mark.slow
def test_at_most_photo_max_concurrent_photos_are_cleaned_at_once(settings):
    slots = photos.CLEANING_SLOTS
    held = 0
    while slots.acquire(blocking=False):  # the test takes every slot, as busy cleanings would
        held += 1
    try:
        assert held == settings.PHOTO_MAX_CONCURRENT
        # A file refused on its header does not wait for a slot.
        with pytest.raises(ValidationError) as error:
            process_photo(upload(encoded(Image.new("RGB", (6300, 6300)), "PNG"), "bom.png"))
        assert error.value.code == "pixels_decoded"
        results = []
        waiting = threading.Thread(target=lambda: results.append(process_photo(upload(photo_bytes(size=(640, 480))))))
        waiting.start()
        waiting.join(timeout=1)
        assert waiting.is_alive() and results == []  # it waits for a free slot
        slots.release()
        held -= 1
        waiting.join(timeout=30)
        assert not waiting.is_alive() and (results[0].width, results[0].height) == (640, 480)
    finally:
        for _ in range(held):
            slots.release()


def test_an_upload_above_the_memory_limit_is_spooled_to_a_file_and_still_cleaned(settings):
    """Django keeps uploads up to FILE_UPLOAD_MAX_MEMORY_SIZE in memory; a phone photo goes to disk."""
    noise = Image.frombytes("RGB", (1500, 1000), os.urandom(1500 * 1000 * 3))
    data = encoded(noise, "PNG")
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < len(data) < settings.PHOTO_MAX_UPLOAD_BYTES
    request = RequestFactory().post("/", {"photo": SimpleUploadedFile("ruis.png", data, content_type="image/png")})
    received = request.FILES["photo"]
    assert isinstance(received, TemporaryUploadedFile)
    cleaned = process_photo(received)
    assert (cleaned.width, cleaned.height) == (1500, 1000)


@pytest.mark.django_db
def test_a_photo_above_the_upload_limit_gets_the_clear_message_through_the_form(world, settings):
    session = open_session(world)
    guest = Client()
    guest.post(reverse("trajectories:live_join_code", kwargs={"code": session.join_code}), {"name": "Bep"})
    too_big = b"\xff\xd8" + os.urandom(settings.PHOTO_MAX_UPLOAD_BYTES)
    response = guest.post(
        reverse("trajectories:live_topic", kwargs={"pk": session.pk}),
        {"step": "photo", "theme": "food", "title": "Groot",
         "photo": SimpleUploadedFile("groot.jpg", too_big, content_type="image/jpeg")},
    )
    assert response.status_code == 200
    assert "Deze foto is te groot" in response.content.decode()
    assert not Topic.objects.exists()


# --- finding 13: no copy in a cache once consent is withdrawn ------------------------------------


@pytest.mark.django_db
def test_a_photo_is_never_kept_by_a_cache_so_a_withdrawal_takes_effect_at_once(world, client_for):
    session = open_session(world)
    added = services.topic_create(
        trajectory=world.trajectory, by=world.membership(world.client), title="Mijn kamer", theme=Theme.AT_HOME,
        live_session=session, photo=process_photo(upload(photo_bytes(size=(64, 64)))),
    )
    url = reverse("trajectories:topic_photo", kwargs={"pk": added.trajectory_id, "topic_pk": added.pk})
    other_client = client_for(world.client2)
    shown = other_client.get(url)
    assert shown.status_code == 200
    directives = {part.strip() for part in shown["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives and not any(d.startswith("max-age") for d in directives)
    assert "Expires" not in shown and "ETag" not in shown and "Last-Modified" not in shown

    consent = privacy_services.consent_give(
        membership=world.membership(world.client), kind=ConsentKind.PHOTOS, by=world.facilitator
    )
    privacy_services.consent_withdraw(consent=consent, by=world.client)
    # Nothing was stored, so the browser asks again, and now hears no.
    assert other_client.get(url).status_code == 404

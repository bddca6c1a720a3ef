"""Photos with a topic: only real images, upright, scaled down, and without EXIF, GPS or comments."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.live_helpers import GPS_IFD, exif_of, photo_bytes
from trajectories.photos import process_photo

ORIENTATION = 0x0112


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

"""Checking and cleaning a photo that a client adds to a topic.

A photo is care data: it may show faces and rooms, and phones hide the place it was taken (GPS)
and the device in its EXIF data. ``process_photo`` accepts only real images of a sensible size,
turns them upright, scales them down and writes a fresh JPEG that carries no EXIF, GPS, XMP or
comment at all.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# What phones and cameras deliver; anything else is refused.
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
MIN_SIDE = 32
JPEG_QUALITY = 85


@dataclass(frozen=True)
class ProcessedPhoto:
    """A cleaned JPEG, ready to store."""

    content: bytes
    width: int
    height: int


def process_photo(upload) -> ProcessedPhoto:
    """Check ``upload`` (a file-like object with ``size``) and return a clean, scaled-down JPEG.

    Raises ``ValidationError`` with a plain-language message for a file that is too large, not an
    image, an image type we do not take, or an image too small or too big in pixels.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > settings.PHOTO_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This photo is too large. Choose a photo of at most %(mb)d MB.")
            % {"mb": settings.PHOTO_MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("This file is empty. Choose a photo."), code="empty")
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # A decompression bomb is an error here, not a warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                image_format = probe.format
                width, height = probe.size
                probe.verify()
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("We cannot use this kind of file. Choose a photo (JPEG, PNG, WebP or GIF)."), code="format"
                )
            if width * height > settings.PHOTO_MAX_PIXELS:
                raise ValidationError(_("This photo has too many pixels. Choose a smaller photo."), code="pixels")
            if min(width, height) < MIN_SIDE:
                raise ValidationError(_("This picture is too small to see. Choose a bigger photo."), code="small")
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("This file is not a photo we can open. Choose another photo."), code="invalid")
    except (OSError, SyntaxError, ValueError, EOFError):
        # Pillow reports broken or truncated image data in these ways.
        raise ValidationError(_("This file is not a photo we can open. Choose another photo."), code="invalid")

    if upright.mode not in ("RGB", "L"):
        background = Image.new("RGB", upright.size, "white")
        converted = upright.convert("RGBA")
        background.paste(converted, mask=converted.getchannel("A"))
        upright = background
    upright.thumbnail((settings.PHOTO_MAX_SIDE, settings.PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image holds pixels only: no EXIF (GPS, device, time), no XMP, no comments.
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    output = io.BytesIO()
    clean.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ProcessedPhoto(content=output.getvalue(), width=clean.width, height=clean.height)

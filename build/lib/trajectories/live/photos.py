"""Checking and cleaning a photo that a client adds to a topic.

A photo is care data: it may show faces and rooms, and phones hide the place it was taken (GPS)
and the device in its EXIF data. ``process_photo`` accepts only real images of a sensible size,
turns them upright, scales them down and writes a fresh JPEG that carries no EXIF, GPS, XMP or
comment at all.

Guests (a join code, no password) can send photos, so cleaning one must cost little memory
whatever the file claims: a small, very compressible file can unpack to hundreds of megabytes.
Hence at most ``PHOTO_MAX_DECODED_PIXELS`` pixels are ever decoded (a JPEG at 1/2 to 1/8 of its
size while reading), only one image that large exists (it is scaled down before any conversion or
turning), and at most ``PHOTO_MAX_CONCURRENT`` photos are cleaned at once in a process. Cleaning
the worst accepted photo needs about 100 MB (a WebP: libwebp keeps two more canvases), a PNG or
JPEG about 40 MB; ``tests/trajectories/test_photo_memory.py`` measures it under gunicorn.
"""

import ctypes
import io
import math
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# What phones and cameras deliver; anything else is refused.
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
# JPEG can be decoded at 1/2, 1/4 or 1/8 of its size while reading (libjpeg's DCT scaling).
REDUCIBLE_FORMATS = {"JPEG", "MPO"}
MIN_SIDE = 32
JPEG_QUALITY = 85
EXIF_ORIENTATION = 0x0112
# How each EXIF orientation is turned upright (the table of ImageOps.exif_transpose).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Output pixels per side of one tile when scaling (see _scaled_on_white).
TILE = 256

# Each cleaning holds one decoded image; this bounds how many a worker process holds at once.
CLEANING_SLOTS = threading.BoundedSemaphore(settings.PHOTO_MAX_CONCURRENT)


def _give_large_blocks_back_when_freed() -> None:
    """Make glibc's malloc hand every block of 1 MB or more back to the system when it is freed.

    By default glibc raises this threshold after the first large block is freed, and from then on
    keeps freed image memory in the arena of the thread that used it. Each of a worker's threads
    would then hold on to the memory of the largest photo it ever cleaned, and the bound on photos
    cleaned at once would not bound the memory. Elsewhere (musl, macOS) this is not needed.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    m_mmap_threshold = -3  # from glibc's malloc.h
    mallopt(m_mmap_threshold, 1024 * 1024)


_give_large_blocks_back_when_freed()


@dataclass(frozen=True)
class ProcessedPhoto:
    """A cleaned JPEG, ready to store."""

    content: bytes
    width: int
    height: int


def process_photo(upload) -> ProcessedPhoto:
    """Check ``upload`` (a file-like object with ``size``) and return a clean, scaled-down JPEG.

    Raises ``ValidationError`` with a plain-language message for a file that is too large
    (``too_large``), empty (``empty``), not an image (``invalid``), an image type we do not take
    (``format``), too small (``small``), with more than ``PHOTO_MAX_PIXELS`` pixels (``pixels``),
    or that would have to be decoded at more than ``PHOTO_MAX_DECODED_PIXELS`` pixels
    (``pixels_decoded``: PNG, WebP, GIF and progressive JPEG cannot be decoded at a smaller size).
    Waits while ``PHOTO_MAX_CONCURRENT`` other photos are being cleaned in this process.
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
        # Only the header is read here: the checks below come before any pixel is decoded. Pillow
        # warns above Image.MAX_IMAGE_PIXELS (89 million) and refuses twice that; our caps are lower.
        # (No warnings.catch_warnings to turn that warning into an error: it changes the filters
        # of the whole process, which is not safe with a worker's threads.)
        upload.seek(0)
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
        reducible = image_format in REDUCIBLE_FORMATS and _jpeg_decodes_row_by_row(upload)
        if not reducible and width * height > settings.PHOTO_MAX_DECODED_PIXELS:
            raise _too_big_to_decode()
        with CLEANING_SLOTS:
            upload.seek(0)
            with Image.open(upload) as image:
                return _clean(image)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(_("This photo has too many pixels. Choose a smaller photo."), code="pixels")
    except UnidentifiedImageError:
        raise ValidationError(_("This file is not a photo we can open. Choose another photo."), code="invalid")
    except (OSError, SyntaxError, ValueError, EOFError):
        # Pillow reports broken or truncated image data in these ways.
        raise ValidationError(_("This file is not a photo we can open. Choose another photo."), code="invalid")


def _too_big_to_decode() -> ValidationError:
    return ValidationError(
        _("This picture is too big. Choose a smaller picture, or take a photo with your phone."),
        code="pixels_decoded",
    )


def _clean(image: Image.Image) -> ProcessedPhoto:
    """Decode ``image`` (opened, not loaded) small, turn it upright and write a fresh JPEG."""
    scale = _jpeg_scale(image.size, _fit(image.size))
    if scale > 1:
        # A JPEG is decoded at this scale (other formats ignore a draft). Asking for width // scale
        # makes Pillow pick exactly this scale (the sides are at least MIN_SIDE).
        image.draft(None, (image.width // scale, image.height // scale))
    if image.width * image.height > settings.PHOTO_MAX_DECODED_PIXELS:
        raise _too_big_to_decode()
    image.load()
    orientation = image.getexif().get(EXIF_ORIENTATION, 1)
    # A new image that holds pixels only: no EXIF (GPS, device, time), no XMP, no comments.
    clean = _scaled_on_white(image, _fit(image.size))
    if orientation in UPRIGHT:
        clean = clean.transpose(UPRIGHT[orientation])
    output = io.BytesIO()
    clean.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ProcessedPhoto(content=output.getvalue(), width=clean.width, height=clean.height)


def _fit(size: tuple[int, int]) -> tuple[int, int]:
    """``size`` scaled down (never up) to fit ``PHOTO_MAX_SIDE`` both ways, keeping its shape."""
    side = settings.PHOTO_MAX_SIDE
    fit = min(side / size[0], side / size[1], 1.0)
    return max(1, round(size[0] * fit)), max(1, round(size[1] * fit))


def _jpeg_scale(size: tuple[int, int], target: tuple[int, int]) -> int:
    """The DCT scale (1, 2, 4 or 8) to decode a JPEG of ``size`` at: the largest that still gives
    at least ``target``, or larger when that would decode more than ``PHOTO_MAX_DECODED_PIXELS``
    (a nearly square photo of 40+ megapixels then ends up a little under ``PHOTO_MAX_SIDE``)."""
    width, height = size
    scale = 1
    while scale < 8 and width // (scale * 2) >= target[0] and height // (scale * 2) >= target[1]:
        scale *= 2
    while scale < 8 and math.ceil(width / scale) * math.ceil(height / scale) > settings.PHOTO_MAX_DECODED_PIXELS:
        scale *= 2
    return scale


def _scaled_on_white(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """A new image: ``image`` scaled to ``size`` (Lanczos) in RGB or L, transparency on white.

    Tile by tile: each tile is cut from ``image`` with the pixels the filter reaches around it,
    flattened and scaled on its own: the same filter over the same pixels as scaling the whole
    image (only rounding between its two passes can differ), but no second image of the source's
    size (a converted or premultiplied copy, as ``Image.resize`` makes for RGBA) is ever made.
    """
    scaled = Image.new("L" if image.mode == "L" else "RGB", size)
    scale_x, scale_y = image.width / size[0], image.height / size[1]
    # Lanczos reaches 3 pixels each way, 3 source pixels per output pixel when shrinking.
    reach_x, reach_y = math.ceil(3 * max(scale_x, 1)) + 1, math.ceil(3 * max(scale_y, 1)) + 1
    for top in range(0, size[1], TILE):
        for left in range(0, size[0], TILE):
            right, bottom = min(left + TILE, size[0]), min(top + TILE, size[1])
            box = (left * scale_x, top * scale_y,
                   min(right * scale_x, image.width), min(bottom * scale_y, image.height))
            x0, y0 = max(0, math.floor(box[0]) - reach_x), max(0, math.floor(box[1]) - reach_y)
            x1 = min(image.width, math.ceil(box[2]) + reach_x)
            y1 = min(image.height, math.ceil(box[3]) + reach_y)
            tile = _on_white(image.crop((x0, y0, x1, y1)))
            scaled.paste(
                tile.resize((right - left, bottom - top), Image.Resampling.LANCZOS,
                            box=(box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0)),
                (left, top),
            )
    return scaled


def _on_white(tile: Image.Image) -> Image.Image:
    if tile.mode in ("RGB", "L"):
        return tile
    rgba = tile.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _jpeg_decodes_row_by_row(upload) -> bool:
    """Whether libjpeg can decode this JPEG a few rows at a time: a sequential DCT frame whose
    first scan holds every colour component. Any other JPEG (progressive, lossless, hierarchical,
    a scan per component) makes libjpeg keep the coefficients of the whole image in memory, at any
    scale it is decoded at; such a file counts as decoded whole. Reads the markers up to the first
    scan; anything unexpected counts as whole."""
    upload.seek(0)
    if upload.read(2) != b"\xff\xd8":
        return False
    components = None
    while True:
        marker = upload.read(2)
        while len(marker) == 2 and marker == b"\xff\xff":  # fill bytes before a marker
            marker = b"\xff" + upload.read(1)
        if len(marker) != 2 or marker[0] != 0xFF:
            return False
        kind = marker[1]
        length = int.from_bytes(upload.read(2), "big")
        if length < 2:
            return False
        segment = upload.read(length - 2)
        if 0xC0 <= kind <= 0xCF and kind not in (0xC4, 0xC8, 0xCC):  # a frame header (SOFn)
            if kind not in (0xC0, 0xC1, 0xC9) or len(segment) < 6:  # sequential DCT only
                return False
            components = segment[5]
        elif kind == 0xDA:  # the first scan
            return components is not None and segment[:1] == bytes([components])

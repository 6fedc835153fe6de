"""Checking and cleaning an uploaded product photo before anything is stored.

The file is judged by decoding it, never by its name or declared type. Its
size and pixel count are checked from the header before the pixels are
decoded, so a small file that would expand into gigabytes (a decompression
bomb) is refused cheaply. What is kept is re-encoded from the pixels alone:
no EXIF (GPS position included), no comments, the orientation applied.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow format -> (saved format, extension, save options)
ACCEPTED = {
    "JPEG": ("JPEG", "jpg", {"quality": 90, "optimize": True}),
    "PNG": ("PNG", "png", {"optimize": True}),
    "WEBP": ("WEBP", "webp", {"quality": 90}),
}


def photo_clean(*, upload) -> ContentFile:
    """Return the cleaned photo under a server-made name, or raise ValidationError.

    `upload` is any file object with `size` (an UploadedFile).
    """
    size = getattr(upload, "size", None)
    if size is None or size > MAX_BYTES:
        raise ValidationError(
            _("The photo is too large: %(max)s MB at most."),
            code="too_large",
            params={"max": MAX_BYTES // (1024 * 1024)},
        )
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow warns past its own limit and raises past twice it; ours is
        # lower, checked below, and a warning must never let a bomb through.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)  # reads the header only
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            OSError,
            ValueError,
            SyntaxError,
        ) as error:
            raise _not_a_photo(error) from error
    source_format = image.format
    if source_format not in ACCEPTED:
        raise ValidationError(
            _("Only JPEG, PNG and WebP photos are accepted."), code="bad_format"
        )
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The photo has too many pixels: %(max)s megapixels at most."),
            code="too_many_pixels",
            params={"max": MAX_PIXELS // 1_000_000},
        )
    try:
        image.load()  # the full decode: a truncated or corrupt file fails here
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise _not_a_photo(error) from error
    saved_format, extension, options = ACCEPTED[source_format]
    if saved_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # A fresh image holds the pixels only: EXIF, XMP, ICC and text chunks of
    # the upload are left behind.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    buffer = io.BytesIO()
    clean.save(buffer, saved_format, **options)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def _not_a_photo(error) -> ValidationError:
    return ValidationError(
        _("This file is not a JPEG, PNG or WebP photo, or it is damaged."),
        code="invalid_image",
    )

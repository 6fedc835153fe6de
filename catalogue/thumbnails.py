"""Product photo thumbnails: one list of sizes, generated once at upload.

sorl keeps what it generated in its key-value store (the cached_db store:
the cache first, then the database). Generating on first view would make a
shopper's GET write to the database and the media storage, so thumbnails are
made when a photo is uploaded (`product_image_thumbnails_generate`) or seeded
(`manage.py generate_thumbnails`); page views only look them up.
"""

from oscar.core.thumbnails import get_thumbnailer

# name -> sorl options; every spec exists in WebP and in JPEG (the fallback).
SPECS = {
    # A phone's two columns at 1.75x to 2x want 310 to 320 px (the `sizes`
    # of catalogue.templatetags.catalogue_pictures.SIZES), a desktop's four
    # columns up to 240 px.
    "card": {"size": "320x320", "crop": "center"},
    # The card's photo for denser screens (a phone at 2.5x or 3x).
    "card_large": {"size": "400x400", "crop": "center"},
    "detail": {"size": "600x600", "upscale": False},
    "mini": {"size": "80x80", "crop": "center"},
}
FORMATS = ("WEBP", "JPEG")
# The specs a <picture> offers the browser in `srcset` (its own spec first):
# the browser takes the smallest wide enough for the `sizes` it is told.
SRCSET = {"card": ("card", "card_large")}
# The sizes Oscar's own templates ask `{% oscar_thumbnail %}` for (product
# pods of search results and "recently viewed", the basket), with exactly
# their options so that sorl finds them under the same key.
OSCAR_TEMPLATE_SIZES = (
    {"size": "x155", "upscale": False},
    {"size": "100x100", "upscale": False},
)


def thumbnail(*, source, spec: str, image_format: str):
    """The thumbnail of `source` for `spec`; generated if it does not exist."""
    options = dict(SPECS[spec], format=image_format, quality=80)
    return get_thumbnailer().generate_thumbnail(source, **options)


def thumbnails_generate(*, source) -> int:
    """Make every size and format of one photo; return how many."""
    count = 0
    for spec in SPECS:
        for image_format in FORMATS:
            thumbnail(source=source, spec=spec, image_format=image_format)
            count += 1
    for options in OSCAR_TEMPLATE_SIZES:
        get_thumbnailer().generate_thumbnail(source, **options)
        count += 1
    return count

import logging

from django import template
from django.utils.html import format_html

from catalogue.thumbnails import SPECS, thumbnail

register = template.Library()
logger = logging.getLogger(__name__)


def _missing(width, height, alt, css_class):
    return format_html(
        '<span class="product-picture-missing {}" role="img" aria-label="{}"'
        ' style="display:inline-block;width:{}px;height:{}px"></span>',
        css_class,
        alt,
        width,
        height,
    )


@register.simple_tag
def product_picture(image, spec="card", alt="", css_class=""):
    """A <picture>: WebP thumbnail, JPEG fallback, never the original file."""
    original = getattr(image, "original", None)
    width, _, height = SPECS[spec]["size"].partition("x")
    if not original:
        return _missing(width, height, alt, css_class)
    try:
        webp = thumbnail(source=original, spec=spec, image_format="WEBP")
        jpeg = thumbnail(source=original, spec=spec, image_format="JPEG")
        width, height = jpeg.width, jpeg.height
    except Exception:  # a lost or unreadable file must not break the page
        logger.exception("No thumbnail for %s", original)
        return _missing(width, height, alt, css_class)
    return format_html(
        '<picture><source srcset="{}" type="image/webp">'
        '<img src="{}" alt="{}" width="{}" height="{}" class="{}" loading="lazy">'
        "</picture>",
        webp.url,
        jpeg.url,
        alt,
        width,
        height,
        css_class,
    )


@register.simple_tag
def card_price(product):
    """The lowest price of a card: annotated by the selectors, else computed.

    Lists built with `catalogue.selectors.product_cards` carry `price_min` and
    cost no query here; other lists fall back to the product's stock records.
    """
    if hasattr(product, "price_min"):
        return product.price_min
    records = [r for r in product.stockrecords.all() if r.price is not None]
    return min((r.price for r in records), default=None)

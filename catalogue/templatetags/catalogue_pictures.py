from django import template
from django.utils.html import format_html

from catalogue.thumbnails import SPECS, thumbnail

register = template.Library()


@register.simple_tag
def product_picture(image, spec="card", alt="", css_class=""):
    """A <picture>: WebP thumbnail, JPEG fallback, never the original file."""
    original = getattr(image, "original", None)
    width, _, height = SPECS[spec]["size"].partition("x")
    if not original:
        return format_html(
            '<span class="product-picture-missing {}" role="img" aria-label="{}"'
            ' style="display:inline-block;width:{}px;height:{}px"></span>',
            css_class,
            alt,
            width,
            height,
        )
    webp = thumbnail(source=original, spec=spec, image_format="WEBP")
    jpeg = thumbnail(source=original, spec=spec, image_format="JPEG")
    return format_html(
        '<picture><source srcset="{}" type="image/webp">'
        '<img src="{}" alt="{}" width="{}" height="{}" class="{}" loading="lazy">'
        "</picture>",
        webp.url,
        jpeg.url,
        alt,
        jpeg.width,
        jpeg.height,
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

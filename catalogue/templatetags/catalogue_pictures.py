import logging
from functools import lru_cache

from django import forms, template
from django.core.cache import cache
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

from catalogue.selectors import ProductCards, product_cards_for_ids
from catalogue.thumbnails import SPECS, SRCSET, thumbnail
from marketplace.currency.selectors import display_currency
from marketplace.pagecache.pages import (
    fragment_seconds,
    page_shows,
    product_tag,
    seller_tag,
    tag_versions,
)
from marketplace.translated import lang_attributes

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


@lru_cache(maxsize=16384)
def _thumbnails(name: str, spec: str, source) -> tuple[str, str, int, int]:
    """URLs and size of one photo's thumbnails, remembered by this process.

    A photo's thumbnails never change under the same name (uploads get a new
    server-made name), so after the first look-up in sorl's key-value store
    a list of cards costs no further look-ups. Failures are not remembered.
    """
    webp = thumbnail(source=source.file, spec=spec, image_format="WEBP")
    jpeg = thumbnail(source=source.file, spec=spec, image_format="JPEG")
    return webp.url, jpeg.url, jpeg.width, jpeg.height


# How wide each spec shows (the browser picks from `srcset` by it), the
# widest the card is at each of Bootstrap's breakpoints, measured in Chromium
# on the catalogue (beside its filters), the home page and a storefront: two
# columns on a phone (half the screen less the gutters: 156 px at 360 px,
# 182 px at 412 px), three or four beside them. At a phone's 1.75x to 2x the
# 320 px file is wide enough; denser screens take the 400 px one.
SIZES = {
    "card": (
        "(min-width: 1200px) 240px, (min-width: 992px) 195px,"
        " (min-width: 768px) 190px, (min-width: 576px) 246px, calc(50vw - 24px)"
    )
}


# How a photo loads: the page's first photos at once, the others when near.
# Constants: a kept card is stored lazy and its lazy attributes swapped for
# the eager ones when it is among a grid's first cards (`product_cards_html`).
LAZY_LOADING = mark_safe('loading="lazy" decoding="async"')
EAGER_LOADING = mark_safe('loading="eager" fetchpriority="high"')
# Fetched at once but without jumping the queue: a grid's first row on a
# desktop beyond a phone's first row (the largest paint on a phone is one of
# the first two; four "high" photos shared a slow network's bandwidth).
SOON_LOADING = mark_safe('loading="eager"')


@register.simple_tag
def product_picture(image, spec="card", alt="", css_class="", eager=False):
    """A <picture>: WebP thumbnails, JPEG fallback, never the original file.

    Specs with larger versions (`catalogue.thumbnails.SRCSET`) offer them in
    `srcset` with the spec's `sizes`; photos load lazily unless `eager` (the
    page's main photo, above the fold: fetched first).
    """
    original = getattr(image, "original", None)
    width, _, height = SPECS[spec]["size"].partition("x")
    if not original:
        return _missing(width, height, alt, css_class)
    try:
        versions = [
            _thumbnails(original.name, name, _Source(original))
            for name in SRCSET.get(spec, (spec,))
        ]
    except Exception:  # a lost or unreadable file must not break the page
        logger.exception("No thumbnail for %s", original)
        return _missing(width, height, alt, css_class)
    webp_url, jpeg_url, width, height = versions[0]
    loading = EAGER_LOADING if eager else LAZY_LOADING
    if len(versions) == 1:
        return format_html(
            '<picture><source srcset="{}" type="image/webp">'
            '<img src="{}" alt="{}" width="{}" height="{}" class="{}" {}>'
            "</picture>",
            webp_url,
            jpeg_url,
            alt,
            width,
            height,
            css_class,
            loading,
        )
    webp_set = ", ".join(f"{webp} {w}w" for webp, _jpeg, w, _h in versions)
    jpeg_set = ", ".join(f"{jpeg} {w}w" for _webp, jpeg, w, _h in versions)
    return format_html(
        '<picture><source srcset="{}" sizes="{}" type="image/webp">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"'
        ' class="{}" {}></picture>',
        webp_set,
        SIZES[spec],
        jpeg_url,
        jpeg_set,
        SIZES[spec],
        alt,
        width,
        height,
        css_class,
        loading,
    )


@register.simple_tag
def product_alt(product, image=None):
    """A photo's text alternative: what the seller wrote of it (its caption),
    else the product described in words: its title, technique and region
    ("Tapis berbère, tissage à la main, made in Marrakech-Safi"), in the
    page's language."""
    caption = (getattr(image, "caption", "") or "").strip()
    if caption:
        return caption
    # An attribute holds one language: a title or technique the seller wrote
    # in another language than the page's is left out (the card's and the
    # page's headings name the product, marked with its `lang`).
    parts = []
    for field in ("title", "technique"):
        text = product.translated(field)
        if text and not text.foreign:
            parts.append(text.text)
    if getattr(product, "region_id", None):
        parts.append(
            _("handmade in %(region)s") % {"region": product.region.localized_name()}
        )
    return ", ".join(parts)


class _Source:
    """Carries the file to `_thumbnails` without being part of its cache key."""

    def __init__(self, file):
        self.file = file

    def __hash__(self):
        return 0

    def __eq__(self, other):
        return isinstance(other, _Source)


@register.simple_tag
def card_price(product):
    """The lowest price of a card: annotated by the selectors, else computed.

    Cards (`catalogue.selectors.product_cards`) carry `price_min` and cost no
    query here; other products fall back to their own stock records.
    """
    if hasattr(product, "price_min"):
        return product.price_min
    records = [r for r in product.stockrecords.all() if r.price is not None]
    return min((r.price for r in records), default=None)


@register.filter
def price_mad(value):
    """Oscar's `currency` filter in MAD, remembered per price and language.

    Babel's formatting is the costliest part of a product card; a grid shows
    a few hundred distinct prices at most.
    """
    if value is None:
        return ""
    return _price_mad(value, get_language() or "")


@lru_cache(maxsize=4096)
def _price_mad(value, language):
    return currency(value, "MAD")


@register.simple_tag
def browse_field(field):
    """One filter of the catalogue, rendered without Django's widget templates.

    The form renders on every list page; widget templates cost more than the
    rest of the sidebar together.
    """

    value = field.value()
    value = "" if value is None else str(value)
    label = format_html('<label for="{}">{}</label>', field.id_for_label, field.label)
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return format_html(
            '<input type="hidden" name="{}" value="{}">', field.html_name, value
        )
    if isinstance(widget, forms.Select):
        options = format_html_join(
            "",
            '<option value="{}"{}{}>{}</option>',
            (
                # A name missing in the page's language: shown in its own.
                (
                    key,
                    " selected" if str(key) == value else "",
                    lang_attributes(text),
                    text,
                )
                for key, text in field.field.choices
            ),
        )
        control = format_html(
            '<select name="{}" id="{}" class="form-control">{}</select>',
            field.html_name,
            field.id_for_label,
            options,
        )
    else:
        control = format_html(
            '<input type="number" name="{}" id="{}" value="{}" min="0" step="0.01"'
            ' class="form-control">',
            field.html_name,
            field.id_for_label,
            value,
        )
    return format_html('<div class="form-group">{}{}</div>', label, control)


# The first cards of a grid are its top row on a desktop (four) and more than
# a phone's first screen: their photos load at once, the others lazily; the
# first two (a phone's first row, where its largest paint is) come first.
EAGER_CARDS = 4
PRIORITY_CARDS = 2


@register.simple_tag
def product_cards_html(cards) -> list[str]:
    """Each card's HTML, kept as a fragment between renderings.

    A fragment is keyed by the product, its seller, the site-wide version
    the language and the display currency
    (`marketplace.pagecache.pages.tag_versions`): a page
    rendered after a write renders only the cards of what was written, and
    reads only their rows. `cards` as `catalogue.selectors.ProductCards`
    give their ids and sellers first (one narrow query) and their full rows
    (price, photos) only for the cards not kept; two cache reads for the
    whole grid.
    """
    if not isinstance(cards, ProductCards):
        cards = list(cards)
    seconds = fragment_seconds()
    if not seconds:
        return [_eager(_card_html(card), n) for n, card in enumerate(cards)]
    if isinstance(cards, ProductCards):
        refs = cards.refs()
        rows = cards.rows
    else:
        refs = [(card.pk, card.seller_id) for card in cards]
        by_pk = {card.pk: card for card in cards}

        def rows(ids):
            return {pk: by_pk[pk] for pk in ids}

    if not refs:
        return []
    versions = tag_versions(
        [
            "site",
            *(product_tag(pk) for pk, _ in refs),
            *(seller_tag(seller) for _, seller in refs),
        ]
    )
    language = get_language() or ""
    # The card shows its price in the display currency too.
    language = f"{language}:{display_currency()}"
    # One fragment per product whatever its place: kept lazy, made eager
    # below when the card is among the grid's first (above the fold), so a
    # card rendered for one page serves every page that shows it.
    keys = [
        "catalogue:card:{}:{}:{}:{}:{}".format(
            pk,
            language,
            versions[product_tag(pk)],
            versions[seller_tag(seller)],
            versions["site"],
        )
        for pk, seller in refs
    ]
    kept = cache.get_many(keys)
    missing = {
        pk: key for (pk, _), key in zip(refs, keys, strict=True) if key not in kept
    }
    made = {missing[pk]: _card_html(card) for pk, card in rows(missing).items()}
    if made:
        cache.set_many(made, seconds)
    # Our own template's output, escaped when it was rendered: kept as the
    # SafeString it is (the cache pickles it). A cache that lost the mark
    # would show the card's tags as text, never run a seller's. A product
    # gone between its ref and its row shows no card.
    cards_html = [kept.get(key) or made.get(key) for key in keys]
    shown = [html for html in cards_html if html is not None]
    return [_eager(html, n) for n, html in enumerate(shown)]


def _eager(html: str, place: int) -> str:
    """The card at `place` in its grid (0 first), its photo loading at once
    if among the first (`EAGER_CARDS`, the first `PRIORITY_CARDS` of them
    before anything else): one constant attribute string swapped for another
    in the escaped card (no text of a user is touched; a card kept without
    its SafeString mark stays unmarked, shown as text)."""
    if place >= EAGER_CARDS or not isinstance(html, SafeString):
        return html
    loading = EAGER_LOADING if place < PRIORITY_CARDS else SOON_LOADING
    return SafeString(html.replace(LAZY_LOADING, loading, 1))


def _card_html(card) -> str:
    """A card, its photo lazy (`_eager` makes it eager by its place)."""
    return render_to_string(
        "catalogue/partials/product_card.html", {"product": card, "eager": False}
    )


@register.simple_tag
def as_product_cards(products):
    """The products of a grid as cards, fetched in a fixed number of queries.

    Lists built with `catalogue.selectors.product_cards` are used as they
    are; any other list of products (a storefront page, a CMS block) is
    fetched again by id with its seller, region, price and photos, instead
    of one query per product and per field the card shows.
    """

    if isinstance(products, QuerySet) and products._result_cache is None:
        # Not fetched yet: only its ids are needed, not its rows and prefetches.
        ids = products.prefetch_related(None).values_list("pk", flat=True)
        return product_cards_for_ids(ids=ids)
    if isinstance(products, ProductCards):
        return products
    products = list(products or [])
    if all(hasattr(product, "price_min") for product in products):
        page_shows(
            *(product_tag(product.pk) for product in products),
            *(seller_tag(p.seller_id) for p in products if p.seller_id),
        )
        return products
    return product_cards_for_ids(ids=[product.pk for product in products])

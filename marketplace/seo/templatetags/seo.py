"""Head links for search engines and shared links, and JSON-LD blocks.

{% load seo %}
{% seo_links %}                 canonical, hreflang alternates, x-default
{% product_json_ld product %}   Product + Offer (+ rating), BreadcrumbList
{% storefront_json_ld seller %} LocalBusiness
{% fair_json_ld page %}         Event
"""

import json
import logging
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse, translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from catalogue.selectors import product_category_trail
from catalogue.thumbnails import thumbnail
from marketplace.pagecache.pages import fragment_kept

from .. import structured_data
from ..sitemaps import x_default

register = template.Library()
logger = logging.getLogger(__name__)

# JSON inside <script>: these three can never end or confuse the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# Approved reviews carried in a product's data.
REVIEWS_SHOWN = 10


def _json_ld(*blocks: dict) -> str:
    """Each block in its own `<script type="application/ld+json">`.

    The JSON is the only text not escaped as HTML (entities would break
    it): with `<`, `>` and `&` written as \\u escapes, a seller's or a
    reviewer's text can never end the element nor open another.
    """
    return format_html_join(
        "\n",
        '<script type="application/ld+json">{}</script>',
        (
            (
                # Escaped just now for a script element: safe as such.
                mark_safe(  # noqa: S308
                    json.dumps(
                        block, cls=DjangoJSONEncoder, ensure_ascii=False
                    ).translate(_SCRIPT_ESCAPES)
                ),
            )
            for block in blocks
        ),
    )


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def page_alternates(request, page=None) -> dict[str, str]:
    """This page's URL in each language, absolute, by language code.

    A Wagtail page lists its translations (one query); every other page is
    the same path under another language prefix.
    """
    if isinstance(page, Page):
        # Kept by the site-wide version, which a page's publication,
        # unpublication, move or deletion and a site's save move
        # (marketplace/pagecache/signal_handlers.py): the translations'
        # query and their URLs were a fifth of the rendered home page.
        return fragment_kept(
            "page-alternates",
            (page.pk, request.scheme, request.get_host()),
            tags=(),
            make=lambda: _page_alternates(request, page),
        )
    return {
        code: request.build_absolute_uri(_translated_path(request.path, code))
        for code in _languages()
    }


def _page_alternates(request, page: Page) -> dict[str, str]:
    versions = page.get_translations(inclusive=True).live().select_related("locale")
    return {
        version.locale.language_code: request.build_absolute_uri(
            version.get_url(request=request)
        )
        for version in versions
    }


def _translated_path(path: str, code: str) -> str:
    # The active language is part of the question: it is the prefix the
    # path is resolved with.
    return _translated_path_in(path, code, get_language())


@lru_cache(maxsize=4096)
def _translated_path_in(path: str, code: str, active: str | None) -> str:
    """`translate_url` (a resolve and a reverse per language, on every page)
    remembered by this process: the URL patterns never change while it runs."""
    return translate_url(path, code)


@register.simple_tag(takes_context=True)
def seo_links(context):
    """`rel=canonical` and `hreflang` alternates (fr, ar, en, x-default).

    The canonical URL drops the query (filters, sorting, tracking) but keeps
    a page number past the first, so each page of a list is its own.
    """
    request = context.get("request")
    if request is None:
        return ""
    canonical = request.build_absolute_uri(request.path)
    page_number = request.GET.get("page", "")
    if page_number.isdigit() and int(page_number) > 1:
        canonical = f"{canonical}?page={int(page_number)}"
    alternates = page_alternates(request, context.get("page"))
    links = [(canonical, "canonical", "")]
    if len(alternates) > 1:
        links += [(url, "alternate", code) for code, url in alternates.items()]
        default = alternates.get(settings.LANGUAGE_CODE)
        if default:
            links.append((x_default(default), "alternate", "x-default"))
    return format_html_join(
        "\n",
        '<link rel="{}" href="{}"{}>',
        (
            (rel, url, format_html(' hreflang="{}"', code) if code else "")
            for url, rel, code in links
        ),
    )


# Open Graph names a locale with its territory.
OG_LOCALES = {"fr": "fr_MA", "ar": "ar_MA", "en": "en_GB"}


@register.filter
def og_locale(language_code: str) -> str:
    return OG_LOCALES.get(language_code, language_code)


def _photo_url(request, image, spec="detail") -> str | None:
    original = getattr(image, "original", None)
    if not original:
        return None
    try:
        return request.build_absolute_uri(
            thumbnail(source=original, spec=spec, image_format="JPEG").url
        )
    except Exception:  # a lost or unreadable file must not break the page
        logger.exception("No thumbnail for %s", original)
        return None


@register.simple_tag(takes_context=True)
def product_photo_url(context, product):
    """The product's main photo, absolute (Open Graph, Twitter cards)."""
    request = context["request"]
    images = list(product.get_all_images()[:1])
    return _photo_url(request, images[0]) if images else ""


def _purchase(request, product):
    strategy = getattr(request, "strategy", None)
    if strategy is None:
        return None, False
    if product.is_parent:
        info = strategy.fetch_for_parent(product)
    else:
        info = strategy.fetch_for_product(product)
    price = None
    if info.price.exists:
        price = info.price.incl_tax if info.price.is_tax_known else info.price.excl_tax
    return price, info.availability.is_available_to_buy


@register.simple_tag(takes_context=True)
def product_json_ld(context, product):
    request = context["request"]
    url = request.build_absolute_uri(product.get_absolute_url())
    images = [
        photo
        for photo in (_photo_url(request, image) for image in product.get_all_images())
        if photo
    ]
    price, available = _purchase(request, product)
    seller = product.seller
    seller_url = (
        request.build_absolute_uri(
            reverse("artisans:storefront", kwargs={"slug": seller.slug})
        )
        if seller is not None
        else None
    )
    reviews = []
    if product.rating is not None:
        reviews = list(
            product.reviews.approved()
            .select_related("user")
            .order_by("-date_created")[:REVIEWS_SHOWN]
        )
    trail = [(settings.OSCAR_SHOP_NAME, request.build_absolute_uri("/"))]
    trail += [
        (crumb.name, request.build_absolute_uri(crumb.get_absolute_url()))
        for crumb in product_category_trail(product)
    ]
    trail.append((product.get_title(), url))
    return _json_ld(
        structured_data.product_data(
            product=product,
            url=url,
            images=images,
            price=price,
            available=available,
            seller_url=seller_url,
            reviews=reviews,
        ),
        structured_data.breadcrumbs(trail=trail),
    )


@register.simple_tag(takes_context=True)
def storefront_json_ld(context, seller):
    request = context["request"]
    url = request.build_absolute_uri(
        reverse("artisans:storefront", kwargs={"slug": seller.slug})
    )
    logo = request.build_absolute_uri(seller.logo.url) if seller.logo else None
    return _json_ld(
        structured_data.storefront_data(seller=seller, url=url, logo=logo, country="MA")
    )


@register.simple_tag(takes_context=True)
def fair_json_ld(context, page):
    request = context["request"]
    chamber = getattr(page.region, "chamber", None) if page.region_id else None
    return _json_ld(
        structured_data.fair_data(
            page=page,
            url=request.build_absolute_uri(page.get_url(request=request)),
            organiser=chamber.name if chamber else None,
            organiser_url=None,
        )
    )

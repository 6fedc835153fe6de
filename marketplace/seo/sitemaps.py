"""The sitemaps: products, crafts, storefronts and the CMS's pages.

Each URL is listed once per language with its three language versions and an
x-default as `xhtml:link` alternates (Django's i18n sitemaps). A file holds at
most `limit` URLs (the sitemaps protocol allows 50,000) and is built from one
query for its slice of rows (plus one to count them): the pagination is done
by the database over objects, not in Python over (object, language) pairs.
"""

from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Page

from artisans.selectors import seller_queryset_public
from catalogue.selectors import product_queryset_public
from cms.models import (
    FairIndexPage,
    FairPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    RegionalCollectionPage,
    RegionIndexPage,
    RegionPage,
    StandardPage,
)

Category = get_model("catalogue", "Category")


def x_default(path: str) -> str:
    """Without its language prefix: answered in the visitor's language."""
    return path.replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The protocol's ceiling per file.
URLS_PER_FILE = 50_000


class _PairsPaginator(Paginator):
    """Pages over the objects; each page's list is its (object, language)
    pairs, so a file of `per_page` objects holds per_page × languages URLs."""

    def __init__(self, object_list, per_page, languages):
        super().__init__(object_list, per_page)
        self.languages = languages

    def _get_page(self, object_list, number, paginator):
        pairs = [(item, code) for item in object_list for code in self.languages]
        return super()._get_page(pairs, number, paginator)


class LanguagesSitemap(Sitemap):
    """An i18n sitemap paginated in the database (see the module's note)."""

    i18n = True
    alternates = True
    x_default = True
    limit = URLS_PER_FILE

    # Once per sitemap object: the index's page count and the file's page
    # read the same count.
    @cached_property
    def paginator(self):
        languages = self._languages()
        per_file = max(1, self.limit // len(languages))
        return _PairsPaginator(self.items(), per_file, languages)


class ProductSitemap(LanguagesSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            product_queryset_public().only("pk", "slug", "date_updated").order_by("pk")
        )

    def lastmod(self, product):
        return product.date_updated

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("date_updated"))["latest"]


class CategorySitemap(LanguagesSitemap):
    """Public crafts. Their URL carries the slugs of their ancestors: computed
    from the rows of this one query (ordered by tree path, parents first)
    instead of Oscar's query per category."""

    changefreq = "weekly"

    def items(self):
        return (
            Category.objects.filter(is_public=True)
            .only("pk", "path", "depth", "slug")
            .order_by("path")
        )

    @cached_property
    def paginator(self):
        languages = self._languages()
        per_file = max(1, self.limit // len(languages))
        rows = list(self.items())
        full = {}
        step = Category.steplen
        for category in rows:
            parent = full.get(category.path[:-step]) if category.depth > 1 else None
            category.full_slug_known = (
                f"{parent}/{category.slug}" if parent else category.slug
            )
            full[category.path] = category.full_slug_known
        return _PairsPaginator(rows, per_file, languages)

    def location(self, category):
        return reverse(
            "catalogue:category",
            kwargs={"category_slug": category.full_slug_known, "pk": category.pk},
        )


class StorefrontSitemap(LanguagesSitemap):
    changefreq = "weekly"

    def items(self):
        return seller_queryset_public().only("pk", "slug").order_by("pk")

    def location(self, seller):
        return reverse("artisans:storefront", kwargs={"slug": seller.slug})


PAGE_TYPES = (
    HomePage,
    StandardPage,
    FairIndexPage,
    FairPage,
    RegionIndexPage,
    RegionPage,
    RegionalCollectionPage,
    NewsIndexPage,
    NewsPage,
)


class PageSitemap(Sitemap):
    """The CMS's live public pages: fairs, collections, news, regions.

    Wagtail keeps one page per language (its locales): each page is listed
    once with its translations as alternates, found in the same query by
    their shared `translation_key`.
    """

    alternates = True
    limit = URLS_PER_FILE

    def __init__(self, request=None):
        self.request = request

    @cached_property
    def paginator(self):
        return Paginator(self.items(), self.limit)

    def items(self):
        pages = list(
            Page.objects.live()
            .public()
            .type(*PAGE_TYPES)
            .select_related("locale")
            .order_by("pk")
        )
        self._translations = {}
        for page in pages:
            self._translations.setdefault(page.translation_key, []).append(page)
        return pages

    def location(self, page):
        return page.get_url(request=self.request)

    def lastmod(self, page):
        return page.last_published_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for info in urls:
            versions = self._translations.get(info["item"].translation_key, [])
            info["alternates"] = [
                {
                    "location": f"{protocol}://{domain}{self.location(version)}",
                    "lang_code": version.locale.language_code,
                }
                for version in versions
            ]
            default = next(
                (
                    version
                    for version in versions
                    if version.locale.language_code == settings.LANGUAGE_CODE
                ),
                None,
            )
            if default is not None and len(versions) > 1:
                info["alternates"].append(
                    {
                        "location": f"{protocol}://{domain}"
                        + x_default(self.location(default)),
                        "lang_code": "x-default",
                    }
                )
        return urls


def sitemap_sections(request) -> dict[str, Sitemap]:
    """The sections of the index, by the name in their file's URL."""
    return {
        "products": ProductSitemap(),
        "crafts": CategorySitemap(),
        "shops": StorefrontSitemap(),
        "pages": PageSitemap(request),
    }

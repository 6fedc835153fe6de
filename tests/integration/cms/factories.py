"""Builders for the CMS tests: a page tree of its own, sellers and products.

The tree hangs from its own Wagtail site (host `cms.test`), so it neither
needs nor disturbs the demo's; `page_get` serves a page of it.
"""

import itertools
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.models import Locale, Page, Site

from artisans.models import Chamber, Region, Seller
from cms.models import (
    FairExhibitor,
    FairFeaturedProduct,
    FairIndexPage,
    FairPage,
    HomePage,
    NewsIndexPage,
    RegionIndexPage,
    RegionPage,
)
from cms.services import region_page_get_or_create
from tests.factories import (
    ProductClassFactory,
    ProductFactory,
    RegionFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)

Product = get_model("catalogue", "Product")

HOST = "cms.test"
_seq = itertools.count(1)


def region(code: str, name: str) -> Region:
    found = RegionFactory(
        code=code, name=name, name_ar=f"جهة {code}", slug=f"region-{code}"
    )
    Chamber.objects.get_or_create(region=found, defaults={"name": f"Chambre {name}"})
    return found


def user(**extra):
    n = next(_seq)
    return UserFactory(
        username=f"cmsuser{n}", email=f"cmsuser{n}@example.com", password="pw", **extra
    )


def seller(*, region_obj: Region, status=Seller.Status.VERIFIED, trade="Tissage"):
    n = next(_seq)
    owner = user()
    return SellerFactory(
        name=f"Atelier CMS {n}",
        owner=owner,
        slug=f"atelier-cms-{n}",
        registry_id_claimed=f"RNA-{region_obj.code}-{n:07d}",
        trade=trade,
        region=region_obj,
        status=status,
    )


def product(*, seller_obj: Seller, price=Decimal("100.00"), **fields) -> Product:
    n = next(_seq)
    values = {
        "title": f"Pièce CMS {n}",
        "upc": f"CMS-{n}",
        "product_class": ProductClassFactory(
            slug="cms-objet", name="Objet CMS", track_stock=False
        ),
        "seller": seller_obj,
    }
    values.update(fields)
    item = ProductFactory(**values)
    StockRecordFactory(
        product=item, partner_sku=f"CMS-SKU-{n}", price=price, num_in_stock=50
    )
    return item


def publish(page: Page, user=None) -> Page:
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


@dataclass
class Tree:
    site: Site
    home: HomePage
    fairs: FairIndexPage
    news: NewsIndexPage
    regions: RegionIndexPage
    region_a: Region
    region_b: Region
    page_a: RegionPage
    page_b: RegionPage
    locales: dict


def build_tree() -> Tree:
    """Home, fairs, news and regions indexes, and two regions' spaces (French)."""
    Site.clear_site_root_paths_cache()
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("fr", "ar", "en")
    }
    home = HomePage(title="Accueil CMS", slug="cms-test-home", locale=locales["fr"])
    Page.get_first_root_node().add_child(instance=home)
    publish(home)
    site = Site.objects.create(hostname=HOST, port=80, root_page=home)
    fairs = FairIndexPage(title="Salons", slug="salons")
    home.add_child(instance=fairs)
    news = NewsIndexPage(title="Actualités", slug="actualites")
    home.add_child(instance=news)
    regions = RegionIndexPage(title="Régions", slug="regions")
    home.add_child(instance=regions)
    for page in (fairs, news, regions):
        publish(page)
    region_a = region("07", "Marrakech-Safi")
    region_b = region("01", "Tanger-Tétouan-Al Hoceïma")
    return Tree(
        site=site,
        home=home,
        fairs=fairs,
        news=news,
        regions=regions,
        region_a=region_a,
        region_b=region_b,
        page_a=region_page_get_or_create(region_index=regions, region=region_a),
        page_b=region_page_get_or_create(region_index=regions, region=region_b),
        locales=locales,
    )


def fair(*, parent: Page, exhibitors=(), featured=(), days_ahead=10, **fields):
    start = timezone.localdate() + timedelta(days=days_ahead)
    values = {
        "title": f"Salon {next(_seq)}",
        "start_date": start,
        "end_date": start + timedelta(days=3),
        "city": "Marrakech",
        "country": "Maroc",
    }
    values.update(fields)
    page = FairPage(**values)
    page.exhibitor_links = [FairExhibitor(seller=s) for s in exhibitors]
    page.featured_product_links = [FairFeaturedProduct(product=p) for p in featured]
    parent.add_child(instance=page)
    return publish(page)


def page_get(client, page: Page, data=None, **extra):
    """GET `page` on the test site, as a visitor would."""
    _site_id, _root, path = page.get_url_parts()
    return client.get(path, data or {}, HTTP_HOST=HOST, **extra)


@pytest.fixture
def tree(db):
    built = build_tree()
    yield built
    # The site's root paths are cached and outlive the rolled-back transaction.
    cache.clear()

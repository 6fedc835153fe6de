"""Issue 14: cached pages go stale by what they show, not all at once.

Two shops in two crafts; the home page features shop A and its carpet. After
an order, a stock save, a price change or an unpublication, every page that
shows the changed product is rendered afresh (and shows the change) while
the pages of the other shop, the other craft and the other product are still
served from the cache. An order that leaves the product in stock changes no
page, so nothing is made stale. Each test asks as an anonymous shopper with
no cookie, the only kind of request the cache serves.
"""

import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue.services import product_unpublish
from marketplace.pagecache.pages import HIT_HEADER, SHOWN_KEY_PREFIX
from tests.integration.catalogue import factories as f
from tests.integration.checkout.shop import checkout
from tests.integration.cms import factories as cms
from tests.integration.cms.factories import tree  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

# What shows shop A's carpet (and its price), and what does not.
SHOWS_A = ("product_a", "catalogue", "craft_a", "shop_a", "home")
UNRELATED = ("product_b", "craft_b", "shop_b")


@pytest.fixture(autouse=True, params=[0, 600], ids=["whole", "whole+parts"])
def _page_cache_on(settings, request):
    """Whole pages kept, and (second run) their parts kept between renderings
    too: cards, counts, search answers, the home page's body."""
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = request.param
    settings.SEARCH_BACKEND = "database"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _only_these_products(db):
    """Hide products other tests left (rolled back with the test)."""
    Product.objects.update(is_public=False)


@pytest.fixture
def shops(tree, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        seller_a = f.seller(name="Atelier Tifawin", region_obj=tree.region_a)
        seller_b = f.seller(name="Poterie Zellij", region_obj=tree.region_b)
        carpet = f.product(seller_obj=seller_a, title="Tapis Tifawin")
        tajine = f.product(seller_obj=seller_b, title="Tajine Zellij")
        rugs = Category.add_root(name="Tapis")
        pottery = Category.add_root(name="Poterie")
        carpet.categories.add(rugs)
        tajine.categories.add(pottery)
    tree.home.body = [
        {
            "type": "featured_products",
            "value": {"title": "Coups de cœur", "products": [carpet.pk]},
        },
        {
            "type": "featured_shops",
            "value": {"title": "Ateliers", "sellers": [seller_a.pk]},
        },
    ]
    cms.publish(tree.home)
    urls = {
        "product_a": carpet.get_absolute_url(),
        "product_b": tajine.get_absolute_url(),
        "catalogue": reverse("catalogue:index"),
        "craft_a": rugs.get_absolute_url(),
        "craft_b": pottery.get_absolute_url(),
        "shop_a": seller_a.get_absolute_url(),
        "shop_b": seller_b.get_absolute_url(),
        "search_a": reverse("search:search") + "?q=tifawin",
    }
    return {"carpet": carpet, "tajine": tajine, "urls": urls, "tree": tree}


def get(shops, name):
    """A first-time visitor (a new client: no cookie at all)."""
    if name == "home":
        return cms.page_get(Client(), shops["tree"].home)
    return Client().get(shops["urls"][name])


def is_hit(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


def cache_every_page(shops, names=(*SHOWS_A, *UNRELATED, "search_a")):
    for name in names:
        assert get(shops, name).status_code == 200, name
        assert is_hit(get(shops, name)), name


def hits(shops, names) -> dict[str, bool]:
    return {name: is_hit(get(shops, name)) for name in names}


def test_an_order_that_leaves_the_product_in_stock_makes_no_page_stale(shops):
    cache_every_page(shops)
    response = checkout(Client(), [(shops["carpet"], 1)])
    assert response.status_code == 302, response
    assert Order.objects.count() == 1
    record = shops["carpet"].stockrecords.get()
    assert record.num_allocated == 1 and record.net_stock_level == 4
    names = (*SHOWS_A, *UNRELATED, "search_a")
    assert hits(shops, names) == dict.fromkeys(names, True)


def test_an_order_for_the_last_unit_refreshes_the_pages_showing_it_only(shops):
    record = shops["carpet"].stockrecords.get()
    record.num_in_stock = 1
    record.save()
    cache_every_page(shops)
    assert checkout(Client(), [(shops["carpet"], 1)]).status_code == 302
    assert hits(shops, SHOWS_A) == dict.fromkeys(SHOWS_A, False)
    assert hits(shops, UNRELATED) == dict.fromkeys(UNRELATED, True)
    product_page = get(shops, "product_a").content.decode()
    assert 'class="outofstock availability"' in product_page


def test_a_stock_save_that_keeps_it_in_stock_makes_no_page_stale(shops):
    cache_every_page(shops)
    record = shops["carpet"].stockrecords.get()
    record.num_in_stock = 3
    record.save()
    names = (*SHOWS_A, *UNRELATED, "search_a")
    assert hits(shops, names) == dict.fromkeys(names, True)


def forget_what_pages_showed_of_the_stock(shops):
    """The cache lost its memo of each record (Redis restarted or evicted it)
    while pages rendered since stay kept."""
    for product in (shops["carpet"], shops["tajine"]):
        record = product.stockrecords.get()
        cache.delete(f"{SHOWN_KEY_PREFIX}stockrecord:{record.pk}")


def test_a_sale_after_the_cache_forgot_the_stock_makes_no_page_stale(shops):
    """The first sale of a product since the cache forgot what its pages
    show compares with the record as it was loaded: still in stock, still
    the same price, nothing made stale (it made the whole catalogue stale
    after every restart of Redis, and in every run of bench/load.py)."""
    cache_every_page(shops)
    forget_what_pages_showed_of_the_stock(shops)
    assert checkout(Client(), [(shops["carpet"], 1)]).status_code == 302
    record = shops["carpet"].stockrecords.get()
    record.num_in_stock = 4  # and a seller's save of it, in stock
    record.save()
    names = (*SHOWS_A, *UNRELATED, "search_a")
    assert hits(shops, names) == dict.fromkeys(names, True)


def test_the_last_unit_sold_after_the_cache_forgot_refreshes_its_pages(shops):
    record = shops["carpet"].stockrecords.get()
    record.num_in_stock = 1
    record.save()
    cache_every_page(shops)
    forget_what_pages_showed_of_the_stock(shops)
    assert checkout(Client(), [(shops["carpet"], 1)]).status_code == 302
    assert hits(shops, SHOWS_A) == dict.fromkeys(SHOWS_A, False)
    assert hits(shops, UNRELATED) == dict.fromkeys(UNRELATED, True)
    product_page = get(shops, "product_a").content.decode()
    assert 'class="outofstock availability"' in product_page


def test_a_new_price_after_the_cache_forgot_refreshes_its_pages(shops):
    cache_every_page(shops)
    forget_what_pages_showed_of_the_stock(shops)
    _price(shops)
    assert hits(shops, SHOWS_A) == dict.fromkeys(SHOWS_A, False)
    assert "777" in get(shops, "product_a").content.decode()
    assert hits(shops, UNRELATED) == dict.fromkeys(UNRELATED, True)


def test_the_product_page_says_in_stock_not_how_many(shops):
    page = get(shops, "product_a").content.decode()
    assert 'class="instock availability"' in page
    assert "(5 " not in page and "5 available" not in page


def _price(shops):
    record = shops["carpet"].stockrecords.get()
    record.price = Decimal("777.00")
    record.save()


def _out_of_stock(shops):
    record = shops["carpet"].stockrecords.get()
    record.num_in_stock = 0
    record.save()


def _unpublished(shops):
    product_unpublish(product=shops["carpet"])


def _retitled(shops):
    carpet = shops["carpet"]
    carpet.title = "Tapis Tifawin rouge"
    carpet.save()


@pytest.mark.parametrize(
    "write", [_price, _out_of_stock, _unpublished, _retitled], ids=lambda w: w.__name__
)
def test_a_shopper_never_sees_an_older_state_on_any_cached_page(
    shops, write, django_capture_on_commit_callbacks
):
    cache_every_page(shops)
    with django_capture_on_commit_callbacks(execute=True):
        write(shops)
    pages = {name: get(shops, name) for name in (*SHOWS_A, "search_a")}
    assert not any(is_hit(response) for response in pages.values())
    html = {name: r.content.decode() for name, r in pages.items()}
    if write is _price:
        for name in ("product_a", "catalogue", "craft_a", "shop_a", "home", "search_a"):
            assert "777" in html[name], name
    elif write is _out_of_stock:
        assert 'class="outofstock availability"' in html["product_a"]
        # Out of stock and not made to order: search finds it no more.
        assert "Tapis Tifawin" not in html["search_a"]
    elif write is _unpublished:
        assert pages["product_a"].status_code == 404
        for name in ("catalogue", "craft_a", "shop_a", "home", "search_a"):
            assert "Tapis Tifawin" not in html[name], name
    else:
        for name in SHOWS_A:
            assert "Tapis Tifawin rouge" in html[name], name
    # The other shop's pages, its craft and its product were kept.
    assert hits(shops, UNRELATED) == dict.fromkeys(UNRELATED, True)


def test_a_shop_edit_refreshes_its_pages_and_keeps_the_others(shops):
    cache_every_page(shops)
    seller = shops["carpet"].seller
    seller.name = "Atelier Tifawin & filles"
    seller.save()
    for name in ("product_a", "shop_a", "home", "catalogue", "craft_a"):
        response = get(shops, name)
        assert not is_hit(response), name
        assert "Atelier Tifawin &amp; filles" in response.content.decode(), name
    assert hits(shops, UNRELATED) == dict.fromkeys(UNRELATED, True)


@pytest.mark.parametrize("page_cache_seconds", [0, 60])
def test_an_anonymous_page_view_writes_nothing(shops, settings, page_cache_seconds):
    """No row and no session for a visitor who only looks (rendered or kept)."""
    settings.CATALOGUE_PAGE_CACHE_SECONDS = page_cache_seconds
    writes = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    for name in (*SHOWS_A, *UNRELATED, "search_a"):
        for _ in range(2):  # rendered, then (cache on) kept
            with CaptureQueriesContext(connection) as queries:
                response = get(shops, name)
            assert response.status_code == 200, name
            written = [
                q["sql"]
                for q in queries
                if q["sql"].lstrip().upper().startswith(writes)
            ]
            assert written == [], (name, written)
            assert "sessionid" not in response.cookies, name


def test_a_recommended_products_price_refreshes_the_page_recommending_it(shops):
    """Oscar's "Recommended items" read their products' tags: the page of the
    product recommending one goes stale when that one changes, at once."""
    ProductRecommendation = get_model("catalogue", "ProductRecommendation")
    ProductRecommendation.objects.create(
        primary=shops["carpet"], recommendation=shops["tajine"], ranking=1
    )
    assert not is_hit(get(shops, "product_a"))  # the new recommendation
    assert "Tajine Zellij" in get(shops, "product_a").content.decode()
    assert is_hit(get(shops, "product_a"))
    record = shops["tajine"].stockrecords.get()
    record.price = Decimal("555.00")
    record.save()
    response = get(shops, "product_a")
    assert not is_hit(response)
    assert "555,00" in response.content.decode()
    # Hidden since: no longer recommended (Oscar's list kept it).
    product_unpublish(product=shops["tajine"])
    assert "Tajine Zellij" not in get(shops, "product_a").content.decode()


def kept_page_seconds() -> list[int]:
    """The seconds left to each whole page kept in the (local memory) cache."""
    now = time.time()
    return [
        round(cache._expire_info[key] - now)
        for key in list(cache._cache)
        if ":catalogue:page:" in key
    ]


def test_pages_the_clock_does_not_change_are_kept_longer_than_wagtail_pages(
    shops, settings
):
    """Catalogue, craft, product, shop and search pages go stale by their
    versions alone: kept the longer time (Redis's default: 15 minutes). The
    Wagtail pages, whose fairs and promotions start and end with the clock,
    a minute."""
    if not hasattr(cache, "_expire_info"):
        pytest.skip("reads the local memory cache's expiry times")
    settings.CATALOGUE_VERSIONED_PAGE_CACHE_SECONDS = 900
    for name, seconds in (
        ("home", 60),
        *((name, 900) for name in (*SHOWS_A[:-1], *UNRELATED, "search_a")),
    ):
        cache.clear()
        assert get(shops, name).status_code == 200
        assert kept_page_seconds() == [pytest.approx(seconds, abs=2)], name
        assert is_hit(get(shops, name)), name


def test_with_the_page_cache_off_nothing_is_kept_however_long_it_could_be(
    shops, settings
):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 0
    settings.CATALOGUE_VERSIONED_PAGE_CACHE_SECONDS = 900
    for name in ("product_a", "catalogue", "search_a"):
        get(shops, name)
        assert not is_hit(get(shops, name)), name

"""A list page costs the same whatever the catalogue's size: the same queries,
a count that reads at most `CATALOGUE_LIST_PAGES_MAX` pages of products, and
no page deeper than those (on SQLite and, marked, PostgreSQL)."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from catalogue.selectors import BrowseFilters, product_list_browse, product_list_page
from tests.integration.catalogue import factories as f

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = pytest.mark.django_db

PER_PAGE, PAGES_MAX = 2, 3  # at most 6 products counted and paged


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def lists(request, two_crafts):
    return two_crafts


@pytest.fixture
def two_crafts(settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = PER_PAGE
    settings.CATALOGUE_LIST_PAGES_MAX = PAGES_MAX
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 0  # every view rendered
    seller = f.seller()
    carpets = create_from_breadcrumbs("Tapis et tissage")
    pottery = create_from_breadcrumbs("Poterie")
    return seller, carpets, pottery


def _add(seller, category, count, start=0):
    for n in range(start, start + count):
        item = f.product(seller_obj=seller, title=f"{category.name} {n}")
        ProductCategory.objects.create(product=item, category=category)


def _rendered(client, url, params=None) -> tuple[int, list[str], str]:
    client.get(url, params)  # kept parts and per-process caches warm
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    return len(sql), sql, response.content.decode()


@pytest.mark.parametrize("sort", ["newest", "popularity", "price-asc"])
def test_a_list_costs_the_same_queries_at_three_products_or_thirty(lists, sort):
    seller, carpets, pottery = lists
    _add(seller, carpets, 3)
    _add(seller, pottery, 2)
    urls = [reverse("catalogue:index"), carpets.get_absolute_url()]
    small = {url: _rendered(Client(), url, {"sort": sort})[0] for url in urls}
    _add(seller, carpets, 27, start=3)
    _add(seller, pottery, 10, start=2)
    large = {url: _rendered(Client(), url, {"sort": sort})[0] for url in urls}
    assert small == large, (small, large)


def test_a_long_list_counts_up_to_its_last_page_and_says_more(lists):
    seller, carpets, _pottery = lists
    with translation.override("en"):
        url = carpets.get_absolute_url()
    _add(seller, carpets, 5)
    _count, sql, html = _rendered(Client(), url)
    assert "5 products" in html and "More than" not in html
    _add(seller, carpets, 30, start=5)  # the list's version moved: counted anew
    with CaptureQueriesContext(connection) as ctx:
        html = Client().get(url).content.decode()
    # The count reads one product past the last page, never the whole list.
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"]]
    assert counts and all(f"LIMIT {PER_PAGE * PAGES_MAX + 1}" in q for q in counts)
    assert "More than 6 products" in html
    assert "Page 1 of 3" in html


def test_no_page_past_the_last_counted_one(lists, client):
    seller, carpets, _pottery = lists
    _add(seller, carpets, 12)
    url = carpets.get_absolute_url()
    assert len(client.get(url, {"page": 3}).context["products"]) == PER_PAGE
    # Page 4 would skip more products than the pages count: back to page 1.
    response = client.get(url, {"page": 4})
    assert response.status_code == 302
    assert response["Location"] == url


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


@pytest.mark.postgres
def test_postgresql_counts_no_further_than_the_cap(two_crafts):
    """The plan of the kept count stops reading at the cap: a Limit node
    passes cap + 1 rows to the count, whatever the list holds (35 here)."""
    seller, carpets, _pottery = two_crafts
    _add(seller, carpets, 35)
    ids = product_list_browse(filters=BrowseFilters(category=carpets))
    cap = PER_PAGE * PAGES_MAX
    with CaptureQueriesContext(connection) as ctx:
        assert ids.order_by()[: cap + 1].count() == cap + 1
    (count_sql,) = [q["sql"] for q in ctx.captured_queries]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {count_sql}")
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    nodes = list(_nodes(plan[0]["Plan"]))
    assert nodes[0]["Node Type"] == "Aggregate"
    limits = [node for node in nodes if node["Node Type"] == "Limit"]
    assert [node["Actual Rows"] for node in limits] == [cap + 1]


@pytest.mark.postgres
@pytest.mark.parametrize("sort", ["price-asc", "price-desc"])
def test_postgresql_reads_a_page_sorted_by_price_down_the_index(two_crafts, sort):
    """A page sorted by price can be read in the index's order and stopped at
    its last card (a planner that may not sort, as on a large catalogue):
    no product's stock records are read to find its price."""
    seller, carpets, _pottery = two_crafts
    for n in range(35):
        item = f.product(seller_obj=seller, price=Decimal(100 + (13 * n) % 35))
        ProductCategory.objects.create(product=item, category=carpets)
    ids = product_list_browse(filters=BrowseFilters(category=carpets, sort=sort))
    sql, params = ids[:PER_PAGE].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    nodes = list(_nodes(plan[0]["Plan"]))
    walked = [n for n in nodes if n.get("Index Name") == "product_price_sorted"]
    assert walked and walked[0]["Actual Rows"] <= PER_PAGE + 1
    assert not [n for n in nodes if n["Node Type"] == "Sort"]
    assert not any("stockrecord" in n.get("Relation Name", "") for n in nodes)


@pytest.fixture
def dear_and_cheap_crafts(settings, monkeypatch):
    """Carpets dearer than everything else; pottery cheaper; five others in
    between; only the 4 nearest products of either end are walked."""
    import catalogue.selectors

    monkeypatch.setattr(catalogue.selectors, "PRICE_WALK_MAX", 4)
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 0
    seller = f.seller()
    carpets = create_from_breadcrumbs("Tapis et tissage")
    pottery = create_from_breadcrumbs("Poterie")
    for price in (500, 800, 600, 700):
        item = f.product(seller_obj=seller, price=Decimal(price))
        ProductCategory.objects.create(product=item, category=carpets)
    for price in (30, 10, 20):
        item = f.product(seller_obj=seller, price=Decimal(price))
        ProductCategory.objects.create(product=item, category=pottery)
    for price in (40, 50, 60, 70, 80):
        f.product(seller_obj=seller, price=Decimal(price))
    return carpets, pottery


def _page(category, sort, index):
    filters = BrowseFilters(category=category, sort=sort)
    ids = product_list_browse(filters=filters)
    with CaptureQueriesContext(connection) as ctx:
        found = product_list_page(filters=filters, ids=ids, index=index)
    prices = dict(Product.objects.values_list("pk", "lowest_price"))
    return (
        [int(prices[pk]) for pk in found],
        len(ctx.captured_queries),
        list(ids[index]),
    )


@pytest.mark.parametrize(
    "craft, sort, index, prices, queries",
    [
        # Found among the 4 nearest: one query.
        ("carpets", "price-desc", slice(0, 2), [800, 700], 1),
        ("pottery", "price-asc", slice(0, 2), [10, 20], 1),
        ("pottery", "price-asc", slice(2, 4), [30], 2),  # the list ends
        # At the other end: the craft's own products sorted, a second query.
        ("carpets", "price-asc", slice(0, 2), [500, 600], 2),
        ("carpets", "price-asc", slice(2, 4), [700, 800], 2),
        ("pottery", "price-desc", slice(0, 2), [30, 20], 2),
    ],
)
def test_a_narrow_list_by_price_is_paged_as_the_walk_would_without_walking_past(
    dear_and_cheap_crafts, craft, sort, index, prices, queries
):
    carpets, pottery = dear_and_cheap_crafts
    category = {"carpets": carpets, "pottery": pottery}[craft]
    got, count, walked = _page(category, sort, index)
    assert got == prices
    assert count == queries
    prices_walked = dict(Product.objects.values_list("pk", "lowest_price"))
    assert got == [int(prices_walked[pk]) for pk in walked]


def test_the_category_page_sorted_cheapest_first_shows_the_dear_crafts_pages(
    dear_and_cheap_crafts, client, settings
):
    settings.OSCAR_PRODUCTS_PER_PAGE = 2
    carpets, _pottery = dear_and_cheap_crafts
    shown = []
    for page in ("1", "2"):
        response = client.get(
            carpets.get_absolute_url(), {"sort": "price-asc", "page": page}
        )
        assert response.status_code == 200
        shown += [int(card.price_min) for card in response.context["products"]]
    assert shown == [500, 600, 700, 800]

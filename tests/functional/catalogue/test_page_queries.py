"""Rendered pages cost a fixed number of SQL queries: the storefront whatever
its products, photos and variants; the crafts menu of every page is rendered
once per catalogue version when the page cache is on, and stays fresh."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.integration.catalogue import factories as f

pytestmark = pytest.mark.django_db


def queries_of(url, client=None) -> tuple[int, str]:
    client = client or Client()
    client.get(url)  # thumbnails and per-process caches warm, like a visitor's
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    count = len(ctx.captured_queries)  # read before the next request resets it
    assert response.status_code == 200
    return count, response.content.decode()


def test_a_storefront_costs_the_same_queries_whatever_its_products():
    small, large = f.seller(), f.seller()
    f.image(product_obj=f.product(seller_obj=small, title="Seul tapis"))
    for n in range(14):
        item = f.product(seller_obj=large, variants=n % 3, title=f"Tapis {n}")
        f.image(product_obj=item)
    small_count, _ = queries_of(small.get_absolute_url())
    large_count, html = queries_of(large.get_absolute_url())
    assert html.count("product-card") == 14
    # Seller, count, ids, cards, photos; the crafts menu adds two when it is
    # not kept (the page cache off, as in these tests by default).
    assert small_count == large_count <= 7, (small_count, large_count)


def test_a_signed_in_shoppers_storefront_costs_the_same_queries_too():
    seller = f.seller()
    for n in range(6):
        f.product(seller_obj=seller, variants=n % 2)
    client = Client()
    client.force_login(f.user())
    anonymous, _ = queries_of(seller.get_absolute_url())
    signed_in_small, _ = queries_of(seller.get_absolute_url(), client)
    for _n in range(6):
        f.product(seller_obj=seller, variants=2)
    signed_in_large, _ = queries_of(seller.get_absolute_url(), client)
    assert signed_in_small == signed_in_large, (signed_in_small, signed_in_large)
    assert anonymous <= signed_in_small


def test_the_crafts_menu_is_rendered_once_then_costs_no_query(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    f.Category.add_root(name="Poterie")
    client = Client()
    client.force_login(f.user())  # a rendered page, not a cached one
    url = reverse("catalogue:index")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    sql = [q["sql"] for q in ctx.captured_queries]
    assert "Poterie" in html
    assert not [q for q in sql if "catalogue_category" in q], sql


def test_a_new_craft_shows_in_the_menu_at_once(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    f.Category.add_root(name="Poterie")
    client = Client()
    client.force_login(f.user())
    url = reverse("catalogue:index")
    assert "Vannerie essai" not in client.get(url).content.decode()
    f.Category.add_root(name="Vannerie essai")
    assert "Vannerie essai" in client.get(url).content.decode()


def _tables_read(sql: list[str]) -> list[str]:
    """The table of each SELECT's first column, in order (a prefetch through
    a many-to-many table names that table)."""
    return [m.group(1) for q in sql if (m := re.match(r'SELECT \(?"(\w+)"\.', q))]


@pytest.mark.parametrize("visitor", ["anonymous", "with a basket", "signed in"])
def test_a_product_page_reads_its_photos_and_stock_once(settings, visitor):
    """Issue 14: a product page rendered for the first time (most product
    views in bench/load.py) reads its row, photos and stock records once for
    every part of the page (its photo in the head, its data, its
    body), and never Oscar's prefetch of children and options, which the page
    does not read."""
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 600
    seller = f.seller()
    product = f.product(seller_obj=seller, title="Tapis Azilal")
    f.image(product_obj=product)
    f.image(product_obj=product)
    other = f.product(seller_obj=f.seller(), title="Plat de Safi")
    client = Client()
    if visitor == "with a basket":
        client.post(reverse("basket:add", kwargs={"pk": other.pk}), {"quantity": 1})
    elif visitor == "signed in":
        client.force_login(f.user())
    client.get(other.get_absolute_url())  # per-process caches warm
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tapis Azilal" in html and 'property="og:image"' in html
    assert '"@type": "Product"' in html or '"@type":"Product"' in html
    sql = [q["sql"] for q in ctx.captured_queries]
    # This product's photos and stock records (not the basket lines' ones).
    own = _tables_read([q for q in sql if f"IN ({product.pk})" in q])
    assert own.count("catalogue_productimage") == 1, own
    assert own.count("partner_stockrecord") == 1, own
    # The view's row only: the details are read onto it, not with a row anew.
    rows = [q for q in sql if f'"catalogue_product"."id" = {product.pk}' in q]
    assert len(rows) == 1, rows
    # Oscar's prefetch of the children and the options, which the page does
    # not read (the form asks `has_options` first).
    assert not [q for q in sql if f'"parent_id" IN ({product.pk})' in q]
    assert not [t for t in _tables_read(sql) if t.endswith("_options")]

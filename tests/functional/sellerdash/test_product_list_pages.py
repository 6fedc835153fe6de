"""Issue 14: the shop's home lists its products a page at a time.

It listed them all: 190 ms of the workers' CPU for a shop of 200 products
(`bench/load.py --cpu`). Oscar's dashboard pages by
`OSCAR_DASHBOARD_ITEMS_PER_PAGE`; the queries do not grow with the shop, each
seller sees only their own products, and the filter is kept from page to page.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from marketplace.sellerdash.selectors import FILTER_MODERATED
from tests.integration.catalogue import factories as f

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")

EDIT_LINK = re.compile(r'href="/\w\w/seller/products/(\d+)/"')


@pytest.fixture(autouse=True)
def _pages_of_five(settings):
    settings.OSCAR_DASHBOARD_ITEMS_PER_PAGE = 5


def listed(client, **params) -> tuple[set[int], str, int]:
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("sellerdash:index"), params)
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('class="table seller-products"') :]
    table = table[: table.index("</table>")]
    return {int(pk) for pk in EDIT_LINK.findall(table)}, html, len(queries)


def shop(n: int):
    seller = f.seller()
    products = [f.product(seller_obj=seller, title=f"Pièce {i}") for i in range(n)]
    client = Client()
    client.force_login(seller.owner)
    return client, {product.pk for product in products}


def test_each_seller_pages_through_their_own_products_only():
    amina, amina_products = shop(7)
    youssef, youssef_products = shop(3)

    first, html, _ = listed(amina)
    second, html2, _ = listed(amina, page=2)
    assert len(first) == 5 and len(second) == 2
    assert first | second == amina_products
    assert "Page 1 of 2" in html and "page=2" in html
    assert "Page 2 of 2" in html2

    only, html, _ = listed(youssef)
    assert only == youssef_products
    assert "Page 1 of" not in html  # one page: no pagination
    # A page number past the end, or not a number: the nearest page.
    assert listed(amina, page=99)[0] == second
    assert listed(amina, page="x" * 500)[0] == first


def test_the_list_reads_as_much_for_a_large_shop_as_for_a_small_one():
    small, _ = shop(6)
    large, _ = shop(30)
    listed(small), listed(large)  # what the cache keeps between views, warm
    assert listed(small)[2] == listed(large)[2]


def test_the_filter_is_kept_from_page_to_page():
    client, products = shop(9)
    moderated = sorted(products)[:7]
    Product.objects.filter(pk__in=moderated).update(moderated_at=timezone.now())

    first, html, _ = listed(client, filter=FILTER_MODERATED)
    second, _, _ = listed(client, filter=FILTER_MODERATED, page=2)
    assert first | second == set(moderated)
    assert f"filter={FILTER_MODERATED}&amp;page=2" in html

"""Issue 14: the writes of `bench/load.py`'s mix, made through their own views,
leave cached what they do not change.

A seller signing in and saving a stock that stays in stock at its price, a
visitor filling a basket: no page shows any of it, so every page is still
served from the cache. A stock save that empties a product refreshes the
pages showing that product only: the other seller's storefront, product and
craft stay cached. (The order and the seller's own edits:
test_pages_by_what_they_show.py, whose shops and helpers these are.)
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.functional.pagecache.test_pages_by_what_they_show import (  # noqa: F401
    SHOWS_A,
    UNRELATED,
    _only_these_products,
    _page_cache_on,
    cache_every_page,
    get,
    hits,
    shops,
)
from tests.integration.cms.factories import tree  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

EVERY_PAGE = (*SHOWS_A, *UNRELATED, "search_a")


def seller_saves_stock(product, num_in_stock: int):
    record = product.stockrecords.get()
    seller = Client()
    seller.force_login(product.seller.owner)  # a sign-in: last_login saved
    seller.get(reverse("sellerdash:index"))
    url = reverse("sellerdash:stock-edit", kwargs={"pk": record.pk})
    seller.get(url)
    response = seller.post(
        url, {"price": str(record.price), "num_in_stock": num_in_stock}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    seller.get(response["Location"])  # the product's edit page, as in the mix
    record.refresh_from_db()
    return record


def test_a_seller_saving_a_stock_left_in_stock_makes_no_page_stale(shops):  # noqa: F811
    cache_every_page(shops)
    record = seller_saves_stock(shops["carpet"], 60)
    assert record.num_in_stock == 60
    assert hits(shops, EVERY_PAGE) == dict.fromkeys(EVERY_PAGE, True)


def test_a_visitor_filling_a_basket_makes_no_page_stale(shops):  # noqa: F811
    cache_every_page(shops)
    visitor = Client()
    for product in (shops["carpet"], shops["tajine"]):
        response = visitor.post(
            reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}
        )
        assert response.status_code == 302
    visitor.get(reverse("basket:summary"))
    assert hits(shops, EVERY_PAGE) == dict.fromkeys(EVERY_PAGE, True)


def test_a_stock_emptied_by_its_seller_refreshes_its_pages_only(shops):  # noqa: F811
    cache_every_page(shops)
    seller_saves_stock(shops["carpet"], 0)
    assert hits(shops, SHOWS_A) == dict.fromkeys(SHOWS_A, False)
    assert hits(shops, UNRELATED) == dict.fromkeys(UNRELATED, True)
    page = get(shops, "product_a").content.decode()
    assert 'class="outofstock availability"' in page

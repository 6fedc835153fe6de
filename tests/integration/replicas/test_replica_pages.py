"""The page cache keeps what a replica served only if the replica had
replayed the last write pages show (marketplace/replicas.py): a page rendered
between a commit and its replay is served, not kept under the new versions.

The replica is a second connection to the test database (conftest.py): it
is never behind by itself, so "behind" is the last write noted ahead of it,
as a standby is for a moment after each commit. PostgreSQL only: the WAL
positions are PostgreSQL's (on SQLite nothing is compared).
"""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from catalogue.services import stockrecord_set
from marketplace import replicas
from marketplace.replicas import PRIMARY_WRITE_KEY
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture
def product(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 60
    seller = SellerFactory()
    product = ProductFactory(seller=seller, title="Tapis de Taznakht")
    StockRecordFactory(
        product=product, partner=seller.partner, num_in_stock=4, price="300.00"
    )
    cache.clear()
    return product


def _hit(url) -> bool:
    response = Client().get(url)
    assert response.status_code == 200
    return response.get("X-Page-Cache") == "hit"


def _replayed() -> int:
    return replicas._position("replica_1")


def test_a_write_pages_show_notes_the_primary_position(replica, product):
    before = _replayed()
    stockrecord_set(product=product, price=Decimal("350.00"), num_in_stock=4)
    assert cache.get(PRIMARY_WRITE_KEY) > before


def test_a_page_from_a_replica_behind_the_last_write_is_served_not_kept(
    replica, product
):
    url = product.get_absolute_url()
    cache.set(PRIMARY_WRITE_KEY, _replayed() + 10**9, None)

    assert [_hit(url), _hit(url)] == [False, False]

    # The replica has replayed it: the next rendering is kept.
    cache.set(PRIMARY_WRITE_KEY, _replayed(), None)
    assert [_hit(url), _hit(url)] == [False, True]


def test_after_a_price_change_the_current_replica_serves_the_new_price(
    replica, product
):
    url = product.get_absolute_url()
    assert [_hit(url), _hit(url)] == [False, True]
    stockrecord_set(product=product, price=Decimal("450.00"), num_in_stock=4)

    page = Client().get(url)

    assert page.get("X-Page-Cache") is None
    assert '"price": "450.00"' in page.content.decode()
    assert _hit(url)


def test_without_replicas_no_position_is_noted(transactional_db, product):
    stockrecord_set(product=product, price=Decimal("350.00"), num_in_stock=4)
    assert cache.get(PRIMARY_WRITE_KEY) is None

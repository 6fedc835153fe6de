"""An order an offer applied to counts the offer's use in the database, and
throws no cached page away unless the offer is used up (issue 14).

Oscar's `record_usage` saved the offer's row with the counts it had read
when the basket was priced: two orders at once lost one use, and every
order an offer applied to made every cached page stale (the offer is among
what all pages show, for the prices it changes), though no page shows how
often it was used. The bench's load lost its whole page cache this way."""

from decimal import Decimal

import pytest
from django.test import Client
from oscar.core.loading import get_model

from marketplace.pagecache.pages import HIT_HEADER, pages_version
from tests.cached_pages import cached_pages_on
from tests.integration.checkout.shop import checkout, make_product, make_seller
from tests.integration.offer.builders import festival

pytestmark = pytest.mark.django_db

ConditionalOffer = get_model("offer", "ConditionalOffer")
Product = get_model("catalogue", "Product")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    yield from cached_pages_on(settings, page_seconds=60, cash_only=True)


def is_hit(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


@pytest.fixture
def shop():
    seller = make_seller("Poterie Fassi")
    return {
        "tajine": make_product(seller, price="300.00", title="Tajine"),
        "bowl": make_product(seller, price="50.00", title="Bol"),
        "seller": seller,
    }


def test_an_order_an_offer_applied_to_is_counted_and_keeps_other_pages(shop):
    offer = festival()
    kept = [shop["bowl"].get_absolute_url(), shop["seller"].get_absolute_url()]
    for url in kept:
        Client().get(url)
    version = pages_version()

    response = checkout(Client(), [(shop["tajine"], 2)])
    assert response.status_code == 302, response.content[:500]

    offer.refresh_from_db()
    assert (offer.num_orders, offer.num_applications) == (1, 1)
    assert offer.total_discount == Decimal("60.00")
    assert offer.status == ConditionalOffer.OPEN
    # Nothing every page shows was written: the pages of the other pieces
    # are still served from the cache.
    assert pages_version() == version
    assert is_hit(Client().get(kept[0]))


def test_two_orders_counting_from_the_same_reading_both_count():
    offer = festival()
    first, second = (ConditionalOffer.objects.get(pk=offer.pk) for _ in range(2))
    first.record_usage({"freq": 1, "discount": Decimal("30.00")})
    second.record_usage({"freq": 2, "discount": Decimal("5.00")})
    offer.refresh_from_db()
    assert (offer.num_orders, offer.num_applications) == (2, 3)
    assert offer.total_discount == Decimal("35.00")
    assert second.num_applications == 3  # the instance reads what was counted


def test_an_offer_used_up_is_consumed_and_every_page_goes_stale(shop):
    offer = festival(max_global_applications=2)
    url = shop["bowl"].get_absolute_url()
    Client().get(url)
    version = pages_version()

    offer.record_usage({"freq": 1, "discount": Decimal("5.00")})
    offer.refresh_from_db()
    assert offer.status == ConditionalOffer.OPEN
    assert pages_version() == version

    offer.record_usage({"freq": 1, "discount": Decimal("5.00")})
    offer.refresh_from_db()
    assert offer.status == ConditionalOffer.CONSUMED
    # Its prices are gone from every page that showed them.
    assert pages_version() != version
    assert not is_hit(Client().get(url))


def test_a_suspended_offer_stays_suspended_when_an_order_counts_it():
    offer = festival(max_global_applications=1)
    offer.suspend()
    offer.record_usage({"freq": 1, "discount": Decimal("5.00")})
    offer.refresh_from_db()
    assert offer.status == ConditionalOffer.SUSPENDED
    assert offer.num_applications == 1

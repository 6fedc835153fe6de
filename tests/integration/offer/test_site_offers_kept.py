"""Issue 14: the site's offers are read once for every basket, not once a
request, and a basket still gets exactly the offers of the moment.

Kept between requests by the site-wide version (every save of an offer, its
condition, benefit or range moves it), they are sorted by the clock at each
request: an offer starts and ends without a write. What is left of an offer
limited in uses is read at each request (orders count without moving any
version).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.offer import applicator
from tests.cached_pages import cached_pages_on
from tests.integration.checkout.shop import fill_basket, make_product, make_seller
from tests.integration.offer.builders import festival

pytestmark = pytest.mark.django_db

ConditionalOffer = get_model("offer", "ConditionalOffer")

OFFER_TABLE = '"offer_conditionaloffer"'


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.CHECKOUT_KEPT_READS_SECONDS = 600
    yield from cached_pages_on(settings, page_seconds=0, part_seconds=600)


@pytest.fixture
def tajine():
    return make_product(make_seller("Poterie Fassi"), price="300.00", title="Tajine")


def shopper(product) -> Client:
    client = Client()
    fill_basket(client, [(product, 1)])
    return client


def basket_page(client) -> tuple[str, list[str]]:
    """The basket page's HTML, and the statements that read the offers."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/basket/")
    assert response.status_code == 200
    read = [q["sql"] for q in queries if f"FROM {OFFER_TABLE}" in q["sql"]]
    return response.content.decode(), read


def discounted(html: str) -> bool:
    return "Fête des artisans" in html and "270,00" in html


def test_the_site_offers_are_read_once_for_every_basket(tajine, settings):
    festival()
    # Read by the first shopper's add to basket; every basket page after it,
    # this shopper's and another's, applies them unread.
    for _ in range(2):
        html, read = basket_page(shopper(tajine))
        assert discounted(html)
        assert read == []
    # Not kept (the default without Redis): read at every request.
    settings.CHECKOUT_KEPT_READS_SECONDS = 0
    html, read = basket_page(shopper(tajine))
    assert discounted(html) and read


def test_an_offer_starts_and_ends_by_the_clock_with_no_write(tajine, monkeypatch):
    start = timezone.now() + timedelta(hours=1)
    festival(start_datetime=start, end_datetime=start + timedelta(hours=1))
    client = shopper(tajine)
    assert not discounted(basket_page(client)[0])  # kept, not started yet

    monkeypatch.setattr(applicator, "now", lambda: start + timedelta(minutes=30))
    html, read = basket_page(client)
    assert discounted(html) and read == []
    monkeypatch.setattr(applicator, "now", lambda: start + timedelta(hours=2))
    assert not discounted(basket_page(client)[0])


def test_an_offer_edited_or_suspended_applies_at_once(tajine):
    offer = festival()
    client = shopper(tajine)
    assert discounted(basket_page(client)[0])
    # From three pieces now: the basket's one no longer gets it.
    offer.condition.value = 3
    offer.condition.save()
    assert not discounted(basket_page(client)[0])
    offer.condition.value = 1
    offer.condition.save()
    assert discounted(basket_page(client)[0])
    offer.suspend()
    assert not discounted(basket_page(client)[0])


def test_an_offer_limited_in_uses_gives_only_what_is_left(tajine):
    offer = festival(max_global_applications=2)
    client = shopper(tajine)
    assert discounted(basket_page(client)[0])
    # Orders elsewhere used it up to its last use, moving no version.
    ConditionalOffer.objects.filter(pk=offer.pk).update(num_applications=2)
    html, read = basket_page(client)
    assert not discounted(html)
    assert len(read) == 1  # what is left, not the offer's rows

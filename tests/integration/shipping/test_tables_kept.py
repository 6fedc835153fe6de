"""Issue 14: what a seller's shipping charge reads (zones, the seller's
carrier and countries, the carrier's bands, the seller's prices abroad) is
kept between requests, and every write to it shows in the next charge.

The basket page and each checkout step ask for the same sellers' tables;
kept by a version that every save or delete of a carrier, zone, band, seller's
shipping or price abroad moves, a charge never reads an older rate than the
last one written."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.shipping.charges import seller_shipping_charge
from marketplace.shipping.models import CarrierRate, SellerZoneRate
from tests.integration.checkout.shop import make_seller

from .rates import seeded_carriers, seller_ships, zone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.CHECKOUT_KEPT_READS_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def potter():
    carriers = seeded_carriers()
    seller = make_seller("Poterie Amana", flat_rate="99.00", free_from=None)
    seller_ships(
        seller, carrier=carriers["amana"], countries="FR", abroad={"europe": "150.00"}
    )
    return {"seller": seller, "carriers": carriers}


def charge(seller, *, weight_g=400, country=None) -> tuple[Decimal | None, list]:
    """The charge, and the statements that read the shipping tables."""
    with CaptureQueriesContext(connection) as queries:
        price = seller_shipping_charge(
            seller=seller,
            subtotal=Decimal("100.00"),
            weight_g=weight_g,
            country=country,
        )
    return price, [q["sql"] for q in queries if '"shipping_' in q["sql"]]


def test_the_tables_are_read_once_for_many_charges(potter, settings):
    seller = potter["seller"]
    assert charge(seller)[0] == Decimal("25.00")
    for weight_g, country, price in [(400, None, "25.00"), (501, None, "35.00")]:
        assert charge(seller, weight_g=weight_g, country=country) == (
            Decimal(price),
            [],
        )
    assert charge(seller, country="FR") == (Decimal("150.00"), [])
    settings.CHECKOUT_KEPT_READS_SECONDS = 0  # not kept: read each time
    price, read = charge(seller)
    assert price == Decimal("25.00") and len(read) == 4


def test_every_write_to_the_tables_shows_in_the_next_charge(potter):
    seller, carriers = potter["seller"], potter["carriers"]
    assert charge(seller)[0] == Decimal("25.00")
    # The carrier's band repriced.
    band = CarrierRate.objects.get(
        carrier=carriers["amana"], zone__is_domestic=True, max_weight_g=500
    )
    band.price = Decimal("27.00")
    band.save()
    assert charge(seller)[0] == Decimal("27.00")
    # Another carrier chosen by the seller.
    seller_ships(seller, carrier=carriers["aramex"], countries="FR")
    assert (
        charge(seller)[0]
        == CarrierRate.objects.filter(
            carrier=carriers["aramex"], zone__is_domestic=True
        )
        .order_by("max_weight_g")[0]
        .price
    )
    # Its own courier: its flat rate.
    seller_ships(seller, carrier=carriers["own-courier"], countries="FR")
    assert charge(seller)[0] == Decimal("99.00")
    # Abroad: repriced, then no longer priced there.
    assert charge(seller, country="FR")[0] == Decimal("150.00")
    rate = SellerZoneRate.objects.get(seller=seller, zone=zone("europe"))
    rate.price = Decimal("160.00")
    rate.save()
    assert charge(seller, country="FR")[0] == Decimal("160.00")
    SellerZoneRate.objects.filter(seller=seller).delete()
    assert charge(seller, country="FR")[0] is None
    # The zone no longer holds France.
    europe = zone("europe")
    europe.countries = " ".join(c for c in europe.country_list if c != "FR")
    europe.save()
    assert charge(seller, country="FR")[0] is None

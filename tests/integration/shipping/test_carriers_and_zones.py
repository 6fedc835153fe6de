"""Carriers' rates by zone and weight band, each seller's carrier in Morocco and
its countries and prices abroad, charged per seller's part at checkout."""

from decimal import Decimal

import pytest
from django.test import Client
from oscar.core.loading import get_model

from marketplace.shipping.charges import seller_shipping_charge
from tests.integration.checkout.shop import (
    ADDRESS,
    checkout,
    country_morocco,
    fill_basket,
    make_product,
    make_seller,
    place_order,
)

from .rates import seeded_carriers, seller_ships, shipping_country

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture
def carriers():
    return seeded_carriers()


def charge(seller, *, subtotal="100.00", weight_g=1000, country=None):
    return seller_shipping_charge(
        seller=seller, subtotal=Decimal(subtotal), weight_g=weight_g, country=country
    )


def test_the_seed_holds_the_moroccan_carriers_with_their_tracking_pages(carriers):
    assert {"amana", "ctm-messagerie", "aramex", "own-courier"} <= set(carriers)
    assert "{number}" in carriers["amana"].tracking_url
    assert carriers["own-courier"].is_own_courier
    assert carriers["own-courier"].tracking_url == ""


def test_a_parcel_pays_the_lightest_band_of_its_carrier_that_holds_it(carriers):
    potter = make_seller("Poterie Amana", flat_rate="99.00", free_from=None)
    seller_ships(potter, carrier=carriers["amana"])

    assert charge(potter, weight_g=400) == Decimal("25.00")
    assert charge(potter, weight_g=500) == Decimal("25.00")
    assert charge(potter, weight_g=501) == Decimal("35.00")
    assert charge(potter, weight_g=9000) == Decimal("75.00")
    # Beyond the heaviest band: the heaviest band's price.
    assert charge(potter, weight_g=45000) == Decimal("130.00")


def test_each_carrier_has_its_own_bands(carriers):
    ctm = make_seller("Tapis CTM", flat_rate="99.00", free_from=None)
    seller_ships(ctm, carrier=carriers["ctm-messagerie"])
    aramex = make_seller("Cuivre Aramex", flat_rate="99.00", free_from=None)
    seller_ships(aramex, carrier=carriers["aramex"])

    assert charge(ctm, weight_g=3000) == Decimal("45.00")
    assert charge(aramex, weight_g=3000) == Decimal("70.00")


def test_a_seller_without_a_carrier_or_with_its_own_courier_charges_its_flat_rate(
    carriers,
):
    plain = make_seller("Sans transporteur", flat_rate="33.00", free_from=None)
    courier = make_seller("Coursier maison", flat_rate="20.00", free_from=None)
    seller_ships(courier, carrier=carriers["own-courier"])

    assert charge(plain, weight_g=4000) == Decimal("33.00")
    assert charge(courier, weight_g=4000) == Decimal("20.00")


def test_free_shipping_from_the_threshold_applies_in_morocco_only(carriers):
    potter = make_seller("Poterie seuil", flat_rate="30.00", free_from="500.00")
    seller_ships(
        potter, carrier=carriers["amana"], countries="FR", abroad={"europe": "150.00"}
    )

    assert charge(potter, subtotal="600.00") == Decimal("0.00")
    assert charge(potter, subtotal="600.00", country="FR") == Decimal("150.00")


def test_abroad_a_seller_ships_only_to_its_countries_at_its_zone_price(carriers):
    potter = make_seller("Poterie export", flat_rate="30.00", free_from=None)
    seller_ships(
        potter,
        carrier=carriers["amana"],
        countries="FR BE US",
        abroad={"europe": "150.00"},
    )
    homebody = make_seller("Poterie locale", flat_rate="30.00", free_from=None)

    assert charge(potter, country="FR") == Decimal("150.00")
    assert charge(potter, country="BE") == Decimal("150.00")
    # Spain is in the zone, but not among the seller's countries.
    assert charge(potter, country="ES") is None
    # The United States are chosen, but the seller priced no parcel there.
    assert charge(potter, country="US") is None
    # A country in no zone.
    assert charge(potter, country="JP") is None
    assert charge(homebody, country="FR") is None
    assert charge(homebody, country="MA") == Decimal("30.00")


def test_each_seller_part_records_its_carrier_and_its_band_charge(client, carriers):
    potter = make_seller("Poterie Fès", flat_rate="99.00", free_from=None)
    seller_ships(potter, carrier=carriers["amana"])
    weaver = make_seller("Tapis Azrou", flat_rate="45.00", free_from=None)
    tajine = make_product(potter, price="300.00")
    tajine.weight_g = 1800
    tajine.save()
    rug = make_product(weaver, price="700.00")

    checkout(client, [(tajine, 1), (rug, 1)])

    parts = {
        part.seller_id: part
        for part in Order.objects.get().seller_parts.select_related("shipping_carrier")
    }
    assert parts[potter.pk].shipping_carrier == carriers["amana"]
    assert parts[potter.pk].carrier == "Amana"
    assert parts[potter.pk].shipping_charge == Decimal("35.00")
    assert parts[weaver.pk].shipping_carrier is None
    assert parts[weaver.pk].shipping_charge == Decimal("45.00")


def _to_address(client: Client, items, country: str):
    country_morocco()
    fill_basket(client, items)
    client.post(
        "/fr/checkout/", {"username": "jeanne@example.fr", "options": "anonymous"}
    )
    response = client.post(
        "/fr/checkout/shipping-address/",
        {**ADDRESS, "line4": "Lyon", "postcode": "69001", "country": country},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get("/fr/checkout/shipping-method/")


def test_an_order_to_france_pays_each_sellers_price_abroad(client, carriers):
    shipping_country("FR", "France")
    potter = make_seller("Poterie Safi", flat_rate="30.00", free_from="100.00")
    seller_ships(
        potter, carrier=carriers["aramex"], countries="FR", abroad={"europe": "180.00"}
    )
    weaver = make_seller("Tapis Taznakht", flat_rate="45.00", free_from=None)
    seller_ships(weaver, countries="FR ES", abroad={"europe": "250.00"})
    tajine = make_product(potter, price="300.00")
    rug = make_product(weaver, price="900.00")

    response = _to_address(client, [(tajine, 1), (rug, 1)], "FR")
    assert response.status_code == 302
    assert not response["Location"].endswith("/checkout/shipping-address/")
    client.get(response["Location"], follow=True)
    place_order(client)

    order = Order.objects.get()
    assert order.shipping_address.country_id == "FR"
    charges = {p.seller_id: p.shipping_charge for p in order.seller_parts.all()}
    assert charges == {potter.pk: Decimal("180.00"), weaver.pk: Decimal("250.00")}
    assert order.shipping_incl_tax == Decimal("430.00")


def test_no_shipping_is_offered_to_a_country_one_of_the_sellers_does_not_ship_to(
    client, carriers
):
    shipping_country("FR", "France")
    potter = make_seller("Poterie Tamegroute", flat_rate="30.00", free_from=None)
    seller_ships(potter, countries="FR", abroad={"europe": "180.00"})
    homebody = make_seller("Vannerie locale", flat_rate="30.00", free_from=None)
    tajine = make_product(potter, price="300.00")
    basket = make_product(homebody, price="90.00")

    response = _to_address(client, [(tajine, 1), (basket, 1)], "FR")

    assert response.status_code == 302
    assert response["Location"].endswith("/checkout/shipping-address/")
    assert not Order.objects.exists()

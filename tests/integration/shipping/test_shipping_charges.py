"""Each seller charges its own shipping: its flat rate, free above its threshold,
the marketplace's defaults when it set none."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from tests.integration.checkout.shop import (
    checkout,
    checkout_to_preview,
    make_product,
    make_seller,
)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def test_below_the_threshold_each_seller_charges_its_flat_rate(client, two_sellers):
    potter, weaver, tajine, plate, rug = two_sellers

    checkout(client, [(tajine, 1), (rug, 1)])

    order = Order.objects.get()
    assert sorted(p.shipping_charge for p in order.seller_parts.all()) == [
        Decimal("30.00"),
        Decimal("45.00"),
    ]
    assert order.shipping_incl_tax == Decimal("75.00")


def test_a_seller_without_rates_charges_the_marketplace_defaults(client, settings):
    settings.MARKETPLACE_SHIPPING_FLAT_RATE = Decimal("40.00")
    settings.MARKETPLACE_FREE_SHIPPING_THRESHOLD = Decimal("1000.00")
    plain = make_seller("Bois Essaouira", flat_rate=None, free_from=None)
    box = make_product(plain, price="200.00")
    big = make_product(plain, price="900.00")

    checkout(client, [(box, 1)])
    assert Order.objects.get().seller_parts.get().shipping_charge == Decimal("40.00")

    client.cookies.clear()
    checkout(client, [(box, 1), (big, 1)])
    latest = Order.objects.order_by("-pk").first()
    assert latest.seller_parts.get().shipping_charge == Decimal("0.00")


def test_the_preview_shows_one_parcel_and_shipping_charge_per_seller(
    client, two_sellers
):
    potter, weaver, tajine, plate, rug = two_sellers

    response = checkout_to_preview(client, [(tajine, 1), (rug, 1)])

    html = response.content.decode()
    assert 'id="seller-shipping"' in html
    table = html.split('id="seller-shipping"')[1].split("</table>")[0]
    assert "Poterie Fassi" in table and "Tapis Azilal" in table
    assert "30,00" in table and "45,00" in table
    assert "Paiement à la livraison" in html

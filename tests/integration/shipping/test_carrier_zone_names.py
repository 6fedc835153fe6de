"""Carriers', zones' and shipping methods' names in fr, ar and en."""

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.checkout.display import shipping_method_name
from marketplace.shipping.models import Carrier, ShippingZone
from marketplace.shipping.seed import shipping_names_seed
from tests.factories import UserFactory
from tests.integration.checkout.shop import checkout, make_product, make_seller
from tests.integration.shipping.rates import seeded_carriers, seller_ships

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

COURIER = {
    "fr": "Coursier de l'artisan",
    "ar": "ساعي الحرفي",
    "en": "The artisan's own courier",
}
EUROPE = {"fr": "Europe", "ar": "أوروبا", "en": "Europe"}
PER_SELLER = {
    "fr": "Livraison par chaque artisan",
    "ar": "التوصيل من طرف كل صانع",
    "en": "Delivery by each artisan",
}


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_carrier_and_zone_names_read_in_the_active_language(code):
    seeded_carriers()

    with translation.override(code):
        courier = Carrier.objects.get(code="own-courier")
        europe = ShippingZone.objects.get(code="europe")
        assert courier.name == COURIER[code]
        assert europe.name == EUROPE[code]


def test_the_migration_kept_the_french_names_and_seeding_keeps_staffs_names():
    seeded_carriers()
    amana = Carrier.objects.get(code="amana")
    assert (amana.name_fr, amana.name_ar, amana.name_en) == ("Amana", "أمانة", "Amana")
    Carrier.objects.filter(code="amana").update(name_ar="بريد أمانة")

    shipping_names_seed(apps)

    assert Carrier.objects.get(code="amana").name_ar == "بريد أمانة"


def test_a_name_missing_in_a_language_falls_back_to_french():
    seeded_carriers()
    ShippingZone.objects.filter(code="europe").update(name_en=None)

    with translation.override("en"):
        assert ShippingZone.objects.get(code="europe").name == "Europe"
    ShippingZone.objects.filter(code="maroc").update(name_en="")
    with translation.override("en"):
        assert ShippingZone.objects.get(code="maroc").name == "Maroc"


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_order_pages_name_the_shipping_method_and_carrier_in_their_language(
    code,
):
    carriers = seeded_carriers()
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    seller_ships(potter, carrier=carriers["own-courier"])
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    shopper = Client()
    shopper.force_login(UserFactory())
    checkout(shopper, [(tajine, 1)], signed_in=True)  # placed on a French page
    order = Order.objects.get()
    assert order.shipping_method == PER_SELLER["fr"]

    html = shopper.get(f"/{code}/accounts/orders/{order.number}/").content.decode()

    assert f"<p>{PER_SELLER[code]}</p>" in html
    with translation.override(code):
        assert order.seller_parts.get().carrier_name == COURIER[code]


def test_an_unknown_shipping_method_reads_as_stored():
    assert shipping_method_name(code="gone", stored="Ancienne") == "Ancienne"

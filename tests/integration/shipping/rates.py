"""Builders for shipping tests: the seeded carriers and zones, a seller's
shipping settings, countries Oscar's address form offers."""

from decimal import Decimal

from django.apps import apps
from oscar.core.loading import get_model

from marketplace.shipping.models import (
    Carrier,
    SellerShipping,
    SellerZoneRate,
    ShippingZone,
)
from marketplace.shipping.seed import shipping_names_seed, shipping_seed

Country = get_model("address", "Country")


def seeded_carriers() -> dict[str, Carrier]:
    """The migration's carriers, zones and rates (again after a flush)."""
    shipping_seed(apps)
    shipping_names_seed(apps)
    return {carrier.code: carrier for carrier in Carrier.objects.all()}


def zone(code: str) -> ShippingZone:
    return ShippingZone.objects.get(code=code)


def seller_ships(
    seller,
    *,
    carrier: Carrier | None = None,
    abroad: dict[str, str] | None = None,
    countries: str = "",
) -> SellerShipping:
    """Give `seller` a carrier in Morocco and prices per zone abroad."""
    shipping, __ = SellerShipping.objects.update_or_create(
        seller=seller, defaults={"carrier": carrier, "countries_abroad": countries}
    )
    for code, price in (abroad or {}).items():
        SellerZoneRate.objects.update_or_create(
            seller=seller, zone=zone(code), defaults={"price": Decimal(price)}
        )
    return shipping


def shipping_country(code: str, name: str) -> None:
    Country.objects.get_or_create(
        iso_3166_1_a2=code,
        defaults={
            "iso_3166_1_a3": code + "X",
            "iso_3166_1_numeric": "999",
            "printable_name": name,
            "name": name,
            "is_shipping_country": True,
        },
    )

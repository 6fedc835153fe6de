"""Writes of shipping: a seller's shipping settings."""

from decimal import Decimal

from django.db import transaction

from .models import SellerShipping, SellerZoneRate


def seller_shipping_update(
    *, seller, carrier, countries: list[str], zone_rates: dict
) -> SellerShipping:
    """Set the shop's carrier in Morocco, its countries abroad and its price
    per zone abroad (`zone_rates`: zone -> price, None to stop shipping
    there)."""
    with transaction.atomic():
        shipping, __ = SellerShipping.objects.update_or_create(
            seller=seller,
            defaults={
                "carrier": carrier,
                "countries_abroad": " ".join(sorted(set(countries))),
            },
        )
        for zone, price in zone_rates.items():
            if price is None:
                SellerZoneRate.objects.filter(seller=seller, zone=zone).delete()
            else:
                SellerZoneRate.objects.update_or_create(
                    seller=seller, zone=zone, defaults={"price": Decimal(price)}
                )
    return shipping

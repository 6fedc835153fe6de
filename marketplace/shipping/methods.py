from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import *  # noqa: F403
from oscar.apps.shipping.methods import Base
from oscar.core import prices

from .charges import basket_split_by_seller


class PerSellerShipping(Base):
    """Each seller's parcel charged by its own rate: the sum of the parcels,
    for the shipping address's country (Morocco before there is one)."""

    code = "per-seller"
    name = _("Delivery by each artisan")
    description = _(
        "Each artisan ships their own parcel by its carrier; in Morocco a parcel "
        "ships free above the artisan's threshold."
    )

    def __init__(self, country: str | None = None):
        self.country = country

    def calculate(self, basket):
        total = sum(
            (
                share.shipping or Decimal("0.00")
                for share in basket_split_by_seller(basket=basket, country=self.country)
            ),
            Decimal("0.00"),
        )
        # Prices on the marketplace include tax: shipping does too.
        return prices.Price(currency=basket.currency, excl_tax=total, tax=Decimal("0"))

from oscar.apps.checkout.exceptions import *  # noqa: F403
from oscar.apps.order.exceptions import UnableToPlaceOrder


class OrderAlreadyPlaced(Exception):  # noqa: N818
    """The basket was already turned into an order (a form submitted twice)."""

    def __init__(self, order):
        super().__init__(order.number)
        self.order = order


class CashOnDeliveryRefused(UnableToPlaceOrder):
    """Cash on delivery is not offered for this order (its value, or too many
    unconfirmed cash orders from the same address or phone)."""

"""The shopper's order confirmation and the sellers' notices."""

import logging

from django.urls import reverse
from oscar.core.loading import get_class

from marketplace.sellerorders import notifications as seller_notifications

OrderDispatcher = get_class("order.utils", "OrderDispatcher")
logger = logging.getLogger("oscar.checkout")


def order_confirmation_send(*, order) -> None:
    """Oscar's "order placed" e-mail to the shopper, then each seller's notice.

    Sent when the order is confirmed: at placement for cash on delivery, when
    Stripe confirms the payment for a card.
    """
    if order.user_id:
        path = reverse("customer:order", kwargs={"order_number": order.number})
    else:
        path = reverse(
            "customer:anon-order",
            kwargs={"order_number": order.number, "hash": order.verification_hash()},
        )
    context = {
        "user": order.user,
        "order": order,
        "lines": order.lines.all(),
        "status_path": path,
    }
    OrderDispatcher(logger=logger).send_order_placed_email_for_user(order, context)
    seller_notifications.sellers_order_placed(order=order)

"""The shopper's order confirmation (the sellers' notices are in
`sellerorders.notifications`). Sent by tasks, queued through the outbox by
`checkout.services.order_confirmation_enqueue`."""

import logging

from django.urls import reverse
from oscar.core.loading import get_class

OrderDispatcher = get_class("order.utils", "OrderDispatcher")
logger = logging.getLogger("oscar.checkout")


def shopper_order_placed(*, order) -> None:
    """Oscar's "order placed" e-mail to the shopper, in the active language."""
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

"""The shopper's order confirmation (the sellers' notices are in
`sellerorders.notifications`). Sent by tasks, queued through the outbox by
`orders.services.order_confirmation_enqueue`."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
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


def cod_confirmation_request_send(*, order, url: str) -> None:
    """Ask the shopper to confirm a cash-on-delivery order by its signed link.

    Until it is confirmed (by this link, or by phone with a seller), sellers
    do not ship it, and it expires after MARKETPLACE_COD_CONFIRM_HOURS.
    """
    if not order.email:
        return
    body = render_to_string(
        "oscar/checkout/emails/cod_confirm_request.txt",
        {
            "order": order,
            "url": url,
            "hours": settings.MARKETPLACE_COD_CONFIRM_HOURS,
        },
    )
    send_mail(
        _("Confirm your order %(number)s") % {"number": order.number},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [order.email],
    )

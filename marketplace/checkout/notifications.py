"""The shopper's order confirmation (the sellers' notices are in
`sellerorders.notifications`). Sent by tasks, queued through the outbox by
`orders.services.order_confirmation_enqueue`."""

import logging

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_class
from oscar.templatetags.url_tags import absolute_url

from marketplace.notifications.selectors import order_language
from marketplace.orders.links import order_status_path

from .display import OrderForPage

OrderDispatcher = get_class("order.utils", "OrderDispatcher")
logger = logging.getLogger("oscar.checkout")


def shopper_order_placed(*, order) -> None:
    """Oscar's "order placed" e-mail to the shopper, in the shopper's language.

    Oscar's templates show the tracking link only when `status_url` is set,
    and write it from the site's domain and `status_path`: both are given,
    as Oscar's own checkout does.
    """
    with translation.override(order_language(order=order)):
        path = order_status_path(order=order)
        context = {
            "user": order.user,
            # As a page shows it: the country, shipping method and offers'
            # names in the shopper's language (Oscar's templates print them).
            "order": OrderForPage(order),
            "lines": order.lines.all(),
            "status_path": path,
            "status_url": absolute_url(Site.objects.get_current().domain, path),
        }
        dispatcher = OrderDispatcher(logger=logger)
        code = dispatcher.ORDER_PLACED_EVENT_CODE
        messages = dispatcher.dispatcher.get_messages(code, context)
        messages["body"] = body_with_method_and_offers(
            messages["body"], order=context["order"]
        )
        dispatcher.dispatch_order_messages(order, messages, code)


def body_with_method_and_offers(body: str, *, order: OrderForPage) -> str:
    """Oscar's plain-text confirmation with the shipping method and the offers
    its HTML part shows (the project's block there), in the active language.

    Oscar's `commtype_order_placed_body.txt` has no block to extend: the
    project's lines go before its "Shipping address:", else at its end.
    """
    more = render_to_string(
        "checkout/emails/order_placed_more.txt",
        {
            "shipping_method": order.shipping_method,
            "offers": [d.offer_name_text for d in order.basket_discounts],
        },
    )
    address = _("Shipping address:")
    if address in body:
        return body.replace(address, more + "\n" + address, 1)
    return body.rstrip("\n") + "\n\n" + more


def cod_confirmation_request_send(*, order, url: str) -> None:
    """Ask the shopper to confirm a cash-on-delivery order by its signed link.

    Until it is confirmed (by this link, or by phone with a seller), sellers
    do not ship it, and it expires after MARKETPLACE_COD_CONFIRM_HOURS.
    """
    if not order.email:
        return
    with translation.override(order_language(order=order)):
        body = render_to_string(
            "oscar/checkout/emails/cod_confirm_request.txt",
            {
                "order": order,
                "url": url,
                "hours": settings.MARKETPLACE_COD_CONFIRM_HOURS,
            },
        )
        subject = _("Confirm your order %(number)s") % {"number": order.number}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [order.email])

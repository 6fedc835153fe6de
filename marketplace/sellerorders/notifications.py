"""E-mails about sellers' parts, for outbox messages queued before sellers and
shoppers were told through `notifications.notify` (the bell and its e-mail,
plain text and HTML); written in the recipient's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.address.display import address_for_page
from marketplace.notifications.selectors import order_language, user_language


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    if not to:
        return
    body = render_to_string(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def seller_order_placed(*, part) -> None:
    """The seller's notice of a new order, with its own lines only."""
    order = part.order
    with translation.override(user_language(user=part.seller.owner)):
        _send(
            to=part.seller.owner.email,
            subject=_("New order %(number)s") % {"number": order.number},
            template="sellerorders/emails/seller_order_placed.txt",
            context={
                "order": order,
                "part": part,
                "lines": part.get_lines(),
                # The country in the seller's language, not the stored name.
                "shipping_address": address_for_page(order.shipping_address),
            },
        )


def shopper_part_shipped(*, part) -> None:
    with translation.override(order_language(order=part.order)):
        _send(
            to=part.order.email,
            subject=_("Order %(number)s: a parcel is on its way")
            % {"number": part.order.number},
            template="sellerorders/emails/shopper_part_shipped.txt",
            context={"order": part.order, "part": part, "lines": part.get_lines()},
        )


def shopper_part_delivered(*, part) -> None:
    with translation.override(order_language(order=part.order)):
        _send(
            to=part.order.email,
            subject=_("Order %(number)s: a parcel was delivered")
            % {"number": part.order.number},
            template="sellerorders/emails/shopper_part_delivered.txt",
            context={"order": part.order, "part": part, "lines": part.get_lines()},
        )

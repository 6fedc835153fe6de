"""E-mails about sellers' parts: to each seller its lines, to the shopper its
parcels' journey. Plain Django e-mail, rendered from templates."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    if not to:
        return
    body = render_to_string(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def seller_order_placed(*, part) -> None:
    """The seller's notice of a new order, with its own lines only."""
    order = part.order
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            to=part.seller.owner.email,
            subject=_("New order %(number)s") % {"number": order.number},
            template="sellerorders/emails/seller_order_placed.txt",
            context={"order": order, "part": part, "lines": part.get_lines()},
        )


def shopper_part_shipped(*, part) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            to=part.order.email,
            subject=_("Order %(number)s: a parcel is on its way")
            % {"number": part.order.number},
            template="sellerorders/emails/shopper_part_shipped.txt",
            context={"order": part.order, "part": part, "lines": part.get_lines()},
        )


def shopper_part_delivered(*, part) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            to=part.order.email,
            subject=_("Order %(number)s: a parcel was delivered")
            % {"number": part.order.number},
            template="sellerorders/emails/shopper_part_delivered.txt",
            context={"order": part.order, "part": part, "lines": part.get_lines()},
        )

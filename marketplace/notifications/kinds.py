"""What a notification can be about: one `Kind` per event, registered here.

A kind gives the words of its notification (a subject and a one-line summary,
formatted with the notification's context in the recipient's language) and
says whether it is transactional: a transactional e-mail (about money or an
order) is always sent; the others each user may turn off.

A new kind (the messages and returns apps, for example) is one
`kind_register(...)` call at the import of the module that sends it, or one
entry below. No migration: `Notification.kind` is a plain code.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    # Shown in the e-mail preferences form.
    label: Promise
    # "%(name)s" placeholders are filled from the notification's context.
    subject: Promise
    summary: Promise
    transactional: bool = False


KINDS: dict[str, Kind] = {}


def kind_register(
    *,
    code: str,
    label: Promise,
    subject: Promise,
    summary: Promise,
    transactional: bool = False,
) -> Kind:
    if len(code) > 50:
        raise ValueError(f"notification kind {code!r}: 50 characters at most")
    kind = Kind(
        code=code,
        label=label,
        subject=subject,
        summary=summary,
        transactional=transactional,
    )
    KINDS[code] = kind
    return kind


def kind_get(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"unknown notification kind {code!r}") from None


APPLICATION_RECEIVED = kind_register(
    code="application_received",
    label=_("Your seller application was received"),
    subject=_("We received your application for %(shop)s"),
    summary=_(
        "We received your application for %(shop)s: the chamber of your region "
        "reviews it."
    ),
).code
APPLICATION_VERIFIED = kind_register(
    code="application_verified",
    label=_("Your shop was verified"),
    subject=_("%(shop)s is verified: you can sell"),
    summary=_("%(shop)s is verified: publish your products."),
).code
APPLICATION_REJECTED = kind_register(
    code="application_rejected",
    label=_("Your seller application was rejected"),
    subject=_("Your application for %(shop)s was not accepted"),
    summary=_("Your application for %(shop)s was not accepted."),
).code
APPLICATION_INFO_NEEDED = kind_register(
    code="application_info_needed",
    label=_("The chamber needs more information about your application"),
    subject=_("Your application for %(shop)s: more information needed"),
    summary=_("The chamber needs more information about %(shop)s."),
).code
PRODUCT_MODERATED = kind_register(
    code="product_moderated",
    label=_("A product of yours was unpublished by moderation"),
    subject=_("“%(product)s” was unpublished by moderation"),
    summary=_("“%(product)s” was unpublished by moderation."),
).code
PRODUCT_MODERATION_LIFTED = kind_register(
    code="product_moderation_lifted",
    label=_("A moderation of your product was lifted"),
    subject=_("“%(product)s” may be published again"),
    summary=_("The moderation of “%(product)s” was lifted: you may publish it."),
).code
ORDER_PART_NEW = kind_register(
    code="order_part_new",
    label=_("New orders for your shop"),
    subject=_("New order %(number)s"),
    summary=_("New order %(number)s for %(shop)s."),
    transactional=True,
).code
ORDER_CANCELLED = kind_register(
    code="order_cancelled",
    label=_("Cancelled orders"),
    subject=_("Order %(number)s was cancelled"),
    summary=_("Order %(number)s was cancelled."),
    transactional=True,
).code
PART_SHIPPED = kind_register(
    code="part_shipped",
    label=_("Your parcels shipped"),
    subject=_("Order %(number)s: a parcel is on its way"),
    summary=_("Good news: %(shop)s has shipped its part of your order %(number)s."),
    transactional=True,
).code
PART_DELIVERED = kind_register(
    code="part_delivered",
    label=_("Your parcels delivered"),
    subject=_("Order %(number)s: a parcel was delivered"),
    summary=_(
        "The parcel from %(shop)s (order %(number)s) has been delivered. Thank "
        "you for supporting Moroccan artisans."
    ),
    transactional=True,
).code
PAYOUT_SENT = kind_register(
    code="payout_sent",
    label=_("Payouts to your bank account"),
    subject=_("A payout of %(amount)s was sent"),
    summary=_("A payout of %(amount)s was sent to your bank account."),
    transactional=True,
).code

# Messages between shoppers and shops (marketplace/messaging): not about money,
# each side may turn their e-mails off and read them under the bell.
MESSAGE_FROM_SHOPPER = kind_register(
    code="message_from_shopper",
    label=_("New messages from shoppers"),
    subject=_("New message from a shopper"),
    summary=_("A shopper wrote to %(shop)s."),
).code
MESSAGE_FROM_SHOP = kind_register(
    code="message_from_shop",
    label=_("Answers from shops"),
    subject=_("New message from %(shop)s"),
    summary=_("%(shop)s answered you."),
).code

# Returns and refunds (marketplace/returns): one kind per step, each telling
# the other side; about an order and its money, so always sent.
RETURN_REQUESTED = kind_register(
    code="return_requested",
    label=_("Return requests"),
    subject=_("Return #%(pk)s, order %(number)s: a return is requested"),
    summary=_("A return is requested for order %(number)s (%(shop)s)."),
    transactional=True,
).code
RETURN_ACCEPTED = kind_register(
    code="return_accepted",
    label=_("Returns accepted"),
    subject=_("Return #%(pk)s, order %(number)s: accepted, to be sent back"),
    summary=_(
        "%(shop)s accepted the return for order %(number)s: send the goods back "
        "as instructed."
    ),
    transactional=True,
).code
RETURN_PARTIAL_OFFERED = kind_register(
    code="return_partial_offered",
    label=_("Partial refunds offered"),
    subject=_("Return #%(pk)s, order %(number)s: a partial refund is offered"),
    summary=_("%(shop)s offers a partial refund for order %(number)s."),
    transactional=True,
).code
RETURN_RECEIVED = kind_register(
    code="return_received",
    label=_("Returned goods received"),
    subject=_("Return #%(pk)s, order %(number)s: the returned goods arrived"),
    summary=_("%(shop)s received the returned goods of order %(number)s."),
    transactional=True,
).code
RETURN_REFUSED = kind_register(
    code="return_refused",
    label=_("Returns refused"),
    subject=_("Return #%(pk)s, order %(number)s: refused by the seller"),
    summary=_(
        "%(shop)s refused the return for order %(number)s. You may ask the "
        "marketplace to decide."
    ),
    transactional=True,
).code
RETURN_DISPUTED = kind_register(
    code="return_disputed",
    label=_("Returns taken to the marketplace"),
    subject=_("Return #%(pk)s, order %(number)s: the marketplace will decide"),
    summary=_("The return for order %(number)s (%(shop)s) is with the marketplace."),
    transactional=True,
).code
RETURN_REFUNDED = kind_register(
    code="return_refunded",
    label=_("Refunds"),
    subject=_("Return #%(pk)s, order %(number)s: refunded"),
    summary=_("The return for order %(number)s (%(shop)s) is refunded."),
    transactional=True,
).code
RETURN_CLOSED = kind_register(
    code="return_closed",
    label=_("Returns closed"),
    subject=_("Return #%(pk)s, order %(number)s: closed"),
    summary=_("The return for order %(number)s (%(shop)s) is closed."),
    transactional=True,
).code
# The kind of each step of a return, by the request's status.
RETURN_KINDS = {
    "requested": RETURN_REQUESTED,
    "accepted": RETURN_ACCEPTED,
    "partial_offered": RETURN_PARTIAL_OFFERED,
    "received": RETURN_RECEIVED,
    "refused": RETURN_REFUSED,
    "disputed": RETURN_DISPUTED,
    "refunded": RETURN_REFUNDED,
    "closed": RETURN_CLOSED,
}

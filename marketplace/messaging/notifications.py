"""Telling the other side of a new message, in its own language, with a link
back and never the sender's e-mail address (the marketplace's address sends
it, and the text names the shop or the shopper's first name only).

Sent as `sellerorders.notifications` sends: plain Django e-mail from a
template, by a task the outbox runs.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Message, Side


def _seller_recipients(seller) -> list[str]:
    """The shop's owner and its cooperative's members."""
    emails = [seller.owner.email]
    emails += list(seller.partner.users.values_list("email", flat=True))
    seen = set()
    return [e for e in emails if e and not (e.lower() in seen or seen.add(e.lower()))]


def _shopper_link(conversation) -> str:
    if conversation.shopper_id:
        return reverse("messaging:conversation", kwargs={"pk": conversation.pk})
    order = conversation.order_part.order
    # A guest reads it on its order's page, after giving its e-mail again.
    return reverse(
        "messaging:guest",
        kwargs={
            "order_number": order.number,
            "hash": order.verification_hash(),
            "part_pk": conversation.order_part_id,
        },
    )


def message_received(*, message: Message) -> None:
    conversation = message.conversation
    if message.side == Side.SHOPPER:
        recipients = _seller_recipients(conversation.seller)
        language = conversation.language_of(Side.SELLER)
    else:
        recipients = [
            conversation.shopper.email
            if conversation.shopper_id
            else conversation.guest_email
        ]
        language = conversation.language_of(Side.SHOPPER)
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    with translation.override(language):
        if message.side == Side.SHOPPER:
            path = reverse(
                "messaging:seller-conversation", kwargs={"pk": conversation.pk}
            )
            subject = _("New message from a shopper")
        else:
            path = _shopper_link(conversation)
            subject = _("New message from %(shop)s") % {
                "shop": conversation.seller.name
            }
        body = render_to_string(
            "messaging/emails/message_received.txt",
            {
                "message": message,
                "conversation": conversation,
                "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path,
            },
        )
    for recipient in recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])

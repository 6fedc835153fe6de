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

from marketplace.notifications.selectors import user_language_chosen

from .models import Message, Side


def _seller_recipients(seller) -> list:
    """The shop's owner and its cooperative's members (accounts), once each
    by e-mail address."""
    users = [seller.owner, *seller.partner.users.all()]
    seen = set()
    return [
        u
        for u in users
        if u.email and not (u.email.lower() in seen or seen.add(u.email.lower()))
    ]


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
    """Each recipient in its account's language, else in the language its
    side of the conversation last wrote or read in (a guest's)."""
    conversation = message.conversation
    if message.side == Side.SHOPPER:
        accounts = _seller_recipients(conversation.seller)
        side_language = conversation.language_of(Side.SELLER)
    else:
        accounts = [conversation.shopper] if conversation.shopper_id else []
        side_language = conversation.language_of(Side.SHOPPER)
    recipients = [
        (user.email, user_language_chosen(user=user) or side_language)
        for user in accounts
    ]
    if message.side == Side.SELLER and not conversation.shopper_id:
        recipients = [(conversation.guest_email, side_language)]
    for recipient, language in recipients:
        if recipient:
            _send(message=message, to=recipient, language=language)


def _send(*, message: Message, to: str, language: str) -> None:
    conversation = message.conversation
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
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])

"""Telling the other side of a new message: through `notify` (the bell and an
e-mail in the recipient's own language, as the recipient chose), with a link
back and never the sender's e-mail address (the marketplace's address sends
it, and the words name the shop only). A guest, who has no account, gets the
e-mail alone, in the language it last wrote or read the conversation in.

Called by `services.message_post` in the message's transaction: a rolled back
message tells no one.
"""

from django.urls import reverse

from marketplace.notifications import kinds
from marketplace.notifications.services import (
    notify,
    notify_email,
    notify_many,
    seller_people,
)

from .models import Message, Side


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
    context = {
        "shop": conversation.seller.name,
        "lines": [conversation.subject] if conversation.subject else [],
    }
    if message.side == Side.SHOPPER:
        url = reverse("messaging:seller-conversation", kwargs={"pk": conversation.pk})
        notify_many(
            notices=[
                (user, kinds.MESSAGE_FROM_SHOPPER, context, url)
                for user in seller_people(seller=conversation.seller)
            ]
        )
    elif conversation.shopper_id:
        notify(
            user=conversation.shopper,
            kind=kinds.MESSAGE_FROM_SHOP,
            context=context,
            url=_shopper_link(conversation),
        )
    else:
        notify_email(
            email=conversation.guest_email,
            language=conversation.language_of(Side.SHOPPER),
            kind=kinds.MESSAGE_FROM_SHOP,
            context=context,
            url=_shopper_link(conversation),
        )

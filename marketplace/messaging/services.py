"""Writes of the messaging room: conversations, messages, reports, blocks.

Every rule is here, so each page (the shopper's, the guest's, the seller's)
applies the same ones: a blocked shopper cannot write, a shopper who never
ordered from a shop starts at most MESSAGING_NEW_CONVERSATIONS_PER_DAY
conversations a day, a message read by the other side cannot be edited. The
other side is told (`notify`: the bell and an e-mail) in the message's
transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import Seller
from marketplace.limits import text_clean
from marketplace.sellerorders.models import OrderSellerPart

from . import notifications
from .models import (
    MAX_BODY,
    MAX_REASON,
    Conversation,
    ConversationReport,
    Message,
    SellerBlock,
    Side,
)

Kind = Conversation.Kind


class MessagingRefused(Exception):
    """A write the rules refuse; its text is shown to the person."""


def shopper_is_blocked(*, seller: Seller, shopper=None, guest_email: str = "") -> bool:
    condition = Q()
    if shopper is not None:
        condition |= Q(shopper=shopper)
    if guest_email:
        condition |= Q(guest_email__iexact=guest_email)
    if not condition:
        return False
    return SellerBlock.objects.filter(condition, seller=seller).exists()


def _conversation_blocked(conversation: Conversation) -> bool:
    return shopper_is_blocked(
        seller=conversation.seller,
        shopper=conversation.shopper,
        guest_email=conversation.guest_email,
    )


def shopper_new_conversations_left(*, shopper, seller: Seller, now=None) -> int | None:
    """How many more conversations `shopper` may start today with `seller`:
    None (no limit) once it has ordered from the shop."""
    now = now or timezone.now()
    ordered_from = OrderSellerPart.objects.filter(order__user=shopper).values(
        "seller_id"
    )
    if OrderSellerPart.objects.filter(order__user=shopper, seller=seller).exists():
        return None
    started = (
        Conversation.objects.filter(
            shopper=shopper, started_at__gte=now - timedelta(days=1)
        )
        .exclude(kind=Kind.ORDER)
        .exclude(seller_id__in=ordered_from)
        .count()
    )
    return max(settings.MESSAGING_NEW_CONVERSATIONS_PER_DAY - started, 0)


def conversation_start(
    *,
    seller: Seller,
    kind: str,
    body: str,
    language: str,
    shopper=None,
    product=None,
    order_part: OrderSellerPart | None = None,
    photo=None,
) -> Message:
    """The shopper's message on a subject: into its conversation, started now
    if there is none yet. A guest (`shopper=None`) writes about an order only.

    `photo` is already cleaned by `catalogue.photos.photo_clean`.
    """
    if kind == Kind.ORDER:
        if order_part is None or order_part.seller_id != seller.pk:
            raise ValueError("An order's conversation names the seller's part.")
        order = order_part.order
        if shopper is not None and order.user_id != shopper.pk:
            raise ValueError("Only the order's shopper writes about it.")
        guest_email = "" if shopper is not None else order.email
        subject = order.number
        lookup = {"order_part": order_part}
    else:
        if shopper is None:
            raise ValueError("A guest writes about its order only.")
        guest_email = ""
        subject = product.get_title() if product is not None else ""
        lookup = {"seller": seller, "shopper": shopper}
        if kind == Kind.PRODUCT:
            lookup["product"] = product
    with transaction.atomic():
        if shopper is not None:
            # One shopper's starts run one at a time: two at once would both
            # find no conversation, or both see the count below the cap.
            get_user_model().objects.select_for_update().filter(pk=shopper.pk).first()
        if shopper_is_blocked(seller=seller, shopper=shopper, guest_email=guest_email):
            raise MessagingRefused(_("This shop does not accept your messages."))
        if shopper is not None and (
            Seller.objects.filter(pk=seller.pk)
            .filter(Q(owner=shopper) | Q(partner__users=shopper))
            .exists()
        ):
            raise MessagingRefused(_("You cannot write to your own shop."))
        conversation = Conversation.objects.filter(kind=kind, **lookup).first()
        if conversation is None:
            conversation = _conversation_new(
                seller=seller,
                kind=kind,
                shopper=shopper,
                guest_email=guest_email,
                product=product,
                order_part=order_part,
                subject=subject,
                lookup=lookup,
            )
        return message_post(
            conversation=conversation,
            side=Side.SHOPPER,
            author=shopper,
            body=body,
            photo=photo,
            language=language,
        )


def _conversation_new(*, seller, kind, shopper, lookup, **fields) -> Conversation:
    if shopper is not None and kind != Kind.ORDER:
        if shopper_new_conversations_left(shopper=shopper, seller=seller) == 0:
            raise MessagingRefused(
                _(
                    "You have started as many conversations as a day allows "
                    "with shops you have not ordered from. Try again tomorrow."
                )
            )
    # The shop's language is the one its people last wrote or read in.
    seller_language = (
        Conversation.objects.filter(seller=seller)
        .exclude(seller_language="")
        .order_by("-last_message_at")
        .values_list("seller_language", flat=True)
        .first()
    ) or ""
    try:
        with transaction.atomic():
            return Conversation.objects.create(
                seller=seller,
                kind=kind,
                shopper=shopper,
                seller_language=seller_language,
                **fields,
            )
    except IntegrityError:
        # A guest's order conversation started at the same moment by another
        # request (a signed-in shopper's starts wait on its row lock).
        return Conversation.objects.get(kind=kind, **lookup)


def message_post(
    *,
    conversation: Conversation,
    side: str,
    author,
    body: str,
    language: str,
    photo=None,
) -> Message:
    """A message from `side`; the other side is e-mailed once it is saved."""
    body = text_clean(body.strip(), max_length=MAX_BODY)
    if not body and photo is None:
        raise MessagingRefused(_("Write a message or attach a photo."))
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if side == Side.SHOPPER and _conversation_blocked(conversation):
            raise MessagingRefused(_("This conversation is closed by the shop."))
        now = timezone.now()
        message = Message(
            conversation=conversation,
            side=side,
            author=author,
            body=body,
            language=language or "",
            created_at=now,
        )
        if photo is not None:
            message.photo.save(photo.name, photo, save=False)
        message.save()
        fields = ["last_message_at"]
        conversation.last_message_at = now
        if side == Side.SELLER and conversation.first_response_at is None:
            conversation.first_response_at = now
            fields.append("first_response_at")
        if language:
            language_field = f"{side}_language"
            setattr(conversation, language_field, language)
            fields.append(language_field)
        conversation.save(update_fields=fields)
        notifications.message_received(message=message)
    return message


def conversation_read(*, conversation: Conversation, side: str, language: str) -> int:
    """`side` opened the conversation: the other side's messages are read
    (and can no longer be edited). How many were unread."""
    other = Side.SELLER if side == Side.SHOPPER else Side.SHOPPER
    read = conversation.messages.filter(side=other, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if language and getattr(conversation, f"{side}_language") != language:
        Conversation.objects.filter(pk=conversation.pk).update(
            **{f"{side}_language": language}
        )
        setattr(conversation, f"{side}_language", language)
    return read


def message_edit(*, message: Message, author, body: str) -> Message:
    """Its author corrects a message the other side has not read yet."""
    body = text_clean(body.strip(), max_length=MAX_BODY)
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.author_id is None or message.author_id != author.pk:
            raise MessagingRefused(_("Only its author can edit a message."))
        if message.read_at is not None:
            raise MessagingRefused(_("This message was read: it cannot be edited."))
        if not body and not message.photo:
            raise MessagingRefused(_("Write a message or attach a photo."))
        message.body = body
        message.edited_at = timezone.now()
        message.save(update_fields=["body", "edited_at"])
    return message


def conversation_report(
    *, conversation: Conversation, side: str, reporter, reason: str
) -> ConversationReport:
    """Either side asks staff to look at the conversation."""
    return ConversationReport.objects.create(
        conversation=conversation,
        side=side,
        reporter=reporter,
        reason=text_clean(reason.strip(), max_length=MAX_REASON),
    )


def seller_block(*, conversation: Conversation, by) -> SellerBlock:
    """The shop refuses the conversation's shopper from now on (every
    conversation of theirs with the shop)."""
    lookup = (
        {"shopper": conversation.shopper}
        if conversation.shopper_id
        else {"guest_email": conversation.guest_email.lower()}
    )
    block, _created = SellerBlock.objects.get_or_create(
        seller=conversation.seller, **lookup, defaults={"created_by": by}
    )
    return block


def seller_unblock(*, conversation: Conversation) -> int:
    blocks = SellerBlock.objects.filter(seller=conversation.seller)
    if conversation.shopper_id:
        blocks = blocks.filter(shopper=conversation.shopper)
    else:
        blocks = blocks.filter(guest_email__iexact=conversation.guest_email)
    deleted, _ = blocks.delete()
    return deleted

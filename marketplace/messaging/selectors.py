"""Reads of the messaging room: each side's conversations, unread counts and
a shop's response figures."""

import logging
import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from artisans.models import Seller

from .models import Conversation, Message, Side

logger = logging.getLogger(__name__)

FIGURES_WINDOW = timedelta(days=90)
#: How long a storefront keeps a shop's figures (90 days' figures move slowly).
FIGURES_CACHE_SECONDS = 3600
ANSWER_WITHIN = timedelta(hours=24)


def _with_unread(conversations: QuerySet, *, from_side: str) -> QuerySet:
    # Meta.ordering is not applied to a query grouped for the count.
    return (
        conversations.select_related(
            "seller", "shopper", "product", "order_part__order"
        )
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__side=from_side, messages__read_at__isnull=True),
            )
        )
        .order_by("-last_message_at", "-pk")
    )


def shopper_conversations(*, user) -> QuerySet:
    """A signed-in shopper's conversations, newest first, with unread counts."""
    return _with_unread(
        Conversation.objects.filter(shopper=user), from_side=Side.SELLER
    )


def seller_conversations(*, seller: Seller) -> QuerySet:
    """A shop's conversations (every member sees them), with unread counts."""
    return _with_unread(
        Conversation.objects.filter(seller=seller), from_side=Side.SHOPPER
    )


def seller_unread_count(*, seller: Seller) -> int:
    return Message.objects.filter(
        conversation__seller=seller, side=Side.SHOPPER, read_at__isnull=True
    ).count()


def shopper_conversation_get(*, user, pk: int) -> Conversation:
    """One of the shopper's own conversations, or 404."""
    return get_object_or_404(
        Conversation.objects.select_related("seller", "product", "order_part__order"),
        pk=pk,
        shopper=user,
    )


def seller_conversation_get(*, seller: Seller, pk: int) -> Conversation:
    """One of the shop's conversations, or 404."""
    return get_object_or_404(
        Conversation.objects.select_related(
            "seller", "shopper", "product", "order_part__order"
        ),
        pk=pk,
        seller=seller,
    )


def conversation_messages(*, conversation: Conversation) -> QuerySet:
    return conversation.messages.select_related("author").order_by("created_at", "pk")


@dataclass(frozen=True)
class ResponseFigures:
    """A shop's answers to first messages over the last 90 days."""

    conversations: int  # first messages counted
    answered_within_day: int
    median_response: timedelta | None

    @property
    def share_within_day(self) -> int | None:
        """Percent, rounded; None without conversations."""
        if not self.conversations:
            return None
        return round(100 * self.answered_within_day / self.conversations)

    @property
    def public(self) -> bool:
        """Enough conversations to show on the storefront."""
        return self.conversations >= settings.MESSAGING_FIGURES_MIN_CONVERSATIONS


def seller_response_figures(*, seller: Seller, now=None) -> ResponseFigures:
    """Share of first messages answered within 24 hours, and the median time
    to the first answer, over conversations started in the last 90 days.

    One query. A first message younger than 24 hours and not yet answered is
    left out (it may still be answered in time); one older and unanswered
    counts as not answered within 24 hours. The median is over the answered.
    """
    now = now or timezone.now()
    rows = Conversation.objects.filter(
        seller=seller, started_at__gte=now - FIGURES_WINDOW
    ).values_list("started_at", "first_response_at")
    counted = within = 0
    delays = []
    for started_at, first_response_at in rows:
        if first_response_at is None:
            if now - started_at < ANSWER_WITHIN:
                continue
        else:
            delay = first_response_at - started_at
            delays.append(delay)
            within += delay <= ANSWER_WITHIN
        counted += 1
    return ResponseFigures(
        conversations=counted,
        answered_within_day=within,
        median_response=statistics.median(delays) if delays else None,
    )


def seller_response_figures_public(*, seller: Seller) -> ResponseFigures:
    """The figures a storefront shows, kept an hour in the cache: a page
    every visitor opens costs no query for them once computed. Computed afresh
    when the cache is unreachable."""
    key = f"messaging:figures:{seller.pk}"
    try:
        figures = cache.get(key)
    except Exception:
        logger.warning("Cache unreachable: response figures computed", exc_info=True)
        return seller_response_figures(seller=seller)
    if figures is None:
        figures = seller_response_figures(seller=seller)
        try:
            cache.set(key, figures, FIGURES_CACHE_SECONDS)
        except Exception:
            logger.warning("Cache unreachable: figures not kept", exc_info=True)
    return figures

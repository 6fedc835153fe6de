"""Conversations between a shopper and a shop, and what guards them.

One conversation per shopper, shop and subject: the shop itself (written from
its storefront), one of its products ("ask a question") or the shop's part of
an order (which names its shopper, a guest's included). Each side is told of
a new message by e-mail in its own language, stored here since accounts hold
none: the language of the pages the person last wrote or read it from.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import private_storage

#: Longest message, reason for a report (characters).
MAX_BODY = 2000
MAX_REASON = 1000


class Side(models.TextChoices):
    SHOPPER = "shopper", _("Shopper")
    SELLER = "seller", _("Seller")


class Conversation(models.Model):
    class Kind(models.TextChoices):
        SHOP = "shop", _("About the shop")
        PRODUCT = "product", _("About a product")
        ORDER = "order", _("About an order")

    seller = models.ForeignKey(
        "artisans.Seller",
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("shop"),
    )
    # None for a guest: the order part names the guest's order and e-mail.
    shopper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("shopper"),
    )
    guest_email = models.EmailField(_("guest's e-mail"), blank=True)
    kind = models.CharField(_("subject"), max_length=10, choices=Kind.choices)
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    order_part = models.ForeignKey(
        "sellerorders.OrderSellerPart",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("order part"),
    )
    # The product's title or the order's number when written: still shown if
    # the product is deleted.
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    shopper_language = models.CharField(max_length=15, blank=True)
    seller_language = models.CharField(max_length=15, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    # The shop's first answer: the response figures read it and started_at.
    first_response_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            models.Index(fields=["seller", "started_at"]),
            models.Index(fields=["shopper", "started_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "shopper"],
                condition=models.Q(kind="shop", shopper__isnull=False),
                name="messaging_one_shop_conversation",
            ),
            models.UniqueConstraint(
                fields=["seller", "shopper", "product"],
                condition=models.Q(kind="product", shopper__isnull=False),
                name="messaging_one_product_conversation",
            ),
            models.UniqueConstraint(
                fields=["order_part"],
                condition=models.Q(kind="order"),
                name="messaging_one_order_conversation",
            ),
        ]

    def __str__(self):
        return f"{self.seller} / {self.get_kind_display()} {self.subject}".strip()

    @property
    def shopper_name(self) -> str:
        """How the shop sees the shopper: a first name, never an address."""
        if self.shopper_id is None:
            return str(_("A guest"))
        return self.shopper.first_name or str(_("A shopper"))

    def language_of(self, side: str) -> str:
        language = (
            self.shopper_language if side == Side.SHOPPER else self.seller_language
        )
        return language or settings.LANGUAGE_CODE


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    side = models.CharField(_("from"), max_length=8, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("message"))
    # The language of the page it was written from: a page in another
    # language marks the body with it (blank: written before it was kept).
    language = models.CharField(max_length=15, blank=True)
    # Checked and re-encoded as product photos are (catalogue.photos), under
    # a random name, in the private storage; served only to the
    # conversation's two sides and staff (views.photo).
    photo = models.ImageField(
        _("photo"), upload_to="messages/", blank=True, storage=private_storage
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # When the other side first opened it: from then on it cannot be edited.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["conversation", "side", "read_at"])]

    def __str__(self):
        return f"{self.get_side_display()}: {self.body[:40]}"


class ConversationReport(models.Model):
    """Either side asks the marketplace's staff to look at a conversation."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="reports"
    )
    side = models.CharField(_("reported by"), max_length=8, choices=Side.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reported conversation")
        verbose_name_plural = _("reported conversations")

    def __str__(self):
        return f"{self.conversation} ({self.get_side_display()})"


class SellerBlock(models.Model):
    """A shop refuses messages from a shopper (an account, or a guest's e-mail)."""

    seller = models.ForeignKey(
        "artisans.Seller", on_delete=models.CASCADE, related_name="message_blocks"
    )
    shopper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    guest_email = models.EmailField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("blocked shopper")
        verbose_name_plural = _("blocked shoppers")
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "shopper"],
                condition=models.Q(shopper__isnull=False),
                name="messaging_one_block_per_shopper",
            ),
            models.UniqueConstraint(
                fields=["seller", "guest_email"],
                condition=~models.Q(guest_email=""),
                name="messaging_one_block_per_guest",
            ),
        ]

    def __str__(self):
        return f"{self.seller}: {self.shopper or self.guest_email}"

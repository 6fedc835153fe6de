"""Returns, refunds and disputes of delivered sellers' parts.

A shopper asks (`ReturnRequest`, one per part while open) for some lines of a
delivered part, within the shop's window; the seller answers; an accepted
return comes back and is refunded; a refused or unanswered request may go to
the marketplace's staff (`Dispute`). Every step is an `ReturnEvent`, the
history both sides and staff read. The money moves in `services`: a refund is
a `payments.Refund` and ledger entries, keyed by the request.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReturnRequest(models.Model):
    class Reason(models.TextChoices):
        DAMAGED = "damaged", _("Damaged")
        NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
        CHANGED_MIND = "changed_mind", _("Changed my mind")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting the seller's answer")
        ACCEPTED = "accepted", _("Accepted: to be sent back")
        PARTIAL_OFFERED = "partial_offered", _("Partial refund offered")
        RECEIVED = "received", _("Returned goods received")
        REFUSED = "refused", _("Refused by the seller")
        DISPUTED = "disputed", _("With the marketplace")
        REFUNDED = "refunded", _("Refunded")
        CLOSED = "closed", _("Closed")

    class RefundMethod(models.TextChoices):
        CARD = "card", _("Back to the card")
        TRANSFER = "transfer", _("Bank transfer")
        VOUCHER = "voucher", _("Voucher")

    # Still in play: the part's credit waits, and no second request is opened.
    OPEN = (
        Status.REQUESTED,
        Status.ACCEPTED,
        Status.PARTIAL_OFFERED,
        Status.RECEIVED,
        Status.DISPUTED,
    )
    # The seller's fault: the shipping is refunded too.
    SELLER_FAULT = (Reason.DAMAGED, Reason.NOT_AS_DESCRIBED)

    part = models.ForeignKey(
        "sellerorders.OrderSellerPart",
        on_delete=models.PROTECT,
        related_name="return_requests",
        verbose_name=_("parcel"),
    )
    # None for a guest's order: the guest acts through its order's signed
    # link (the order-status page), and is written to at `email`.
    shopper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_requests",
    )
    email = models.EmailField(_("shopper's e-mail"), blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    description = models.TextField(_("what happened"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.REQUESTED,
        db_index=True,
    )
    refund_method = models.CharField(
        _("refund by"), max_length=10, choices=RefundMethod.choices
    )
    holder_name = models.CharField(_("account holder"), max_length=200, blank=True)
    rib = models.CharField(_("RIB"), max_length=24, blank=True)
    seller_message = models.TextField(
        _("seller's instructions or reason"), max_length=2000, blank=True
    )
    offered_amount = models.DecimalField(
        _("refund offered"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    refunded_amount = models.DecimalField(
        _("refunded"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    refund = models.OneToOneField(
        "payments.Refund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_request",
    )
    voucher_code = models.CharField(_("voucher code"), max_length=128, blank=True)
    # The shopper's language when asking: its e-mails are written in it.
    language = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("return request")
        verbose_name_plural = _("return requests")
        constraints = [
            # Two submissions at once open one request (the part is locked
            # too; this is the database's word on it).
            models.UniqueConstraint(
                fields=["part"],
                condition=models.Q(
                    status__in=[
                        "requested",
                        "accepted",
                        "partial_offered",
                        "received",
                        "disputed",
                    ]
                ),
                name="returns_one_open_request_per_part",
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.part}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def seller_at_fault(self) -> bool:
        return self.reason in self.SELLER_FAULT

    @property
    def seller_message_language(self) -> str:
        """The language the seller's answer was written in (its event's),
        blank if unknown. Reads the events (prefetched by the pages)."""
        for event in reversed(list(self.events.all())):
            if event.actor == "seller" and event.message == self.seller_message:
                return event.language
        return ""


class ReturnLine(models.Model):
    """One line of the order, and how many of its pieces are returned."""

    request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="lines"
    )
    line = models.ForeignKey(
        "order.Line", on_delete=models.PROTECT, related_name="return_lines"
    )
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["line_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "line"], name="returns_one_row_per_line"
            )
        ]

    def __str__(self):
        return f"{self.line} × {self.quantity}"

    @property
    def amount(self) -> Decimal:
        return (self.line.unit_price_incl_tax or Decimal(0)) * self.quantity


class ReturnPhoto(models.Model):
    """A photo of the goods, checked and re-encoded like a product photo."""

    request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to="returns/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.image.name


class ReturnEvent(models.Model):
    """One step of a request's history, shown to both sides and to staff."""

    class Actor(models.TextChoices):
        SHOPPER = "shopper", _("Shopper")
        SELLER = "seller", _("Seller")
        STAFF = "staff", _("Marketplace")
        SYSTEM = "system", _("System")

    request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.CharField(_("by"), max_length=10, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReturnRequest.Status.choices
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    # The language of the page its author wrote the message from: another
    # language's page marks the message with it (blank: written before).
    language = models.CharField(max_length=10, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.request_id}: {self.status}"


class Dispute(models.Model):
    """The shopper asked the marketplace to decide; staff decide once."""

    class Decision(models.TextChoices):
        REFUND_FULL = "refund_full", _("Refund in full")
        REFUND_PART = "refund_part", _("Refund in part")
        CLOSE = "close", _("Close without refund")

    request = models.OneToOneField(
        ReturnRequest, on_delete=models.PROTECT, related_name="dispute"
    )
    shopper_message = models.TextField(_("why"), max_length=2000, blank=True)
    # The languages of the pages the shopper and the staff wrote from, as a
    # return event's: another language's page marks the text with it.
    shopper_language = models.CharField(max_length=10, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decision = models.CharField(
        _("decision"), max_length=12, choices=Decision.choices, blank=True
    )
    decision_note = models.TextField(_("decision note"), max_length=2000, blank=True)
    decision_language = models.CharField(max_length=10, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "opened_at"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self):
        return f"#{self.pk} {self.request}"

    @property
    def is_open(self) -> bool:
        return not self.decision

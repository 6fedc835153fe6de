"""Payments of orders, Stripe's webhook events, and the sellers' ledger.

Money is `Decimal` with two places here; it becomes integer minor units
(centimes) only at Stripe's edge (`stripe_gateway`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rib import rib_normalize, validate_rib


class OrderPayment(models.Model):
    """How an order is paid and where that payment stands.

    A card order is paid only when Stripe's signed webhook says so; a cash
    order is paid part by part as each seller collects the cash.
    """

    class Method(models.TextChoices):
        COD = "cod", _("Cash on delivery")
        CARD = "card", _("Card")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Payment failed")
        REFUNDED = "refunded", _("Refunded")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        CANCELLED = "cancelled", _("Cancelled unpaid")

    class Provider(models.TextChoices):
        # Who takes a card payment (`payments.providers`); empty for cash.
        STRIPE = "stripe", _("Stripe")
        CMI = "cmi", _("CMI")

    class Confirmation(models.TextChoices):
        LINK = "link", _("The shopper, by the e-mail's link")
        PHONE = "phone", _("The seller, by phone")

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="payment"
    )
    method = models.CharField(_("method"), max_length=4, choices=Method.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    provider = models.CharField(
        _("card provider"), max_length=10, choices=Provider.choices, blank=True
    )
    payment_intent_id = models.CharField(
        _("Stripe PaymentIntent"), max_length=255, unique=True, null=True, blank=True
    )
    amount_refunded = models.DecimalField(
        _("amount refunded"), max_digits=12, decimal_places=2, default=0
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    # Cash on delivery: who placed it (for the per-address and per-phone
    # limits) and when and how the shopper confirmed it.
    client_ip = models.GenericIPAddressField(_("client address"), null=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_via = models.CharField(
        _("confirmed by"), max_length=10, choices=Confirmation.choices, blank=True
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order payment")
        verbose_name_plural = _("order payments")

    def __str__(self):
        return f"{self.order.number}: {self.get_method_display()}"

    @property
    def is_paid(self) -> bool:
        return self.status in {
            self.Status.PAID,
            self.Status.PARTIALLY_REFUNDED,
            self.Status.REFUNDED,
        }


class StripeEvent(models.Model):
    """A webhook event received: its unique id makes each one processed once."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.event_id} {self.type}"


class CmiCallback(models.Model):
    """One callback the CMI made, its hash verified: what it said and what we
    answered. The CMI may call several times for one order (declined attempts,
    then a success, or the same success again); the order is paid once."""

    order_number = models.CharField(_("order number"), max_length=128, db_index=True)
    trans_id = models.CharField(_("CMI transaction"), max_length=64, blank=True)
    proc_return_code = models.CharField(_("return code"), max_length=8, blank=True)
    response = models.CharField(_("response"), max_length=32, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reply = models.CharField(_("our reply"), max_length=20)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("CMI callback")
        verbose_name_plural = _("CMI callbacks")

    def __str__(self):
        return f"{self.order_number} {self.response} {self.reply}"


class Refund(models.Model):
    """Money given back to the shopper: the whole order, one seller's part, or
    some of a part's lines (a return: `key` names its request)."""

    class Method(models.TextChoices):
        CARD = "card", _("Card")
        TRANSFER = "transfer", _("Bank transfer")
        VOUCHER = "voucher", _("Voucher")
        # A card provider that cannot refund by its API (the CMI without a
        # contract for it): staff refund the shopper's bank by hand.
        BANK = "bank", _("Bank refund by staff")

    order = models.ForeignKey(
        "order.Order", on_delete=models.PROTECT, related_name="refunds"
    )
    part = models.ForeignKey(
        "sellerorders.OrderSellerPart",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    stripe_refund_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    # The refund's id at a provider other than Stripe (the CMI's TransId).
    provider_reference = models.CharField(
        _("provider reference"), max_length=64, blank=True
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    method = models.CharField(
        _("refunded by"),
        max_length=10,
        choices=Method.choices,
        default=Method.CARD,
    )
    # A partial refund's event (`return:<request>`): being unique, it makes
    # refunding a return idempotent. Empty (null) for a whole part's refund.
    key = models.CharField(max_length=100, unique=True, null=True, blank=True)
    lines_amount = models.DecimalField(
        _("lines refunded"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    shipping_amount = models.DecimalField(
        _("shipping refunded"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            # A seller's whole part is refunded once; "the whole order" is its
            # parts. Returns refund lines, once each (their `key`).
            models.UniqueConstraint(
                fields=["part"],
                condition=models.Q(key__isnull=True),
                name="one_refund_per_part",
            )
        ]

    def __str__(self):
        return f"{self.order.number}: {self.amount}"


class CommissionRate(models.Model):
    """The marketplace's commission on one craft, instead of the default."""

    category = models.OneToOneField(
        "catalogue.Category",
        on_delete=models.CASCADE,
        related_name="commission_rate",
        verbose_name=_("craft category"),
    )
    percent = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("commission rate")
        verbose_name_plural = _("commission rates")

    def __str__(self):
        return f"{self.category}: {self.percent} %"


class SellerPayoutAccount(models.Model):
    """Where a seller is paid: the bank account identified by its RIB."""

    seller = models.OneToOneField(
        "artisans.Seller", on_delete=models.CASCADE, related_name="payout_account"
    )
    holder_name = models.CharField(_("account holder"), max_length=200)
    rib = models.CharField(_("RIB"), max_length=24, validators=[validate_rib])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("seller payout account")
        verbose_name_plural = _("seller payout accounts")

    def __str__(self):
        return f"{self.seller}: {self.rib}"

    def clean(self):
        self.rib = rib_normalize(self.rib)


class PayoutBatch(models.Model):
    """One settlement run: a bank transfer file paying several sellers."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Sent to the bank")
        PAID = "paid", _("Paid")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")

    def __str__(self):
        return f"#{self.pk} {self.created_at:%Y-%m-%d}"


class Payout(models.Model):
    """One seller's transfer in a batch, with the RIB it was sent to."""

    batch = models.ForeignKey(
        PayoutBatch, on_delete=models.PROTECT, related_name="payouts"
    )
    seller = models.ForeignKey(
        "artisans.Seller", on_delete=models.PROTECT, related_name="payouts"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    holder_name = models.CharField(_("account holder"), max_length=200)
    rib = models.CharField(_("RIB"), max_length=24)

    class Meta:
        ordering = ["batch_id", "seller__name"]
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "seller"], name="one_payout_per_seller_per_batch"
            )
        ]

    def __str__(self):
        return f"{self.seller}: {self.amount}"


class LedgerEntry(models.Model):
    """One movement of a seller's balance: never changed, never deleted.

    A correction is a new entry. The balance is the sum of the entries. `key`
    names the business event an entry records (`sale:<part>`, `refund:<id>`,
    `payout:<id>` …): being unique, it makes recording an event idempotent.
    """

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        SHIPPING = "shipping", _("Shipping")
        COMMISSION = "commission", _("Commission")
        REFUND = "refund", _("Refund")
        PAYOUT = "payout", _("Payout")
        ADJUSTMENT = "adjustment", _("Adjustment")
        REMITTANCE = "remittance", _("Cash remitted by the carrier")

    seller = models.ForeignKey(
        "artisans.Seller", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    key = models.CharField(max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    part = models.ForeignKey(
        "sellerorders.OrderSellerPart",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    payout = models.ForeignKey(
        Payout,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self):
        return f"{self.seller}: {self.kind} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Ledger entries are never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ledger entries are never deleted."))


class CarrierRemittance(models.Model):
    """A carrier paid the marketplace the cash it collected for one parcel.

    For a cash-on-delivery parcel this is the only evidence that its money
    reached the marketplace, so the only thing that credits its seller (the
    seller's own "cash collected" click credits nothing). It comes from a line
    of the carrier's remittance statement or from a staff decision; one per
    seller's part, so a statement imported twice credits once.
    """

    class Source(models.TextChoices):
        STATEMENT = "statement", _("Carrier's statement")
        STAFF = "staff", _("Staff")

    part = models.OneToOneField(
        "sellerorders.OrderSellerPart",
        on_delete=models.PROTECT,
        related_name="remittance",
        verbose_name=_("parcel"),
    )
    carrier = models.CharField(_("carrier"), max_length=80, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=80, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    remitted_on = models.DateField(_("remitted on"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    reference = models.CharField(_("reference"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("carrier remittance")
        verbose_name_plural = _("carrier remittances")

    def __str__(self):
        return f"{self.tracking_number or self.part_id}: {self.amount}"


class RefundTransfer(models.Model):
    """A refund owed to a shopper who paid cash: a bank transfer to the RIB
    the shopper gave, paid in the next settlement file."""

    refund = models.OneToOneField(
        Refund, on_delete=models.PROTECT, related_name="transfer"
    )
    holder_name = models.CharField(_("account holder"), max_length=200)
    rib = models.CharField(_("RIB"), max_length=24, validators=[validate_rib])
    batch = models.ForeignKey(
        PayoutBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refund_transfers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("refund transfer")
        verbose_name_plural = _("refund transfers")

    def __str__(self):
        return f"{self.refund}: {self.rib}"


class RemittanceLine(models.Model):
    """One line of a carrier's remittance file, recorded once.

    Its `key` (the tracking number, amount, date and delivery status of the
    line) is unique: a file imported twice, or two files repeating a line,
    record and credit it once. Lines the import could not match to a parcel,
    or whose amount differs from the parcel's cash, are kept here for staff
    (`outcome`), until staff mark them resolved.
    """

    class Status(models.TextChoices):
        DELIVERED = "delivered", _("Delivered, cash collected")
        REFUSED = "refused", _("Refused at the door")

    class Outcome(models.TextChoices):
        CREDITED = "credited", _("Credited")
        RETURNED = "returned", _("Returned to sender")
        MISMATCH = "mismatch", _("Amount differs")
        UNKNOWN = "unknown", _("Unknown tracking number")
        REJECTED = "rejected", _("Not recorded")

    key = models.CharField(max_length=64, unique=True)
    carrier = models.CharField(_("carrier"), max_length=80, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=80)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    remitted_on = models.DateField(_("remitted on"))
    status = models.CharField(
        _("status in the file"), max_length=10, choices=Status.choices
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, db_index=True
    )
    message = models.CharField(_("problem"), max_length=255, blank=True)
    part = models.ForeignKey(
        "sellerorders.OrderSellerPart",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remittance_lines",
    )
    file_name = models.CharField(_("file"), max_length=100, blank=True)
    line_number = models.PositiveIntegerField(_("line"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("remittance line")
        verbose_name_plural = _("remittance lines")

    def __str__(self):
        return f"{self.tracking_number} {self.amount} {self.remitted_on}"

    @property
    def needs_staff(self) -> bool:
        return self.outcome in {
            self.Outcome.MISMATCH,
            self.Outcome.UNKNOWN,
            self.Outcome.REJECTED,
        }

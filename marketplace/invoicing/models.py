"""Invoices and credit notes, numbered without gaps per issuer.

Two issuers write here: each seller (its sales to shoppers, and its credit
notes when it refunds) and the marketplace (its commission to each seller,
and the commission it gives back). An invoice is never changed once issued:
what it says (names, ICE, addresses, lines, totals) is kept in `data` as it
was then, so a seller renaming its shop or changing its ICE leaves the
invoices already issued as they were. A correction is a credit note.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .ice import ice_normalize, validate_ice


class SellerTaxProfile(models.Model):
    """What a seller's invoices print about it: its ICE and legal address."""

    seller = models.OneToOneField(
        "artisans.Seller", on_delete=models.CASCADE, related_name="tax_profile"
    )
    ice = models.CharField(
        _("ICE"),
        max_length=15,
        validators=[validate_ice],
        help_text=_("Identifiant commun de l'entreprise: 15 digits."),
    )
    address = models.CharField(_("address for invoices"), max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("seller's tax details")
        verbose_name_plural = _("sellers' tax details")

    def __str__(self):
        return f"{self.seller}: {self.ice}"

    def clean(self):
        self.ice = ice_normalize(self.ice)


class InvoiceCounter(models.Model):
    """The last number an issuer gave in a year: locked to give the next.

    Its row is locked (`select_for_update`) by the transaction that inserts
    the invoice, so two invoices never share a number, and a transaction
    that rolls back gives its number back: no gap.
    """

    issuer = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year"], name="one_invoice_counter_per_issuer_year"
            )
        ]

    def __str__(self):
        return f"{self.issuer} {self.year}: {self.last_number}"


class Invoice(models.Model):
    """One invoice or credit note, as issued."""

    class Kind(models.TextChoices):
        SALE = "sale", _("Invoice")
        SALE_CREDIT = "sale_credit", _("Credit note")
        COMMISSION = "commission", _("Commission invoice")
        COMMISSION_CREDIT = "commission_credit", _("Commission credit note")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=40, unique=True)
    issuer = models.CharField(_("issuer"), max_length=20)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    # The seller concerned: the issuer of a sale, the recipient of commission.
    seller = models.ForeignKey(
        "artisans.Seller", on_delete=models.PROTECT, related_name="invoices"
    )
    part = models.ForeignKey(
        "sellerorders.OrderSellerPart",
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    refund = models.ForeignKey(
        "payments.Refund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("corrects"),
    )
    # The event the document records (`sale:<part>`, `sale-credit:<refund>`
    # …): unique, so issuing for an event twice issues once.
    key = models.CharField(max_length=100, unique=True)
    language = models.CharField(_("language"), max_length=10)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    data = models.JSONField()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "sequence"],
                name="one_invoice_per_issuer_number",
            )
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Invoices are never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Invoices are never deleted."))

    @property
    def is_credit_note(self) -> bool:
        return self.kind in {self.Kind.SALE_CREDIT, self.Kind.COMMISSION_CREDIT}

    @property
    def to_shopper(self) -> bool:
        return self.kind in {self.Kind.SALE, self.Kind.SALE_CREDIT}

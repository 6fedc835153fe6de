from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderSellerPart(models.Model):
    """One seller's part of an order: shipped, tracked and paid on its own.

    An order holds the lines of several sellers; each seller prepares and ships
    its own parcel, so each part has its own shipping charge and status.
    """

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        # Refused at the door (or never found): back to the seller, unpaid.
        RETURNED = "returned", _("Returned to sender")
        CANCELLED = "cancelled", _("Cancelled")

    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="seller_parts"
    )
    seller = models.ForeignKey(
        "artisans.Seller",
        on_delete=models.PROTECT,
        related_name="order_parts",
        verbose_name=_("seller"),
    )
    lines_total = models.DecimalField(_("lines total"), max_digits=12, decimal_places=2)
    shipping_charge = models.DecimalField(
        _("shipping charge"), max_digits=12, decimal_places=2
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PREPARING,
        db_index=True,
    )
    carrier = models.CharField(_("carrier"), max_length=80, blank=True)
    # The carrier as data (its tracking page); `carrier` keeps its name.
    shipping_carrier = models.ForeignKey(
        "shipping.Carrier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carrier"),
    )
    tracking_number = models.CharField(_("tracking number"), max_length=80, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    cash_collected_at = models.DateTimeField(
        _("cash collected at"), null=True, blank=True
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-order__date_placed", "id"]
        verbose_name = _("seller's part of an order")
        verbose_name_plural = _("sellers' parts of orders")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "seller"], name="unique_seller_part_per_order"
            )
        ]

    def __str__(self):
        return f"{self.order.number} / {self.seller}"

    @property
    def total(self) -> Decimal:
        return self.lines_total + self.shipping_charge

    @property
    def cash_collected(self) -> bool:
        return self.cash_collected_at is not None

    @property
    def carrier_name(self) -> str:
        """The carrier's name in the active language (the stored one without
        a carrier row)."""
        if self.shipping_carrier is not None and self.shipping_carrier.name:
            return self.shipping_carrier.name
        return self.carrier

    @property
    def tracking_link(self) -> str:
        """The carrier's page for this parcel, or "" (no page, no number)."""
        if self.shipping_carrier is None:
            return ""
        return self.shipping_carrier.tracking_link(self.tracking_number)

    def get_lines(self):
        """The order's lines of this seller only."""
        # With their products: a line names its product in the reader's language.
        return (
            self.order.lines.filter(partner_id=self.seller.partner_id)
            .select_related("product", "product__parent")
            .order_by("pk")
        )

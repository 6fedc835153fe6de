from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRequest(models.Model):
    """A person asked for its data to be erased.

    A shopper's is carried out at once (`services.account_erase`); a seller's
    waits for staff, who settle the shop's ledger and keep its invoices before
    closing it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for staff")
        DONE = "done", _("Erased")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="erasure_requests",
    )
    # Kept after the erasure: which account it was, for staff's records.
    account_id = models.PositiveIntegerField(_("account number"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["account_id"],
                condition=models.Q(status="pending"),
                name="privacy_one_pending_erasure_per_account",
            )
        ]

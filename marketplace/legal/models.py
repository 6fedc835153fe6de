"""The legal texts' published versions, and every acceptance of one.

The texts themselves are CMS pages (`cms.LegalPage`, one per kind and
language) that staff edit; publishing one records its version here, so the
shop's rooms (checkout, the seller's application) read which version they
ask a person to accept without importing the CMS. An acceptance is kept as
evidence: who, which text, which version, in which language, when.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TERMS = "terms", _("Terms of sale")
    WITHDRAWAL = "withdrawal", _("Right of withdrawal")
    PRIVACY = "privacy", _("Privacy notice")
    NOTICE = "notice", _("Legal notices")
    SELLER_TERMS = "seller-terms", _("Seller terms")


class PublishedDocument(models.Model):
    """The live version of one legal text in one language."""

    kind = models.CharField(_("text"), max_length=16, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8)
    version = models.CharField(_("version"), max_length=32)
    title = models.CharField(_("title"), max_length=255)
    url = models.CharField(_("address"), max_length=500)
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("published legal text")
        verbose_name_plural = _("published legal texts")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language"], name="legal_one_live_text_per_language"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language}) v{self.version}"


class Acceptance(models.Model):
    """A person accepted (or agreed to) one version of one text."""

    class Context(models.TextChoices):
        CHECKOUT = "checkout", _("Order placed")
        SELLER_APPLICATION = "seller-application", _("Seller application")
        PUBLICATION = "publication", _("Publication of the seller's name and photo")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="legal_acceptances",
    )
    # The order or application the acceptance came with (a guest has no user).
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    context = models.CharField(_("context"), max_length=24, choices=Context.choices)
    kind = models.CharField(_("text"), max_length=16, choices=Kind.choices)
    # "" when no version of the text was published at the time.
    version = models.CharField(_("version"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=8)
    accepted_at = models.DateTimeField(_("accepted"), auto_now_add=True)

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ["-accepted_at"]
        indexes = [models.Index(fields=["context", "reference"])]

    def __str__(self):
        return f"{self.kind} v{self.version} ({self.context} {self.reference})"

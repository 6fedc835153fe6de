"""A user's notifications, and what each user wants to receive, in which
language."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One event told to one user: shown under the bell, linked to act on it.

    Its words are not stored: they are written from `kind` and `context` in
    the reader's language each time they are shown (`kinds.py`).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="marketplace_notifications",
    )
    kind = models.CharField(_("kind"), max_length=50)
    context = models.JSONField(default=dict, blank=True)
    # A path without its language prefix ("/seller/orders/3/"): each reader
    # gets it in its own language.
    url = models.CharField(_("link"), max_length=500)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The bell's count: one index-only lookup per page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            models.Index(
                fields=["recipient", "-created"], name="notification_list_idx"
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class UserPreferences(models.Model):
    """The account's language (of its e-mails and notifications) and the
    e-mails it turned off. No row: the site's language, every e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    language = models.CharField(
        _("language"), max_length=15, choices=settings.LANGUAGES
    )
    # Codes of the kinds (`kinds.py`) not sent by e-mail; transactional
    # kinds are sent whatever this says.
    email_off = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("user preferences")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return f"{self.user_id}: {self.language}"


class OrderLanguage(models.Model):
    """The language an order was placed in: a guest's e-mails are written in
    it (a signed-in shopper's follow the account's preference)."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    language = models.CharField(max_length=15, choices=settings.LANGUAGES)

    def __str__(self):
        return f"{self.order_id}: {self.language}"

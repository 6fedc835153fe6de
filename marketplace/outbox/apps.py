from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Work queued after a commit, kept in the database until it is done."""

    name = "marketplace.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

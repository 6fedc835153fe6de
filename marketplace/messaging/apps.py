from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """Messages between shoppers and shops: one conversation per subject."""

    name = "marketplace.messaging"
    label = "messaging"
    verbose_name = _("Messages")

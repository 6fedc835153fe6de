from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's own data: download it, ask for its erasure (law 09-08)."""

    name = "marketplace.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

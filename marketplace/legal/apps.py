from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    """The shop's legal texts as published, and who accepted which version."""

    name = "marketplace.legal"
    label = "legal"
    verbose_name = _("Legal texts and consents")

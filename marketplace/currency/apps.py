from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurrencyConfig(AppConfig):
    """Prices shown in euros or dollars for buyers abroad; charged in MAD."""

    name = "marketplace.currency"
    label = "currency"
    verbose_name = _("Display currencies")

    def ready(self):
        from . import signal_handlers

        signal_handlers.register_signal_handlers()

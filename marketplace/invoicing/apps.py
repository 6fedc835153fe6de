from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "marketplace.invoicing"
    label = "invoicing"
    verbose_name = _("Invoices")

    def ready(self):
        # An AppConfig loads before the models its receivers import.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Card payments through Stripe, cash on delivery, the sellers' ledger."""

    name = "marketplace.payments"
    label = "payments"
    verbose_name = _("Payments and payouts")

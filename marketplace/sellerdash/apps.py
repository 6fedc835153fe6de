from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SellerDashConfig(AppConfig):
    """The seller's own dashboard: its products, stock, photos and storefront."""

    name = "marketplace.sellerdash"
    label = "sellerdash"
    verbose_name = _("Seller dashboard")

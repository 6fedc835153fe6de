from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SellerOrdersConfig(AppConfig):
    """Each seller's part of an order: its lines, its parcel, its status."""

    name = "marketplace.sellerorders"
    label = "sellerorders"
    verbose_name = _("Seller orders")

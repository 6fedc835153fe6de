from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "marketplace.returns"
    label = "returns"
    verbose_name = _("Returns, refunds and disputes")

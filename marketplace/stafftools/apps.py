from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffToolsConfig(AppConfig):
    name = "marketplace.stafftools"
    label = "stafftools"
    verbose_name = _("Staff tools")

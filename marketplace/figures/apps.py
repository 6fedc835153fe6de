from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """How the shops are doing: sales, orders, product views, promotions.

    It reads every room (seller orders, the catalogue, the registry, the CMS's
    regional collections) and no room reads it, so it sits at the top of the
    layers (pyproject.toml), under the demo seeder only.
    """

    name = "marketplace.figures"
    label = "figures"
    verbose_name = _("Figures")

    def ready(self):
        # Signal wiring needs every model loaded: only possible from ready().
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

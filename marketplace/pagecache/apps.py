from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The anonymous whole-page cache: a project-wide concern (the Wagtail home
    page, storefronts, the catalogue and search all use it), so it belongs to
    no one app."""

    name = "marketplace.pagecache"
    label = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        # Signal wiring needs every model loaded: only possible from ready().
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

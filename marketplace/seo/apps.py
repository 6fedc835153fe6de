from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeoConfig(AppConfig):
    """What search engines and shared links read: robots.txt, the sitemaps,
    canonical and hreflang links, social cards and structured data."""

    name = "marketplace.seo"
    label = "seo"
    verbose_name = _("Search engines")

    def ready(self):
        # Signal receivers: connected once the models are loaded.
        from . import signal_handlers  # noqa: F401

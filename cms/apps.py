from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Wagtail pages: the home page, fairs, collections, news."""

    name = "cms"
    verbose_name = _("Promotional content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal handlers import the models: only possible once they are loaded.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

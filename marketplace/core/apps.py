from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Project-wide pieces: base templates, context, demo data."""

    name = "marketplace.core"
    label = "marketplace_core"
    verbose_name = "Marketplace"

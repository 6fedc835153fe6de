from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    """Periodic jobs, run once across the fleet whatever the schedulers."""

    name = "marketplace.scheduler"
    label = "scheduler"
    verbose_name = _("Scheduled jobs")

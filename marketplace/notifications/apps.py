from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications and the e-mails that go with them (`notify`)."""

    name = "marketplace.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The receivers import the models: only possible once they are loaded.
        from .receivers import register_receivers

        register_receivers()

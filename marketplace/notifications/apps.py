from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.apps import CustomerConfig as OscarCustomerConfig


class NotificationsConfig(AppConfig):
    """In-app notifications and the e-mails that go with them (`notify`)."""

    name = "marketplace.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The receivers import the models: only possible once they are loaded.
        from .receivers import register_receivers

        register_receivers()


class CustomerConfig(OscarCustomerConfig):
    """Oscar's account app, its own notification pages sent to the bell's: the
    site has one notification centre (`notifications:list`). Oscar's
    "Notifications" tab and its inbox, archive and message links all reach it.
    The forked account app's config (`marketplace.customer`) extends it."""

    def ready(self):
        super().ready()
        # Views imported here: the module is read before the models load.
        from .views import OscarNotificationsRedirect

        self.notification_inbox_view = OscarNotificationsRedirect
        self.notification_archive_view = OscarNotificationsRedirect
        self.notification_update_view = OscarNotificationsRedirect
        self.notification_detail_view = OscarNotificationsRedirect

"""Oscar's "back in stock" alerts, each written in its recipient's language.

Oscar's `AlertsDispatcher` renders every alert's e-mail through its
dispatcher's `get_messages`, with the alert in the context, and the in-site
notice through `notify_user_about_product_alert`: both are wrapped here in
the account's language (`notifications.selectors.user_language`). An alert
left by a guest has no language of its own: the site's.
"""

from django.conf import settings
from django.utils import translation
from oscar.core.loading import get_class

from marketplace.notifications.selectors import user_language

OscarAlertsDispatcher = get_class("customer.alerts.utils", "AlertsDispatcher")
Dispatcher = get_class("communication.utils", "Dispatcher")


def _alert_language(alert) -> str:
    user = getattr(alert, "user", None)
    return user_language(user=user) if user is not None else settings.LANGUAGE_CODE


class AlertLanguageDispatcher(Dispatcher):
    def get_messages(self, event_code, extra_context=None):
        language = _alert_language((extra_context or {}).get("alert"))
        with translation.override(language):
            return super().get_messages(event_code, extra_context)


class AlertsDispatcher(OscarAlertsDispatcher):
    def __init__(self, logger=None, mail_connection=None):
        super().__init__(logger=logger, mail_connection=mail_connection)
        self.dispatcher = AlertLanguageDispatcher(
            logger=self.dispatcher.logger, mail_connection=mail_connection
        )

    def notify_user_about_product_alert(self, user, context):
        with translation.override(user_language(user=user)):
            super().notify_user_about_product_alert(user, context)

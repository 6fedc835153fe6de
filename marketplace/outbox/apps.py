from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Work queued after a commit, kept in the database until it is done."""

    name = "marketplace.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        # The services import the models: only possible once they are loaded.
        from .services import outbox_request_finished, outbox_request_started

        request_started.connect(outbox_request_started, dispatch_uid="outbox-start")
        request_finished.connect(outbox_request_finished, dispatch_uid="outbox-end")

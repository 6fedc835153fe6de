"""The e-mail of a new message as it was queued before messages went through
`notify`: kept so outbox rows queued then still run (they name this task)."""

from django_tasks import task

from . import notifications
from .models import Message


@task()
def message_received_email(message_id: int) -> None:
    message = (
        Message.objects.select_related(
            "conversation__seller__owner",
            "conversation__seller__partner",
            "conversation__shopper",
            "conversation__order_part__order",
        )
        .filter(pk=message_id)
        .first()
    )
    if message is not None:  # deleted since (the shopper's account closed)
        notifications.message_received(message=message)

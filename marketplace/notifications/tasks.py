"""Notification e-mails, run through the outbox (`services.notify`)."""

from django_tasks import task

from .emails import email_send
from .models import Notification
from .selectors import email_wanted, user_language


@task()
def notification_email(notification_id: int) -> None:
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return
    recipient = notification.recipient
    # Read again when it is sent: a preference changed in between wins.
    if not email_wanted(user=recipient, kind=notification.kind):
        return
    email_send(
        to=recipient.email,
        kind=notification.kind,
        context=notification.context,
        url=notification.url,
        language=user_language(user=recipient),
    )


@task()
def guest_email(email: str, language: str, kind: str, context: dict, url: str) -> None:
    """A shopper without an account: e-mail only, in the order's language."""
    email_send(to=email, kind=kind, context=context, url=url, language=language)

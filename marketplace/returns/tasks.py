"""The e-mail of a return's step as it was queued before returns went through
`notify`: kept so outbox rows queued then still run (they name this task)."""

from django_tasks import task

from . import notifications
from .models import ReturnRequest


@task()
def return_step_email(request_id: int, status: str, actor: str) -> None:
    request = ReturnRequest.objects.filter(pk=request_id).first()
    event = request and request.events.filter(status=status, actor=actor).last()
    if event is not None:
        notifications.return_step(request=request, event=event)

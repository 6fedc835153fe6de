"""E-mails about returns, run through the outbox."""

from django_tasks import task

from . import notifications


@task()
def return_step_email(request_id: int, status: str, actor: str) -> None:
    notifications.return_step(request_id=request_id, status=status, actor=actor)

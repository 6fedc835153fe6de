"""The outbox: work queued after a commit (e-mails, search index updates)
that neither turns the committed write into an error nor gets lost.

`outbox_enqueue` writes a message in the caller's transaction and hands it to
the task queue once that commits. If the queue cannot be reached then, the
write still succeeds: the message waits in the table, and `outbox_drain` (the
`drain_outbox` command, run periodically beside the workers) hands it over
once the queue is back. A task that fails is retried with a growing delay.

The embedded default's inline task backend runs the work at once, in the
request, as before; a failure there is retried by the drain too.
"""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django_tasks.base import Task

from .models import KEEP_DONE, RESEND_AFTER, OutboxMessage
from .tasks import outbox_run

logger = logging.getLogger(__name__)


def outbox_enqueue(*, task: Task, kwargs: dict | None = None) -> OutboxMessage:
    """Run `task` with these keyword arguments (JSON) once the transaction
    commits; nothing if it rolls back."""
    message = OutboxMessage.objects.create(
        task_path=task.module_path,
        kwargs=kwargs or {},
        language=get_language() or "",
        # Handed to the queue on commit; picked up by the drain only if that
        # never happened (the process died right after the commit).
        next_attempt_at=timezone.now() + RESEND_AFTER,
    )
    transaction.on_commit(partial(outbox_send, message_id=message.pk))
    return message


def outbox_send(*, message_id: int) -> bool:
    """Hand one message to the task queue. False when the queue is unreachable:
    the message stays pending for the next drain; nothing is raised."""
    pending = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.PENDING
    )
    try:
        now = timezone.now()
        # Before the enqueue: an inline backend runs the task inside it, and
        # a failed run sets its own retry time.
        pending.update(sent_at=now, next_attempt_at=now + RESEND_AFTER)
        outbox_run.enqueue(message_id=message_id)
    except Exception:
        logger.warning(
            "Task queue unreachable: outbox message %s waits for drain_outbox",
            message_id,
            exc_info=True,
        )
        try:
            pending.update(sent_at=None, next_attempt_at=timezone.now())
        except Exception:
            logger.exception("Outbox message %s: could not record it", message_id)
        return False
    return True


def outbox_drain(*, limit: int = 1000) -> int:
    """Hand the messages that are due to the queue; how many were handed.

    Stops at the first message the queue refuses (it is still down). Done
    messages older than `KEEP_DONE` are deleted.
    """
    now = timezone.now()
    OutboxMessage.objects.filter(
        status=OutboxMessage.Status.DONE, done_at__lt=now - KEEP_DONE
    ).delete()
    due = list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for message_id in due:
        if not outbox_send(message_id=message_id):
            break
        sent += 1
    return sent

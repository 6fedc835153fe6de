"""The outbox: work queued after a commit (e-mails, search index updates)
that neither turns the committed write into an error nor gets lost.

`outbox_enqueue` writes a message in the caller's transaction and hands it to
the task queue once that commits. If the queue cannot be reached then, the
write still succeeds: the message waits in the table, and `outbox_drain` (the
`drain_outbox` command, run periodically beside the workers) hands it over
once the queue is back. A task that fails is retried with a growing delay.

Inside a request, the hand-over waits until the response has been sent
(`request_finished`): the shopper does not wait for the queue, nor, with the
embedded default's inline task backend, for the work itself (an e-mail built
and sent, an index update), which that backend runs in the same process
right after the response; a failure there is retried by the drain too.
"""

import logging
import threading
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django_tasks.base import Task

from .models import KEEP_DONE, RESEND_AFTER, OutboxMessage, resend_after
from .tasks import outbox_run, outbox_run_many

logger = logging.getLogger(__name__)

# The most messages handed to the queue in one job: one job runs them one
# after the other, well within a job's time limit.
SEND_MANY_AT_ONCE = 20

# Per thread: the messages committed during the current request, handed to
# the queue once its response has been sent; None outside a request.
_after_response = threading.local()


def outbox_enqueue(*, task: Task, kwargs: dict | None = None) -> OutboxMessage:
    """Run `task` with these keyword arguments (JSON) once the transaction
    commits; nothing if it rolls back."""
    return outbox_enqueue_many(jobs=[(task, kwargs or {})])[0]


def outbox_enqueue_many(*, jobs: list[tuple[Task, dict]]) -> list[OutboxMessage]:
    """`outbox_enqueue` for several tasks at once: one insert, whatever their
    number; each is still its own message, run and retried alone."""
    language = get_language() or ""
    # Handed to the queue on commit; picked up by the drain only if that
    # never happened (the process died right after the commit).
    resend_at = timezone.now() + RESEND_AFTER
    messages = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                task_path=task.module_path,
                kwargs=kwargs,
                language=language,
                next_attempt_at=resend_at,
            )
            for task, kwargs in jobs
        ]
    )
    if messages:
        transaction.on_commit(
            partial(_send_when_committed, message_ids=[m.pk for m in messages])
        )
    return messages


def _send_when_committed(*, message_ids: list[int]) -> None:
    waiting = getattr(_after_response, "message_ids", None)
    if waiting is not None:  # in a request: once its response has gone
        waiting.extend(message_ids)
        return
    outbox_send_many(message_ids=message_ids)


def outbox_request_started(**kwargs) -> None:
    """Connected to `request_started` (OutboxConfig.ready)."""
    _after_response.message_ids = []


def outbox_request_finished(**kwargs) -> None:
    """Connected to `request_finished`, which the WSGI server sends once the
    response is written: hand over what the request committed."""
    message_ids = getattr(_after_response, "message_ids", None)
    _after_response.message_ids = None
    if not message_ids:
        return
    # A connection this opens again (Django may have closed the request's
    # just before) is closed, if it must be, when the next request starts.
    outbox_send_many(message_ids=message_ids)


def outbox_send(*, message_id: int, created_at: datetime | None = None) -> bool:
    """Hand one message to the task queue. False when the queue is unreachable:
    the message stays pending for the next drain; nothing is raised.

    `created_at` (the drain's): handed over again only after as long as it
    has already waited (`resend_after`); none: a new message."""
    waited = timezone.now() - created_at if created_at else timedelta(0)
    return _hand_over(
        message_ids=[message_id],
        waited=waited,
        enqueue=lambda: outbox_run.enqueue(message_id=message_id),
    )


def outbox_send_many(*, message_ids: list[int]) -> bool:
    """Hand these new messages to the task queue, `SEND_MANY_AT_ONCE` to a
    job (`tasks.outbox_run_many`): each is still run and retried alone, in
    its own transaction. False when the queue is unreachable: the messages
    not handed over stay pending for the next drain (those of later batches
    were never marked handed over); nothing is raised."""
    if len(message_ids) == 1:
        return outbox_send(message_id=message_ids[0])
    for start in range(0, len(message_ids), SEND_MANY_AT_ONCE):
        batch = message_ids[start : start + SEND_MANY_AT_ONCE]
        handed = _hand_over(
            message_ids=batch,
            waited=timedelta(0),
            enqueue=lambda batch=batch: outbox_run_many.enqueue(message_ids=batch),
        )
        if not handed:
            return False
    return True


def _hand_over(*, message_ids: list[int], waited: timedelta, enqueue) -> bool:
    """Mark these pending messages handed over, then `enqueue()` their job;
    if the queue refuses, mark them due again for the drain."""
    pending = OutboxMessage.objects.filter(
        pk__in=message_ids, status=OutboxMessage.Status.PENDING
    )
    try:
        now = timezone.now()
        # Before the enqueue: an inline backend runs the task inside it, and
        # a failed run sets its own retry time.
        pending.update(sent_at=now, next_attempt_at=now + resend_after(waited))
        enqueue()
    except Exception:
        logger.warning(
            "Task queue unreachable: outbox messages %s wait for drain_outbox",
            message_ids,
            exc_info=True,
        )
        try:
            pending.update(sent_at=None, next_attempt_at=timezone.now())
        except Exception:
            logger.exception("Outbox messages %s: could not record it", message_ids)
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
        .values_list("pk", "created_at")[:limit]
    )
    sent = 0
    for message_id, created_at in due:
        if not outbox_send(message_id=message_id, created_at=created_at):
            break
        sent += 1
    return sent

"""The one job the queue carries for the outbox: run a message's task, once.

The message row is locked while its task runs, and a message already done is
skipped: a message handed to the queue twice (by the commit and by a drain,
or by two drains) runs once. A message whose row is locked is being run by
another worker right now: this copy is skipped at once, not left waiting for
that run to end (a worker waiting on the lock takes no other job: with a slow
task, every worker ended up waiting on the same message while the queue of
e-mails grew behind them). If that run fails or its worker dies, the message
stays pending and the drain hands it over again.

The guarantee is at least once, and once in all but one case: the database
failing between the task's effect (an e-mail sent) and the commit that
records it.
"""

import logging
import traceback

from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task

from .models import MAX_ATTEMPTS, OutboxMessage, retry_delay

logger = logging.getLogger(__name__)


@task()
def outbox_run(message_id: int) -> str:
    return outbox_message_run(message_id=message_id)


@task()
def outbox_run_many(message_ids: list[int]) -> list[str]:
    """`outbox_run` of each of these messages in turn, each in its own
    transaction, as if each were its own job: one committed write's messages
    (an order's e-mails) are one job for the queue, not one each: one
    dequeue, one result kept. A message whose run breaks down (its database
    gone) stays pending for the drain; the next ones still run."""
    results = []
    for message_id in message_ids:
        try:
            results.append(outbox_message_run(message_id=message_id))
        except Exception:
            logger.exception(
                "Outbox message %s: not run, left for the drain", message_id
            )
            results.append("error")
    return results


def outbox_message_run(*, message_id: int) -> str:
    """Run one message's task, once: "done", "failed" (retried later, or
    given up), or "skipped" (gone, done, or running on another worker)."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.status != OutboxMessage.Status.PENDING:
            return "skipped"  # gone, done, or running on another worker
        message.attempts += 1
        # A savepoint: a task failing on the database is rolled back to it,
        # leaving this transaction usable to record the failure. What a task
        # wrote before another failure stays (the database copy of the search
        # index when Elasticsearch is down): tasks are safe to run again.
        savepoint = transaction.savepoint()
        try:
            with translation.override(message.language or None):
                import_string(message.task_path).call(**message.kwargs)
        except Exception as error:
            if isinstance(error, DatabaseError):
                transaction.savepoint_rollback(savepoint)
            else:
                transaction.savepoint_commit(savepoint)
            message.last_error = traceback.format_exc()[-4000:]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                logger.error(
                    "Outbox message %s (%s) failed %s times, given up:\n%s",
                    message.pk,
                    message.task_path,
                    message.attempts,
                    message.last_error,
                )
            else:
                message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
                logger.warning(
                    "Outbox message %s (%s) failed (attempt %s), retried from %s",
                    message.pk,
                    message.task_path,
                    message.attempts,
                    message.next_attempt_at.isoformat(),
                    exc_info=True,
                )
            message.save(
                update_fields=["status", "attempts", "last_error", "next_attempt_at"]
            )
            return "failed"
        transaction.savepoint_commit(savepoint)
        message.status = OutboxMessage.Status.DONE
        message.done_at = timezone.now()
        message.save(update_fields=["status", "attempts", "done_at"])
        return "done"

"""One row per piece of work to do after a commit (an e-mail, an index update).

Written in the same transaction as the business write it follows, so the work
exists exactly when that write does: a rolled back order leaves no e-mail to
send, a committed one cannot lose its e-mail to a queue that was down.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A job handed to the queue that has not run by then was lost (a Redis
# restarted without persistence, a worker killed mid-task): `drain_outbox`
# hands it over again. OUTBOX_RESEND_SECONDS shortens it (bench/cluster.py).
RESEND_AFTER = timedelta(seconds=getattr(settings, "OUTBOX_RESEND_SECONDS", 600))
RESEND_AFTER_MAX = max(RESEND_AFTER, timedelta(hours=1))
# A task that keeps failing is retried with a growing delay, then left failed
# (shown in the admin) for someone to look at.
MAX_ATTEMPTS = 8
RETRY_DELAY = timedelta(seconds=15)
RETRY_DELAY_MAX = timedelta(hours=1)
# Done messages are kept this long, for the record, then deleted by the drain.
KEEP_DONE = timedelta(days=7)


def resend_after(waited: timedelta) -> timedelta:
    """How long a message handed to the queue may wait there before it is
    taken for lost and handed over again: RESEND_AFTER, or as long as it has
    already waited (at most RESEND_AFTER_MAX). A queue that is only long (a
    burst, a slow worker) then holds a few copies of a waiting message, not
    one more every RESEND_AFTER: in the multi-node run (8 s) a one-minute
    queue ran each message four times over, and the copies were the queue."""
    return min(max(RESEND_AFTER, waited), RESEND_AFTER_MAX)


def retry_delay(attempts: int) -> timedelta:
    """15 s, 30 s, 1 min, 2 min… at most an hour."""
    return min(RETRY_DELAY * 2 ** max(attempts - 1, 0), RETRY_DELAY_MAX)


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # The django-tasks Task to run (its module path) and its keyword arguments.
    task_path = models.CharField(max_length=255)
    kwargs = models.JSONField(default=dict)
    # The language active when the work was queued: an e-mail is written in
    # the shopper's language even when a worker sends it.
    language = models.CharField(max_length=15, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When `drain_outbox` may hand it to the queue (again): after a failed
    # send at once, after a failed run with a back-off, after a send that
    # went through only if the job has not run by then (the queue lost it).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="outbox_pending_idx",
            ),
        ]

    def __str__(self):
        return f"{self.task_path} #{self.pk} ({self.status})"

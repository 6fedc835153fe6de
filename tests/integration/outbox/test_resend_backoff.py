"""Issue 20, the multi-node run: a message still waiting in a long queue is
handed over again only after as long as it has already waited, not every
RESEND_AFTER: the copies of waiting messages no longer make up the queue
(8 s in the run: each message of a one-minute queue ran four times over).

The queue is RQ on a Redis of the test's own, with no worker: what the drain
hands over stays there, as in a queue that is only long."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_rq import get_queue

from marketplace.notifications.tasks import guest_email
from marketplace.outbox.models import (
    RESEND_AFTER,
    RESEND_AFTER_MAX,
    OutboxMessage,
    resend_after,
)
from marketplace.outbox.services import outbox_drain

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def test_a_resend_waits_as_long_as_the_message_has_waited_within_bounds():
    assert resend_after(timedelta(0)) == RESEND_AFTER
    assert resend_after(RESEND_AFTER * 3) == RESEND_AFTER * 3
    assert resend_after(timedelta(days=2)) == RESEND_AFTER_MAX


def test_the_drain_hands_a_long_waiting_message_over_after_as_long_again(
    redis_server,
):
    now = timezone.now()
    waited = RESEND_AFTER * 2
    message = OutboxMessage.objects.create(
        task_path=guest_email.module_path,
        kwargs={
            "email": "buyer@example.ma",
            "language": "fr",
            "kind": "order_cancelled",
            "context": {"number": "B1"},
            "url": "/",
        },
        # Handed over when it was made, not run since: the queue is long.
        created_at=now - waited,
        sent_at=now - waited,
        next_attempt_at=now - timedelta(seconds=1),
    )
    queue = get_queue("default")

    assert outbox_drain() == 1
    assert queue.count == 1  # one copy more in the queue
    message.refresh_from_db()
    assert message.next_attempt_at - message.sent_at >= waited
    # Not due again at the next drains within that time: no copy more.
    assert outbox_drain() == 0
    assert queue.count == 1

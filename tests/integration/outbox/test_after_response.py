"""Inside a request, the outbox hands its committed messages to the queue once
the response has been sent (`request_finished`), not before: the shopper
waits neither for the queue nor, with the inline backend, for the work.

The request's start and end are Django's own signals, sent here as a WSGI
server would; the work is a real e-mail, sent by the inline task backend.
"""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client, TestCase
from django_rq import get_queue
from django_tasks_rq.backend import Job
from oscar.core.loading import get_model
from rq import SimpleWorker

from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.services import outbox_enqueue
from marketplace.outbox.tasks import outbox_run_many
from marketplace.sellerorders.tasks import seller_order_placed_email
from tests.integration.checkout.shop import (
    checkout,
    checkout_to_preview,
    make_product,
    make_seller,
)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cash_only(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENT_METHODS = ["cod"]


def send(signal) -> None:
    """A request's start or end, as the WSGI server signals it; the test's
    database connection kept open, as Django's test client keeps it."""
    signal.disconnect(close_old_connections)
    try:
        signal.send(sender=None)
    finally:
        signal.connect(close_old_connections)


def a_seller_part():
    potter = make_seller("Poterie Fassi", email="potter@example.ma")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    checkout(Client(), [(tajine, 1)])
    mail.outbox.clear()
    return Order.objects.get().seller_parts.get()


def test_work_committed_in_a_request_runs_after_its_response_once():
    part = a_seller_part()

    send(request_started)
    with TestCase.captureOnCommitCallbacks(execute=True):
        with transaction.atomic():
            message = outbox_enqueue(
                task=seller_order_placed_email, kwargs={"part_id": part.pk}
            )
    # Committed, and the response not yet sent: waiting, not handed over.
    message.refresh_from_db()
    assert (message.status, message.sent_at) == ("pending", None)
    assert mail.outbox == []

    send(request_finished)

    message.refresh_from_db()
    assert message.status == "done"
    assert [m.to for m in mail.outbox] == [["potter@example.ma"]]
    # The next request starts with nothing to hand over.
    send(request_started)
    send(request_finished)
    assert len(mail.outbox) == 1


def test_outside_a_request_work_is_handed_over_at_commit():
    part = a_seller_part()

    with TestCase.captureOnCommitCallbacks(execute=True):
        outbox_enqueue(task=seller_order_placed_email, kwargs={"part_id": part.pk})

    assert [m.to for m in mail.outbox] == [["potter@example.ma"]]


@pytest.mark.redis
def test_a_queue_down_after_the_response_loses_nothing(redis_server):
    part = a_seller_part()
    queue = get_queue("default", job_class=Job)
    queue.empty()  # the order's own e-mails: not this test's

    redis_server.stop()
    send(request_started)
    with TestCase.captureOnCommitCallbacks(execute=True):
        message = outbox_enqueue(
            task=seller_order_placed_email, kwargs={"part_id": part.pk}
        )
    send(request_finished)  # the queue refuses: it waits
    message.refresh_from_db()
    assert (message.status, message.sent_at) == ("pending", None)

    redis_server.start()
    call_command("drain_outbox", verbosity=0)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)

    message.refresh_from_db()
    assert message.status == "done"
    assert (message.attempts, [m.to for m in mail.outbox]) == (
        1,
        [["potter@example.ma"]],
    )


@pytest.mark.redis
def test_a_requests_messages_are_one_job_each_message_run_once(redis_server):
    """An order's e-mails, committed in one request, reach the queue as one
    job (a forking worker forks once a job), and each message is still its
    own run: done once, even handed over again."""
    potter = make_seller("Poterie Fassi", email="potter@example.ma")
    weaver = make_seller("Tapis Azilal", email="weaver@example.ma")
    items = [
        (make_product(potter, price="300.00", title="Tajine vernissé"), 1),
        (make_product(weaver, price="900.00", title="Tapis"), 1),
    ]
    queue = get_queue("default", job_class=Job)
    queue.empty()
    client = Client()
    checkout_to_preview(client, items)

    send(request_started)
    with TestCase.captureOnCommitCallbacks(execute=True):
        placed = client.post(
            "/fr/checkout/preview/", {"action": "place_order", "accept_terms": "on"}
        )
    assert placed.status_code == 302
    send(request_finished)

    order = Order.objects.get()
    messages = list(OutboxMessage.objects.filter(created_at__gte=order.date_placed))
    # The shopper's two e-mails, each seller's notice, Oscar's sales counters.
    assert len(messages) == 5
    assert all(m.status == "pending" and m.sent_at for m in messages)
    assert queue.count == 1
    job = queue.jobs[0]
    assert job.kwargs["message_ids"] == sorted(m.pk for m in messages)

    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    assert {
        m.status for m in OutboxMessage.objects.filter(pk__in=job.kwargs["message_ids"])
    } == {"done"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "amina@example.ma",
        "amina@example.ma",
        "potter@example.ma",
        "weaver@example.ma",
    ]

    # The same job delivered twice (a drain, a queue's copy): nothing more.
    outbox_run_many.enqueue(message_ids=job.kwargs["message_ids"])
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    assert len(mail.outbox) == 4

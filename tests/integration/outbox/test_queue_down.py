"""The task queue down after a committed write: the write stands, its work
waits in the outbox, and is done once (not twice) when the queue is back.

The queue is RQ on a Redis of the test's own (`redis_server`), stopped for
real; the work is done by an RQ worker in burst mode, in this process so
that it reads the test's database and sends to its mailbox.
"""

import os
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_rq import get_queue
from django_tasks_rq.backend import Job
from oscar.core.loading import get_model
from rq import SimpleWorker

from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.services import outbox_enqueue, outbox_send
from marketplace.outbox.tasks import outbox_run
from marketplace.search.backends.elasticsearch import ElasticsearchBackend
from marketplace.search.models import ProductSearchDocument
from marketplace.search.tasks import sync_products
from tests.integration.catalogue import factories as f
from tests.integration.checkout.shop import checkout, make_product, make_seller
from tests.redis_server import unused_port

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cash_only(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENT_METHODS = ["cod"]


def work_the_queue() -> None:
    queue = get_queue("default", job_class=Job)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


def drain() -> None:
    call_command("drain_outbox", verbosity=0)


@pytest.mark.redis
def test_an_order_placed_while_the_queue_is_down_commits_and_mails_once_later(
    redis_server,
):
    potter = make_seller("Poterie Fassi", email="potter@example.ma")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé", stock=1)
    sync_products.call(product_ids=[tajine.pk])
    assert ProductSearchDocument.objects.filter(pk=tajine.pk).exists()
    before = OutboxMessage.objects.count()
    client = Client()

    redis_server.stop()
    placed = checkout(client, [(tajine, 1)])

    # The order committed and the shopper sees it.
    assert placed.status_code == 302
    assert client.get(placed["Location"]).status_code == 200
    order = Order.objects.get()
    # Nothing was sent; the e-mails and the index update wait in the outbox.
    assert mail.outbox == []
    waiting = OutboxMessage.objects.order_by("pk")[before:]
    tasks = [m.task_path.rsplit(".", 1)[-1] for m in waiting]
    assert {
        "order_placed_email",
        "cod_confirmation_request_email",
        "notification_email",
        "sync_products",
    } <= set(tasks)
    assert all(m.status == "pending" and m.sent_at is None for m in waiting)

    redis_server.start()
    drain()
    work_the_queue()

    # The shopper's confirmation and request to confirm the cash order, the
    # potter's notice: each once.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["amina@example.ma", "amina@example.ma", "potter@example.ma"]
    assert order.number in mail.outbox[0].subject + mail.outbox[0].body
    # The last tajine is sold: it left the search index.
    assert not ProductSearchDocument.objects.filter(pk=tajine.pk).exists()
    assert not OutboxMessage.objects.filter(pk__in=[m.pk for m in waiting]).exclude(
        status="done"
    )

    # Handed over again (a second drain, a job the queue kept twice): once.
    for message in waiting:
        outbox_run.enqueue(message_id=message.pk)
    drain()
    work_the_queue()
    assert len(mail.outbox) == 3


@pytest.mark.redis
def test_a_seller_unpublishing_while_the_queue_is_down_is_saved_and_indexed_later(
    redis_server, django_capture_on_commit_callbacks
):
    seller = f.seller()
    product = f.product(seller_obj=seller, title="Tapis Azilal")
    sync_products.call(product_ids=[product.pk])
    client = Client()
    client.force_login(seller.owner)

    redis_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sellerdash:product-unpublish", args=[product.pk])
        )

    assert response.status_code == 302
    product.refresh_from_db()
    assert not product.is_public
    assert ProductSearchDocument.objects.filter(pk=product.pk).exists()  # not yet

    redis_server.start()
    drain()
    work_the_queue()
    assert not ProductSearchDocument.objects.filter(pk=product.pk).exists()


@pytest.mark.elasticsearch
def test_an_index_update_that_fails_is_retried_by_the_drain_not_lost(settings):
    """Inline tasks (the embedded default's backend): an index update that
    fails because Elasticsearch is down stays in the outbox, and the drain
    runs it again once Elasticsearch answers."""
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_port()}"
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    product = f.product(seller_obj=f.seller())

    message = outbox_enqueue(task=sync_products, kwargs={"product_ids": [product.pk]})
    outbox_send(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)
    assert "Connection" in message.last_error
    assert message.next_attempt_at > timezone.now()

    settings.ELASTICSEARCH_URL = os.environ["TEST_ELASTICSEARCH_URL"]
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    try:
        drain()
        message.refresh_from_db()
        assert message.status == "done"
        assert ElasticsearchBackend().search(
            tokens=[], filters={}, sort="relevance", offset=0, limit=5
        ).ids == [product.pk]
    finally:
        ElasticsearchBackend().drop()

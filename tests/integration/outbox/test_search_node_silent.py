"""Issue 20, the multi-node run's stall: an index update whose Elasticsearch
node takes the connection and never answers (a node stopping, a network
partition) fails after ELASTICSEARCH_WRITE_TIMEOUT, asked once, and waits in
the outbox for a later retry. It used to hold its worker 30 s a try, retried
three times on timeout: two minutes in which that worker took no e-mail."""

import socket
import threading
import uuid

import pytest
from django.utils import timezone

from marketplace.outbox.services import outbox_enqueue, outbox_send
from marketplace.search.tasks import sync_products
from tests.integration.catalogue import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_node():
    """A port that accepts connections and reads requests, never answering."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_an_index_update_to_a_silent_node_fails_once_and_waits_for_a_retry(
    settings, silent_node
):
    url, accepted = silent_node
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    settings.ELASTICSEARCH_WRITE_TIMEOUT = 0.5
    product = f.product(seller_obj=f.seller())

    message = outbox_enqueue(task=sync_products, kwargs={"product_ids": [product.pk]})
    outbox_send(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)
    assert "Timeout" in message.last_error
    assert message.next_attempt_at > timezone.now()
    # Asked once: no retry on the timeout, no second connection.
    assert len(accepted) == 1

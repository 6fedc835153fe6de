"""Anonymous reads on a replica; signed-in users, writes and a writer's next
pages on the primary (read-your-writes); migrations on the primary only.

The replica here is a second connection to the test database (committed
data, `transaction=True`), so each query shows on the connection it used.
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from marketplace.replicas import PIN_COOKIE, ReplicaRouter, _replica_reads
from tests.factories import (
    ProductFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def product():
    seller = SellerFactory()
    product = ProductFactory(seller=seller, title="Tapis de Taznakht")
    StockRecordFactory(product=product, partner=seller.partner, num_in_stock=4)
    return product


def _reads(client, url, replica):
    with CaptureQueriesContext(connections["default"]) as primary:
        with CaptureQueriesContext(replica) as copy:
            response = client.get(url)
    assert response.status_code == 200
    return response, primary.captured_queries, copy.captured_queries


def _product_reads(queries):
    return [q for q in queries if 'FROM "catalogue_product"' in q["sql"]]


def test_an_anonymous_product_page_reads_the_replica(client, replica, product):
    response, primary, copy = _reads(client, product.get_absolute_url(), replica)
    assert "Tapis de Taznakht" in response.content.decode()
    assert _product_reads(copy)
    assert not _product_reads(primary)


def test_a_signed_in_user_reads_the_primary(client, replica, product):
    client.force_login(UserFactory())
    __, primary, copy = _reads(client, product.get_absolute_url(), replica)
    assert copy == []
    assert _product_reads(primary)


def test_a_browser_that_wrote_reads_the_primary_for_a_while(client, replica, product):
    added = client.post(f"/fr/basket/add/{product.pk}/", {"quantity": 1})
    assert added.status_code == 302
    assert PIN_COOKIE in added.cookies
    __, primary, copy = _reads(client, product.get_absolute_url(), replica)
    assert copy == [] and _product_reads(primary)

    # Another browser, or a forged pin, reads the replica.
    other = client.__class__()
    other.cookies[PIN_COOKIE] = "forged"
    __, primary, copy = _reads(other, product.get_absolute_url(), replica)
    assert _product_reads(copy) and not _product_reads(primary)


def test_a_write_inside_a_request_sends_its_next_reads_to_the_primary(replica):
    router = ReplicaRouter()
    token = _replica_reads.set(True)
    try:
        assert router.db_for_read(None) == "replica_1"
        assert router.db_for_write(None) == "default"
        assert router.db_for_read(None) == "default"
    finally:
        _replica_reads.reset(token)


def test_migrations_run_on_the_primary_only(replica):
    router = ReplicaRouter()
    assert router.allow_migrate("default", "catalogue")
    assert not router.allow_migrate("replica_1", "catalogue")


def test_without_replicas_everything_reads_the_primary(client, product):
    with CaptureQueriesContext(connections["default"]) as primary:
        client.get(product.get_absolute_url())
    assert _product_reads(primary.captured_queries)

"""Concurrent placements on PostgreSQL: real row locks, real threads.

Each shopper is a test client taken to the preview page first; then all press
"place order" at the same moment (a barrier releases the threads together).
"""

import threading

import pytest
from django.db import connection
from django.test import Client, override_settings
from oscar.core.loading import get_model

from tests.integration.checkout.shop import (
    checkout_to_preview,
    make_product,
    make_seller,
    place_order,
    restore_database_after_module,
)

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _press_together(jobs):
    """Run the callables in threads released at once; return their results."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    errors = []

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # reported below, with the test's failure
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_of_five_shoppers_racing_for_the_last_unit_exactly_one_gets_it():
    seller = make_seller("Cuivre Fès")
    lamp = make_product(seller, price="400.00", stock=1, title="Lanterne")
    clients = [Client() for _ in range(5)]
    for i, client in enumerate(clients):
        checkout_to_preview(client, [(lamp, 1)], email=f"s{i}@example.ma")

    responses = _press_together([lambda c=c: place_order(c) for c in clients])

    placed = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 200]
    assert len(placed) == 1
    assert len(refused) == 4
    # Each refused shopper is shown the error naming the product, in the page's
    # language (this page is French).
    for response in refused:
        alert = response.content.decode().split('class="alert alert-danger"')[1]
        assert "Lanterne" in alert.split("</div>")[0]
    assert Order.objects.count() == 1
    record = StockRecord.objects.get(product=lamp)
    assert (record.num_in_stock, record.num_allocated) == (1, 1)


def test_baskets_holding_the_same_products_in_opposite_orders_do_not_deadlock():
    seller_a = make_seller("Cuivre Fès")
    seller_b = make_seller("Tapis Azilal")
    lamp = make_product(seller_a, price="400.00", stock=10)
    rug = make_product(seller_b, price="900.00", stock=10)
    pairs = []
    for i in range(3):
        # Six shoppers, each from its own address (cash orders are limited
        # per address).
        forward = Client(REMOTE_ADDR=f"10.1.{i}.1")
        backward = Client(REMOTE_ADDR=f"10.1.{i}.2")
        checkout_to_preview(forward, [(lamp, 1), (rug, 1)], email=f"f{i}@example.ma")
        checkout_to_preview(backward, [(rug, 1), (lamp, 1)], email=f"b{i}@example.ma")
        pairs += [forward, backward]

    responses = _press_together([lambda c=c: place_order(c) for c in pairs])

    assert [r.status_code for r in responses] == [302] * 6
    assert Order.objects.count() == 6
    assert StockRecord.objects.get(product=lamp).num_allocated == 6
    assert StockRecord.objects.get(product=rug).num_allocated == 6


def test_a_place_order_form_submitted_twice_at_once_places_one_order():
    seller = make_seller("Cuivre Fès")
    lamp = make_product(seller, price="400.00", stock=5)
    client = Client()
    checkout_to_preview(client, [(lamp, 1)])
    # Two tabs of the same browser: same session, same basket.
    twin = Client()
    twin.cookies = client.cookies

    responses = _press_together(
        [lambda: place_order(client), lambda: place_order(twin)]
    )

    assert [r.status_code for r in responses] == [302, 302]
    assert Order.objects.count() == 1
    order = Order.objects.get()
    assert order.sources.count() == 1
    assert order.payment.amount == order.total_incl_tax
    assert StockRecord.objects.get(product=lamp).num_allocated == 1


@override_settings(MARKETPLACE_COD_MAX_OPEN_PER_PHONE=1)
def test_two_cash_checkouts_at_once_from_one_phone_place_one_order():
    """Both count no open order before either commits, unless the check runs
    under the lock on the phone: then the second waits, sees the first."""
    seller = make_seller("Cuivre Fès")
    lamp = make_product(seller, price="400.00", stock=10, title="Lanterne")
    clients = [Client(REMOTE_ADDR=f"10.0.0.{n + 1}") for n in range(2)]
    for n, client in enumerate(clients):
        checkout_to_preview(
            client, [(lamp, 1)], email=f"s{n}@example.ma", phone="+212612345678"
        )

    responses = _press_together([lambda c=c: place_order(c) for c in clients])

    assert sorted(r.status_code for r in responses) == [200, 302]
    assert Order.objects.count() == 1
    assert StockRecord.objects.get(product=lamp).num_allocated == 1


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    yield
    restore_database_after_module(django_db_blocker)

"""Invoice numbers under concurrent confirmations, on PostgreSQL: each
issuer's numbers run 1, 2, 3 … with no gap and no number twice, even when a
confirmation rolls back half-way."""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from marketplace.invoicing.models import Invoice, InvoiceCounter
from marketplace.payments.models import OrderPayment
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
    restore_database_after_module,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ORDERS = 8


def _together(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=30)
            job()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return errors


class Failed(Exception):
    pass


def _confirm_then_fail(order):
    """A confirmation whose transaction fails after its invoices were issued."""
    with transaction.atomic():
        cod_confirm(order)
        assert Invoice.objects.filter(part__order=order).exists()
        raise Failed


# Every order comes from the test client's one address.
@override_settings(MARKETPLACE_COD_MAX_OPEN_PER_IP=ORDERS)
def test_concurrent_confirmations_number_each_issuer_without_gaps():
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from="5000.00")
    tajine = make_product(potter, price="300.00", stock=100)
    rug = make_product(weaver, price="1200.00", stock=100)
    for n in range(ORDERS):
        # Half the baskets list the weaver first: the locks' order is ours.
        items = [(tajine, 1), (rug, 1)] if n % 2 else [(rug, 1), (tajine, 1)]
        checkout(Client(), items, email=f"shopper{n}@example.ma", method="cod")
    orders = [p.order for p in OrderPayment.objects.order_by("pk")]
    assert len(orders) == ORDERS

    jobs = [lambda order=order: cod_confirm(order) for order in orders[:-1]]
    jobs.append(lambda: _confirm_then_fail(orders[-1]))
    errors = _together(jobs)

    assert [type(error) for error in errors] == [Failed]
    year = timezone.localdate().year
    confirmed = ORDERS - 1
    for seller in (potter, weaver):
        numbers = list(
            Invoice.objects.filter(seller=seller, kind=Invoice.Kind.SALE)
            .order_by("sequence")
            .values_list("number", flat=True)
        )
        assert numbers == [
            f"S{seller.pk}-{year}-{n:06d}" for n in range(1, confirmed + 1)
        ]
        counter = InvoiceCounter.objects.get(issuer=f"S{seller.pk}", year=year)
        assert counter.last_number == confirmed
    marketplace = list(
        Invoice.objects.filter(issuer="M")
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )
    assert marketplace == list(range(1, 2 * confirmed + 1))
    # Each confirmed order has its four documents; the failed one none.
    assert not Invoice.objects.filter(part__order=orders[-1]).exists()
    for order in orders[:-1]:
        assert Invoice.objects.filter(part__order=order).count() == 4


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    yield
    restore_database_after_module(django_db_blocker)

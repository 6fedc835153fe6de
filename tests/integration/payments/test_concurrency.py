"""Concurrent webhook deliveries, ledger writes and settlements on PostgreSQL."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from marketplace.payments.models import (
    LedgerEntry,
    OrderPayment,
    PayoutBatch,
    SellerPayoutAccount,
    StripeEvent,
)
from marketplace.payments.services import ledger_append, payouts_settle, seller_balance
from tests.integration.checkout.shop import make_seller, restore_database_after_module
from tests.integration.payments.stripe_events import event, payment_intent, post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _together(jobs):
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_the_same_event_delivered_five_times_at_once_is_processed_once(card_order):
    body = event("evt_1", "payment_intent.succeeded", payment_intent(card_order))

    responses = _together([lambda: post(Client(), body) for _ in range(5)])

    assert [r.status_code for r in responses] == [200] * 5
    results = sorted(r.json()["result"] for r in responses)
    assert results == ["duplicate"] * 4 + ["processed"]
    assert StripeEvent.objects.count() == 1
    card_order.payment.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.PAID
    assert LedgerEntry.objects.filter(kind="sale").count() == 2


def test_concurrent_ledger_writes_keep_the_balance_equal_to_the_sum():
    seller = make_seller("Poterie Fassi")
    amounts = [Decimal("10.01") * (i + 1) for i in range(20)]

    def write(i):
        return lambda: ledger_append(
            seller=seller, kind="sale", amount=amounts[i], key=f"c:{i}"
        )

    # Each write twice at once: the key lets exactly one of each pair in.
    _together([write(i) for i in range(20)] + [write(i) for i in range(20)])

    assert LedgerEntry.objects.filter(seller=seller).count() == 20
    assert seller_balance(seller=seller) == sum(amounts)


def test_two_settlements_at_once_pay_each_seller_once():
    sellers = [make_seller(f"Artisan {i}") for i in range(4)]
    for seller in sellers:
        ledger_append(
            seller=seller, kind="sale", amount=Decimal("100"), key=f"s:{seller.pk}"
        )
        SellerPayoutAccount.objects.create(
            seller=seller, holder_name=seller.name, rib="011519000001205000534921"
        )

    _together([payouts_settle, payouts_settle, payouts_settle])

    for seller in sellers:
        assert seller_balance(seller=seller) == Decimal("0.00")
        assert seller.payouts.count() == 1
    assert PayoutBatch.objects.filter(payouts__isnull=False).distinct().count() >= 1


def test_the_same_remittance_submitted_at_once_credits_the_seller_once():
    """A statement imported twice at once and a staff click: one credit."""
    from datetime import date

    from marketplace.payments.models import CarrierRemittance
    from marketplace.payments.services import remittance_record, remittances_import
    from marketplace.sellerorders.services import part_mark_shipped
    from tests.integration.checkout.shop import checkout, cod_confirm, make_product

    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    tajine = make_product(potter, price="300.00")
    checkout(Client(), [(tajine, 1)])
    part = potter.order_parts.get()
    cod_confirm(part.order)
    part_mark_shipped(part=part, seller=potter, carrier="Amana", tracking_number="A1")
    statement = "tracking_number;amount;date\nA1;330.00;2026-11-28\n"

    def staff():
        return remittance_record(
            part=part,
            amount=Decimal("330.00"),
            remitted_on=date.today(),
            source="staff",
        )

    def statement_import():
        return remittances_import(text=statement, carrier="Amana")

    _together([statement_import, statement_import, staff, staff, statement_import])

    assert CarrierRemittance.objects.count() == 1
    assert LedgerEntry.objects.filter(kind="remittance").count() == 1
    assert seller_balance(seller=potter) == Decimal("300.00")  # 330 − 30 commission
    # The file's line, recorded once under its key whatever the imports.
    from marketplace.payments.models import RemittanceLine

    assert RemittanceLine.objects.count() == 1


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    yield
    restore_database_after_module(django_db_blocker)

"""Two submissions at once, on PostgreSQL with real threads: one request, one
refund, one set of ledger entries."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from marketplace.payments.models import LedgerEntry, Refund, RefundTransfer
from marketplace.payments.services import seller_balance
from marketplace.returns.models import Dispute, ReturnRequest
from marketplace.returns.services import (
    dispute_decide,
    dispute_open,
    return_accept,
    return_mark_received,
    return_refuse,
    return_request_create,
)
from tests.integration.checkout.shop import (
    make_product,
    make_seller,
    restore_database_after_module,
)
from tests.integration.returns.shop import (
    SHOPPER_RIB,
    order_place,
    part_deliver,
    quantities,
    shopper_new,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module", autouse=True)
def _restore(django_db_blocker):
    yield
    restore_database_after_module(django_db_blocker)


def _together(jobs):
    """Run the jobs at once; a refusal (ValidationError) is an answer."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except ValidationError as refusal:
            results[index] = refusal
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


@pytest.fixture
def delivered():
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    tajine = make_product(potter, price="300.00", title="Tajine")
    shopper = shopper_new()
    order = order_place(shopper=shopper, items=[(tajine, 2)])
    return shopper, part_deliver(order.seller_parts.get()), tajine


def _submit(shopper, part, tajine):
    return lambda: return_request_create(
        part=part,
        shopper=shopper,
        reason="damaged",
        quantities=quantities(part, (tajine, 1)),
        refund_method="transfer",
        holder_name="Amina Alaoui",
        rib=SHOPPER_RIB,
    )


def test_a_request_submitted_twice_at_once_opens_one_and_refunds_once(delivered):
    shopper, part, tajine = delivered
    balance = seller_balance(seller=part.seller)

    results = _together([_submit(shopper, part, tajine) for _ in range(4)])

    assert ReturnRequest.objects.count() == 1
    assert sum(isinstance(r, ReturnRequest) for r in results) == 1
    request = ReturnRequest.objects.get()
    return_accept(request=request, seller=part.seller, instructions="Amana")

    _together([lambda: return_mark_received(request=request, seller=part.seller)] * 4)

    assert Refund.objects.count() == 1
    assert RefundTransfer.objects.count() == 1
    # The lines, the shipping (damaged: the seller's fault), the commission back.
    assert LedgerEntry.objects.filter(key__startswith="refund").count() == 3
    assert seller_balance(seller=part.seller) == balance - Decimal("300.00")


def test_a_dispute_decided_twice_at_once_refunds_once(delivered, django_user_model):
    shopper, part, tajine = delivered
    request = _submit(shopper, part, tajine)()
    return_refuse(request=request, seller=part.seller, reason="Intact")
    dispute = dispute_open(request=request, shopper=shopper)
    staff = [
        django_user_model.objects.create_user(f"staff{i}", is_staff=True)
        for i in range(3)
    ]

    results = _together(
        [
            lambda user=user: dispute_decide(
                dispute=dispute, user=user, decision=Dispute.Decision.REFUND_FULL
            )
            for user in staff
        ]
    )

    assert sum(isinstance(r, Dispute) for r in results) == 1
    assert Refund.objects.get().amount == Decimal("330.00")

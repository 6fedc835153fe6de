"""The CMI calling back for one order several times at once, on PostgreSQL:
each callback locks the order's payment row, so the order is paid, and its
sellers credited, once; exactly one callback is answered ACTION=POSTAUTH."""

import pytest
from django.test import Client

from marketplace.payments.models import CmiCallback, LedgerEntry, OrderPayment
from tests.integration.checkout.shop import restore_database_after_module
from tests.integration.payments.cmi_callbacks import (
    callback_params,
    cmi_settings,
    post_callback,
)
from tests.integration.payments.test_cmi_callback import place_card_order
from tests.integration.payments.test_concurrency import _together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_callbacks_for_one_order_pay_it_once():
    with cmi_settings():
        order = place_card_order()
        # The same success three times, a second success (another attempt's
        # transaction) and two declines, all at once.
        success = callback_params(order)
        bodies = [
            success,
            callback_params(order, approved=False),
            success,
            callback_params(order),
            callback_params(order, approved=False),
            success,
        ]
        responses = _together(
            [lambda body=body: post_callback(body, Client()) for body in bodies]
        )

    replies = sorted(response.content.decode() for response in responses)
    assert [response.status_code for response in responses] == [200] * 6
    assert replies.count("ACTION=POSTAUTH") == 1
    assert replies.count("APPROVED") == 5
    order.payment.refresh_from_db()
    assert order.payment.status == OrderPayment.Status.PAID
    assert LedgerEntry.objects.filter(part__order=order, kind="sale").count() == 2
    assert LedgerEntry.objects.filter(part__order=order).count() == 6
    assert CmiCallback.objects.filter(order_number=order.number).count() == 6


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    yield
    restore_database_after_module(django_db_blocker)

"""The staff's refund reason is typed into a box without a length: it is kept
as the Refund row can hold it (255 characters, no NUL byte), after Stripe has
refunded, instead of failing the insert on PostgreSQL once the money moved."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from marketplace.payments.models import Refund
from marketplace.payments.services import payment_mark_paid
from tests.mfa import force_login_verified

pytestmark = [pytest.mark.stripe, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _stripe_mock():
    with override_settings(STRIPE_API_BASE=os.environ.get("TEST_STRIPE_API_BASE")):
        yield


def test_a_long_refund_reason_is_kept_cut_to_its_column(card_order):
    payment_mark_paid(payment=card_order.payment)
    part = card_order.seller_parts.get(seller__name="Tapis Azilal")
    staff = get_user_model().objects.create_user(
        "staff-reason", "staff-reason@example.ma", "pw-staff-123!", is_staff=True
    )
    client = Client()
    force_login_verified(client, staff)

    response = client.post(
        f"/fr/dashboard/payments/orders/{card_order.number}/",
        {"action": "refund-part", "part": part.pk, "reason": "Cassé " + "x" * 10_000},
    )

    assert response.status_code == 302
    refund = Refund.objects.get(part=part)
    assert refund.reason.startswith("Cassé x")
    assert len(refund.reason) == Refund._meta.get_field("reason").max_length

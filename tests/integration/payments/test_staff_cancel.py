"""Staff cancelling a paid card order: refunded through Stripe, or refused.

Cancelling only gives the stock back; on a paid card order it would keep the
shopper's money and leave the sellers credited. Every way staff can cancel
goes through the refund, or cannot cancel at all: the order money page (refund
then cancel), the `order_cancel` service (refuses), Oscar's dashboard (offers
no status change) and the Django admin (status read-only, no delete).
"""

import os
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from oscar.core.loading import get_model

from marketplace.orders.exceptions import OrderNotCancellable
from marketplace.orders.services import order_cancel
from marketplace.orders.status import STATUS_CANCELLED, STATUS_CONFIRMED
from marketplace.payments.models import LedgerEntry, OrderPayment, Refund
from marketplace.payments.services import payment_mark_paid, seller_balance
from marketplace.sellerorders.services import part_mark_shipped
from tests.mfa import force_login_verified

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def _staff(**flags):
    return get_user_model().objects.create_user(
        "staff", "staff@example.ma", "pw-staff-123!", is_staff=True, **flags
    )


def _as(user) -> Client:
    client = Client()
    force_login_verified(client, user)
    return client


@pytest.fixture
def paid_order(card_order):
    payment_mark_paid(payment=card_order.payment)
    card_order.refresh_from_db()
    assert card_order.status == STATUS_CONFIRMED
    return card_order


def _balances(order):
    return [seller_balance(seller=part.seller) for part in order.seller_parts.all()]


def test_the_cancel_service_refuses_a_paid_card_order(paid_order):
    with pytest.raises(OrderNotCancellable):
        order_cancel(order=paid_order, reason="Plus en stock")

    paid_order.refresh_from_db()
    assert paid_order.status == STATUS_CONFIRMED
    assert _balances(paid_order) == [Decimal("300.00"), Decimal("1125.00")]
    assert not paid_order.seller_parts.filter(status="cancelled").exists()


@pytest.mark.stripe
def test_staff_cancelling_a_paid_card_order_refund_it_and_reverse_the_credits(
    paid_order,
):
    staff = _staff()

    with override_settings(STRIPE_API_BASE=os.environ.get("TEST_STRIPE_API_BASE")):
        _as(staff).post(
            f"/en/dashboard/payments/orders/{paid_order.number}/", {"action": "cancel"}
        )

    paid_order.refresh_from_db()
    assert paid_order.status == STATUS_CANCELLED
    assert paid_order.payment.status == OrderPayment.Status.REFUNDED
    refunds = Refund.objects.filter(order=paid_order)
    assert refunds.count() == 2
    assert all(r.stripe_refund_id.startswith("re_") for r in refunds)
    assert {r.created_by for r in refunds} == {staff}
    assert _balances(paid_order) == [Decimal("0.00"), Decimal("0.00")]
    assert LedgerEntry.objects.filter(kind="refund").count() == 2
    for line in paid_order.lines.all():
        assert StockRecord.objects.get(pk=line.stockrecord_id).num_allocated == 0


def test_staff_cannot_cancel_a_paid_order_a_parcel_of_which_has_left(paid_order):
    part = paid_order.seller_parts.first()
    part_mark_shipped(
        part=part, seller=part.seller, carrier="Amana", tracking_number="AM1"
    )

    page = _as(_staff()).post(
        f"/en/dashboard/payments/orders/{paid_order.number}/",
        {"action": "cancel"},
        follow=True,
    )

    paid_order.refresh_from_db()
    assert paid_order.status == STATUS_CONFIRMED
    assert not Refund.objects.exists()
    assert "A parcel has already left" in page.content.decode()


def test_oscars_dashboard_offers_no_way_to_cancel_an_order(paid_order):
    dashboard = _as(_staff(is_superuser=True))
    url = f"/en/dashboard/orders/{paid_order.number}/"

    page = dashboard.get(url)
    dashboard.post(
        url, {"order_action": "change_order_status", "new_status": STATUS_CANCELLED}
    )

    assert page.status_code == 200
    assert page.context["order_status_form"].fields["new_status"].choices == []
    paid_order.refresh_from_db()
    assert paid_order.status == STATUS_CONFIRMED
    assert _balances(paid_order) == [Decimal("300.00"), Decimal("1125.00")]


def test_the_django_admin_cannot_change_an_orders_status_nor_delete_it(paid_order):
    admin = _as(_staff(is_superuser=True))

    change = admin.get(f"/django-admin/order/order/{paid_order.pk}/change/")
    delete = admin.post(
        f"/django-admin/order/order/{paid_order.pk}/delete/", {"post": "yes"}
    )

    assert change.status_code == 200
    assert 'name="status"' not in change.content.decode()
    assert delete.status_code == 403
    assert Order.objects.filter(pk=paid_order.pk).exists()


def test_a_seller_cannot_ship_a_card_order_not_yet_paid(card_order):
    part = card_order.seller_parts.first()

    response = _as(part.seller.owner).post(
        f"/en/seller/orders/{part.pk}/ship/",
        {"carrier": "amana", "tracking_number": "AM000000001MA"},
        follow=True,
    )

    part.refresh_from_db()
    assert part.status == "preparing"
    assert "not paid yet" in response.content.decode()

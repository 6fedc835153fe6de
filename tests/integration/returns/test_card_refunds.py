"""A card order's return refunded to the card, per line, through stripe-mock
(Stripe's official mock: it checks what we send, keeps no state)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from marketplace.payments.models import OrderPayment, Refund
from marketplace.payments.services import refund_part, seller_balance
from marketplace.returns.models import ReturnRequest
from marketplace.returns.services import (
    return_accept,
    return_mark_received,
    return_request_create,
)
from tests.integration.checkout.shop import make_product, make_seller
from tests.integration.returns.shop import (
    order_place,
    part_deliver,
    quantities,
    shopper_new,
    stripe_mock_settings,
)

pytestmark = [pytest.mark.stripe, pytest.mark.django_db]


@pytest.fixture
def card_part():
    with stripe_mock_settings():
        potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
        tajine = make_product(potter, price="300.00", title="Tajine")
        plate = make_product(potter, price="250.00", title="Assiette")
        shopper = shopper_new()
        order = order_place(
            shopper=shopper, items=[(tajine, 2), (plate, 1)], method="card"
        )
        yield shopper, part_deliver(order.seller_parts.get()), tajine, plate


def _return(shopper, part, *pairs, reason="damaged"):
    request = return_request_create(
        part=part,
        shopper=shopper,
        reason=reason,
        quantities=quantities(part, *pairs),
        refund_method="card",
    )
    return_accept(request=request, seller=part.seller, instructions="Amana")
    return return_mark_received(request=request, seller=part.seller)


def test_one_line_is_refunded_to_the_card_and_debited(card_part):
    shopper, part, tajine, _plate = card_part
    assert seller_balance(seller=part.seller) == Decimal("795.00")  # 880 − 85

    _return(shopper, part, (tajine, 1))

    refund = Refund.objects.get()
    assert refund.stripe_refund_id.startswith("re_")
    assert (refund.amount, refund.method) == (Decimal("330.00"), "card")
    payment = OrderPayment.objects.get(order=part.order)
    assert payment.status == OrderPayment.Status.PARTIALLY_REFUNDED
    assert payment.amount_refunded == Decimal("330.00")
    # 300 and 30 shipping back, less the 30 commission given back.
    assert seller_balance(seller=part.seller) == Decimal("495.00")


def test_a_second_line_then_the_rest_of_the_part_never_refund_beyond_the_total(
    card_part,
):
    shopper, part, tajine, plate = card_part
    _return(shopper, part, (tajine, 1))
    _return(shopper, part, (plate, 1), reason="changed_mind")

    rest = refund_part(part=part)

    assert [r.amount for r in Refund.objects.order_by("pk")] == [
        Decimal("330.00"),
        Decimal("250.00"),
        Decimal("300.00"),
    ]
    assert rest.amount == Decimal("300.00")
    assert seller_balance(seller=part.seller) == Decimal("0.00")
    payment = OrderPayment.objects.get(order=part.order)
    assert payment.status == OrderPayment.Status.REFUNDED
    assert refund_part(part=part) is None


def test_a_card_order_is_not_refunded_by_transfer(card_part):
    shopper, part, tajine, _plate = card_part
    with pytest.raises(ValidationError):
        return_request_create(
            part=part,
            shopper=shopper,
            reason="damaged",
            quantities=quantities(part, (tajine, 1)),
            refund_method="transfer",
            holder_name="X",
            rib="007780000123456789012396",
        )
    assert not ReturnRequest.objects.exists()


def test_staff_refund_the_rest_of_a_part_a_return_refunded_in_part(
    card_part, django_user_model
):
    from django.test import Client

    from tests.mfa import force_login_verified

    shopper, part, tajine, _plate = card_part
    _return(shopper, part, (tajine, 1))
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client = Client()
    force_login_verified(client, staff)
    url = f"/en/dashboard/payments/orders/{part.order.number}/"

    before = client.get(url)
    with stripe_mock_settings():
        client.post(url, {"action": "refund-part", "part": part.pk})
    after = client.get(url)

    assert before.context["refundable"] == {part.pk}
    assert after.context["refundable"] == set()
    assert [r.amount for r in Refund.objects.order_by("pk")] == [
        Decimal("330.00"),
        Decimal("550.00"),
    ]
    assert seller_balance(seller=part.seller) == Decimal("0.00")

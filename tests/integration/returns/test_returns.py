"""A return's steps, the money they move and the e-mails they send (cash on
delivery here; the card's way through Stripe is in test_card_refunds)."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from marketplace.payments.models import LedgerEntry, Refund, RefundTransfer
from marketplace.payments.services import (
    payout_batch_csv,
    payouts_settle,
    seller_balance,
    seller_payable,
    seller_pending,
)
from marketplace.returns.models import Dispute, ReturnRequest
from marketplace.returns.services import (
    dispute_decide,
    dispute_open,
    return_accept,
    return_mark_received,
    return_offer_accept,
    return_offer_partial,
    return_refuse,
    return_request_create,
)
from tests.integration.checkout.shop import make_product, make_seller
from tests.integration.returns.shop import (
    SHOPPER_RIB,
    order_place,
    part_deliver,
    payout_account,
    quantities,
    shopper_new,
)

pytestmark = pytest.mark.django_db
Status = ReturnRequest.Status


@pytest.fixture
def cod():
    """A potter's two tajines (300 each) and a plate (250) + 30 shipping, paid
    cash on delivery by a signed-in shopper, delivered, the cash remitted."""
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    payout_account(potter)
    tajine = make_product(potter, price="300.00", title="Tajine")
    plate = make_product(potter, price="250.00", title="Assiette")
    shopper = shopper_new(email="amina@example.ma")
    order = order_place(shopper=shopper, items=[(tajine, 2), (plate, 1)])
    part = part_deliver(order.seller_parts.get())
    return shopper, part, tajine, plate


def _ask(shopper, part, *pairs, reason="damaged", method="transfer", **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return return_request_create(
            part=part,
            shopper=shopper,
            reason=reason,
            quantities=quantities(part, *pairs),
            refund_method=method,
            holder_name="Amina Alaoui" if method == "transfer" else "",
            rib=SHOPPER_RIB if method == "transfer" else "",
            description="Fêlé à l'arrivée",
            **kwargs,
        )


def _as_seller(step, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return step(**kwargs)


def test_a_damaged_line_is_returned_received_and_refunded_by_transfer(cod):
    shopper, part, tajine, _plate = cod
    seller = part.seller
    balance_before = seller_balance(seller=seller)  # 880 − 85 commission
    mail.outbox.clear()

    request = _ask(shopper, part, (tajine, 1))
    asked = [m.to for m in mail.outbox]
    _as_seller(return_accept, request=request, seller=seller, instructions="Amana, Fès")
    accepted = [m.to for m in mail.outbox[len(asked) :]]
    _as_seller(return_mark_received, request=request, seller=seller)

    request.refresh_from_db()
    assert asked == [[seller.owner.email]]
    assert accepted == [["amina@example.ma"]]
    assert mail.outbox[-1].to == ["amina@example.ma"]
    assert request.status == Status.REFUNDED
    # One tajine and the shipping (the seller's fault), commission given back.
    assert request.refunded_amount == Decimal("330.00")
    refund = Refund.objects.get()
    assert (refund.method, refund.lines_amount, refund.shipping_amount) == (
        "transfer",
        Decimal("300.00"),
        Decimal("30.00"),
    )
    debits = {
        e.key.split(":")[0]: e.amount for e in LedgerEntry.objects.filter(part=part)
    }
    assert debits["refund"] == Decimal("-300.00")
    assert debits["refund-shipping"] == Decimal("-30.00")
    assert debits["refund-commission"] == Decimal("30.00")
    assert seller_balance(seller=seller) == balance_before - Decimal("300.00")
    assert RefundTransfer.objects.get().rib == SHOPPER_RIB


def test_the_shoppers_refund_transfer_is_paid_in_the_next_settlement_file(cod):
    shopper, part, tajine, _plate = cod
    request = _ask(shopper, part, (tajine, 1))
    return_accept(request=request, seller=part.seller, instructions="Amana")
    return_mark_received(request=request, seller=part.seller)

    batch = payouts_settle()
    again = payouts_settle()

    rows = list(csv.reader(io.StringIO(payout_batch_csv(batch=batch)), delimiter=";"))
    refund = Refund.objects.get()
    # The seller's sale waits for its return window: the shopper alone is paid.
    assert rows[1:] == [
        [
            "Amina Alaoui",
            SHOPPER_RIB,
            "330.00",
            "MAD",
            f"MAALEM-{batch.pk}-R{refund.pk}",
        ]
    ]
    assert again is None
    assert RefundTransfer.objects.get().batch == batch


def test_a_change_of_mind_refunds_the_lines_not_the_shipping(cod):
    shopper, part, tajine, plate = cod
    request = _ask(shopper, part, (plate, 1), reason="changed_mind")
    return_accept(request=request, seller=part.seller, instructions="Amana")
    return_mark_received(request=request, seller=part.seller)

    request.refresh_from_db()
    assert request.refunded_amount == Decimal("250.00")
    assert not LedgerEntry.objects.filter(key__startswith="refund-shipping").exists()


def test_a_voucher_is_issued_when_the_shopper_prefers_one(cod):
    from oscar.core.loading import get_model

    Voucher = get_model("voucher", "Voucher")
    shopper, part, tajine, _plate = cod
    request = _ask(shopper, part, (tajine, 1), method="voucher")
    return_accept(request=request, seller=part.seller, instructions="Amana")
    return_mark_received(request=request, seller=part.seller)

    request.refresh_from_db()
    voucher = Voucher.objects.get(code=request.voucher_code)
    assert voucher.offers.get().benefit.value == Decimal("330.00")
    assert Refund.objects.get().method == "voucher"
    assert not RefundTransfer.objects.exists()


def test_a_partial_offer_taken_by_the_shopper_refunds_the_offer_only(cod):
    shopper, part, tajine, _plate = cod
    request = _ask(shopper, part, (tajine, 2))
    balance = seller_balance(seller=part.seller)

    return_offer_partial(
        request=request, seller=part.seller, amount=Decimal("100"), message="Geste"
    )
    with pytest.raises(ValidationError):
        return_offer_partial(request=request, seller=part.seller, amount=Decimal("1"))
    return_offer_accept(request=request, shopper=shopper)
    return_offer_accept(request=request, shopper=shopper)

    request.refresh_from_db()
    assert request.status == Status.REFUNDED
    assert Refund.objects.get().amount == Decimal("100.00")
    # 100 less its 10 % commission given back.
    assert seller_balance(seller=part.seller) == balance - Decimal("90.00")


def test_an_offer_beyond_what_was_asked_is_refused(cod):
    shopper, part, tajine, _plate = cod
    request = _ask(shopper, part, (tajine, 1))
    with pytest.raises(ValidationError):
        return_offer_partial(request=request, seller=part.seller, amount=Decimal("331"))


def test_a_refusal_needs_a_reason_and_moves_no_money(cod):
    shopper, part, tajine, _plate = cod
    request = _ask(shopper, part, (tajine, 1))
    with pytest.raises(ValidationError):
        return_refuse(request=request, seller=part.seller, reason=" ")

    _as_seller(return_refuse, request=request, seller=part.seller, reason="Intact")

    request.refresh_from_db()
    assert request.status == Status.REFUSED
    assert not Refund.objects.exists()
    assert mail.outbox[-1].to == ["amina@example.ma"]
    assert "Intact" in mail.outbox[-1].body


def test_a_delivered_part_only_within_the_shops_window(cod):
    shopper, part, tajine, _plate = cod
    later = timezone.now() + timedelta(days=8)
    with pytest.raises(ValidationError, match="7 days"):
        _ask(shopper, part, (tajine, 1), now=later)

    part.seller.return_window_days = 14
    part.seller.save()
    part.refresh_from_db()

    assert _ask(shopper, part, (tajine, 1), now=later).status == Status.REQUESTED


def test_a_part_not_delivered_cannot_be_returned():
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00")
    shopper = shopper_new()
    part = order_place(shopper=shopper, items=[(tajine, 1)]).seller_parts.get()

    with pytest.raises(ValidationError):
        _ask(shopper, part, (tajine, 1))


def test_no_more_pieces_than_bought_and_one_open_request_per_part(cod):
    shopper, part, tajine, plate = cod
    with pytest.raises(ValidationError):
        _ask(shopper, part, (tajine, 3))
    _ask(shopper, part, (tajine, 1))
    with pytest.raises(ValidationError, match="already open"):
        _ask(shopper, part, (plate, 1))
    assert ReturnRequest.objects.count() == 1


def test_pieces_refunded_once_cannot_be_asked_again(cod):
    shopper, part, tajine, _plate = cod
    request = _ask(shopper, part, (tajine, 2))
    return_accept(request=request, seller=part.seller, instructions="Amana")
    return_mark_received(request=request, seller=part.seller)

    with pytest.raises(ValidationError):
        _ask(shopper, part, (tajine, 1))


def test_another_shopper_cannot_ask_for_this_order(cod):
    _shopper, part, tajine, _plate = cod
    with pytest.raises(PermissionDenied):
        _ask(shopper_new(), part, (tajine, 1))


def test_a_transfer_needs_a_valid_rib(cod):
    shopper, part, tajine, _plate = cod
    with pytest.raises(ValidationError, match="RIB"):
        return_request_create(
            part=part,
            shopper=shopper,
            reason="damaged",
            quantities=quantities(part, (tajine, 1)),
            refund_method="transfer",
            holder_name="Amina",
            rib="007780000123456789012390",
        )
    with pytest.raises(ValidationError):
        # A cash order is not refunded to a card.
        _ask(shopper, part, (tajine, 1), method="card")


def test_made_to_order_pieces_excluded_from_a_change_of_mind_not_a_defect():
    potter = make_seller("Tissage Azilal")
    potter.made_to_order_returnable = False
    potter.save()
    rug = make_product(potter, price="900.00", title="Tapis sur mesure")
    rug.made_to_order = True
    rug.save()
    shopper = shopper_new()
    part = part_deliver(
        order_place(shopper=shopper, items=[(rug, 1)]).seller_parts.get()
    )

    with pytest.raises(ValidationError):
        _ask(shopper, part, (rug, 1), reason="changed_mind")
    assert _ask(shopper, part, (rug, 1), reason="not_as_described").pk


def test_another_seller_cannot_answer_the_request(cod):
    shopper, part, tajine, _plate = cod
    other = make_seller("Tapis Azilal")
    request = _ask(shopper, part, (tajine, 1))
    with pytest.raises(PermissionDenied):
        return_accept(request=request, seller=other, instructions="x")
    with pytest.raises(PermissionDenied):
        return_offer_accept(request=request, shopper=shopper_new())


# --- Disputes ---------------------------------------------------------------------


def test_a_refused_request_goes_to_staff_who_refund_in_part(cod, django_user_model):
    shopper, part, tajine, _plate = cod
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    request = _ask(shopper, part, (tajine, 1))
    return_refuse(request=request, seller=part.seller, reason="Intact au départ")
    balance = seller_balance(seller=part.seller)
    mail.outbox.clear()

    with TestCase.captureOnCommitCallbacks(execute=True):
        dispute = dispute_open(request=request, shopper=shopper, message="Photos")
    with TestCase.captureOnCommitCallbacks(execute=True):
        dispute_decide(
            dispute=dispute,
            user=staff,
            decision=Dispute.Decision.REFUND_PART,
            amount=Decimal("150"),
            note="Moitié",
        )
    with pytest.raises(ValidationError):
        dispute_decide(dispute=dispute, user=staff, decision="refund_full")

    request.refresh_from_db()
    assert request.status == Status.REFUNDED
    assert Refund.objects.get().amount == Decimal("150.00")
    assert seller_balance(seller=part.seller) == balance - Decimal("135.00")
    # The seller is told of the dispute; both sides of the decision.
    recipients = [m.to[0] for m in mail.outbox]
    assert recipients[0] == part.seller.owner.email
    assert sorted(recipients[1:]) == sorted(
        ["amina@example.ma", part.seller.owner.email]
    )


def test_staff_may_close_a_dispute_without_refund(cod, django_user_model):
    shopper, part, tajine, _plate = cod
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    request = _ask(shopper, part, (tajine, 1))
    return_refuse(request=request, seller=part.seller, reason="Intact")
    dispute = dispute_open(request=request, shopper=shopper)

    dispute_decide(dispute=dispute, user=staff, decision="close", note="Non fondé")

    request.refresh_from_db()
    assert request.status == Status.CLOSED
    assert not Refund.objects.exists()


def test_an_unanswered_request_goes_to_staff_after_three_days_not_before(cod):
    shopper, part, tajine, _plate = cod
    request = _ask(shopper, part, (tajine, 1))

    with pytest.raises(ValidationError, match="3 days"):
        dispute_open(request=request, shopper=shopper)
    dispute = dispute_open(
        request=request,
        shopper=shopper,
        now=timezone.now() + timedelta(days=3, hours=1),
    )

    assert dispute.is_open
    with pytest.raises(PermissionDenied):
        dispute_open(request=request, shopper=shopper_new())


# --- Payouts wait for the sale to be final -------------------------------------------


def test_a_sale_is_payable_once_its_window_passed_with_no_open_request(cod):
    shopper, part, tajine, _plate = cod
    seller = part.seller
    net = seller_balance(seller=seller)
    later = timezone.now() + timedelta(days=8)

    assert net == Decimal("795.00")  # 880 remitted − 85 commission
    assert seller_pending(seller=seller) == net
    assert seller_payable(seller=seller, now=later) == net
    assert payouts_settle() is None

    request = _ask(shopper, part, (tajine, 1))
    assert seller_payable(seller=seller, now=later) == Decimal("0.00")
    return_refuse(request=request, seller=seller, reason="Intact")

    batch = payouts_settle(now=later)
    assert batch.payouts.get().amount == net
    assert seller_balance(seller=seller) == Decimal("0.00")


def test_a_refund_after_the_payout_leaves_a_negative_balance_netted_next_time(
    cod, django_user_model
):
    shopper, part, tajine, _plate = cod
    seller = part.seller
    later = timezone.now() + timedelta(days=8)
    request = _ask(shopper, part, (tajine, 1))
    return_refuse(request=request, seller=seller, reason="Intact")
    payouts_settle(now=later)
    dispute = dispute_open(request=request, shopper=shopper)

    dispute_decide(
        dispute=dispute,
        user=django_user_model.objects.create_user("staff", is_staff=True),
        decision="refund_full",
    )

    assert seller_balance(seller=seller) == Decimal("-300.00")
    assert payouts_settle(now=later).payouts.count() == 0


def test_a_second_damaged_return_of_the_parcel_gets_no_second_shipping(cod):
    shopper, part, tajine, plate = cod
    for product in (tajine, plate):
        request = _ask(shopper, part, (product, 1))
        return_accept(request=request, seller=part.seller, instructions="Amana")
        return_mark_received(request=request, seller=part.seller)

    assert [r.shipping_amount for r in Refund.objects.order_by("pk")] == [
        Decimal("30.00"),
        Decimal("0.00"),
    ]

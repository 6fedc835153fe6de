"""The sellers' ledger: append-only, Decimal, balance = sum of entries."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from oscar.core.loading import get_model

from marketplace.payments.models import CommissionRate, LedgerEntry
from marketplace.payments.services import (
    ledger_credit_part,
    part_commission,
    refund_record,
    seller_balance,
)
from marketplace.sellerorders.services import (
    part_mark_cash_collected,
    part_mark_delivered,
    part_mark_shipped,
)
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)

Order = get_model("order", "Order")
Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db


@pytest.fixture
def cod_order(client):
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from="5000.00")
    tajine = make_product(potter, price="333.33", title="Tajine")
    rug = make_product(weaver, price="1200.00", title="Tapis")
    checkout(client, [(tajine, 1), (rug, 1)])
    order = Order.objects.get()
    cod_confirm(order)
    return order, potter, weaver, tajine, rug


def _deliver_and_collect(part):
    part_mark_shipped(
        part=part, seller=part.seller, carrier="Amana", tracking_number="T1"
    )
    part_mark_delivered(part=part, seller=part.seller)
    part_mark_cash_collected(part=part, seller=part.seller)


def test_a_paid_part_credits_lines_and_shipping_minus_commission(cod_order):
    order, potter, weaver, *_ = cod_order
    part = order.seller_parts.get(seller=potter)

    ledger_credit_part(part=part)

    entries = {e.kind: e.amount for e in LedgerEntry.objects.filter(seller=potter)}
    assert entries == {
        "sale": Decimal("333.33"),
        "shipping": Decimal("30.00"),
        "commission": Decimal("-33.33"),  # 10 % of 333.33, rounded half up
    }
    assert seller_balance(seller=potter) == Decimal("330.00")
    assert seller_balance(seller=weaver) == Decimal("0")
    assert all(isinstance(a, Decimal) for a in entries.values())


def test_cash_collected_by_the_seller_credits_nothing_it_owes_the_commission(
    cod_order,
):
    order, potter, weaver, *_ = cod_order
    part = order.seller_parts.get(seller=potter)

    _deliver_and_collect(part)

    entries = {e.kind: e.amount for e in LedgerEntry.objects.filter(seller=potter)}
    assert entries == {"commission": Decimal("-33.33")}
    assert seller_balance(seller=potter) == Decimal("-33.33")


def test_a_craft_category_overrides_the_default_commission(cod_order, settings):
    order, potter, weaver, tajine, rug = cod_order
    pottery = Category.add_root(name="Poterie")
    glazed = pottery.add_child(name="Poterie émaillée")
    tajine.categories.add(glazed)
    CommissionRate.objects.create(category=pottery, percent=Decimal("5"))
    settings.MARKETPLACE_COMMISSION_PERCENT = Decimal("12")

    assert part_commission(part=order.seller_parts.get(seller=potter)) == Decimal(
        "16.67"
    )
    assert part_commission(part=order.seller_parts.get(seller=weaver)) == Decimal(
        "144.00"
    )


def test_crediting_a_part_twice_credits_it_once(cod_order):
    order, potter, *_ = cod_order
    part = order.seller_parts.get(seller=potter)

    assert ledger_credit_part(part=part) is True
    assert ledger_credit_part(part=part) is False

    assert LedgerEntry.objects.filter(seller=potter).count() == 3


def test_a_refund_debits_what_the_part_credited(cod_order):
    order, potter, *_ = cod_order
    part = order.seller_parts.get(seller=potter)
    ledger_credit_part(part=part)

    refund = refund_record(part=part, reason="Cassé à la livraison")
    again = refund_record(part=part)

    assert refund.amount == Decimal("363.33")
    assert again is None
    assert seller_balance(seller=potter) == Decimal("0.00")
    assert LedgerEntry.objects.filter(kind="refund").get().amount == Decimal("-330.00")


def test_ledger_entries_are_never_changed_nor_deleted(cod_order):
    order, potter, *_ = cod_order
    ledger_credit_part(part=order.seller_parts.get(seller=potter))
    entry = LedgerEntry.objects.filter(seller=potter).first()

    entry.amount = Decimal("1000000")
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert seller_balance(seller=potter) == Decimal("330.00")


def test_the_balance_is_the_sum_of_the_entries(cod_order):
    order, potter, weaver, *_ = cod_order
    for part in order.seller_parts.all():
        _deliver_and_collect(part)

    for seller in (potter, weaver):
        amounts = LedgerEntry.objects.filter(seller=seller).values_list(
            "amount", flat=True
        )
        assert seller_balance(seller=seller) == sum(amounts, Decimal("0"))

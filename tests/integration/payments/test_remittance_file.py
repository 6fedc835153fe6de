"""A carrier's remittance file: the evidence that credits a cash-on-delivery
parcel's seller and closes the parcel, once per line however often it is
imported; bad lines reported with their line, column and reason; unmatched
lines kept for staff; parcels refused at the door back in stock and counted in
the shop's refusal rate."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.payments.models import CarrierRemittance, LedgerEntry, RemittanceLine
from marketplace.payments.services import (
    cod_part_returned,
    part_commission,
    remittances_import,
    seller_balance,
)
from marketplace.sellerorders.models import OrderSellerPart
from marketplace.sellerorders.selectors import seller_refusal_rate
from marketplace.sellerorders.services import part_mark_shipped
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)
from tests.mfa import force_login_verified

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def _cod_part(seller, product, tracking: str) -> OrderSellerPart:
    checkout(Client(), [(product, 1)], email=f"{tracking.lower()}@example.ma")
    order = Order.objects.order_by("-pk").first()
    cod_confirm(order)
    part = order.seller_parts.get()
    part_mark_shipped(
        part=part, seller=seller, carrier="Amana", tracking_number=tracking
    )
    part.refresh_from_db()
    return part


@pytest.fixture
def parcels():
    """Two shops' cash-on-delivery parcels on their way."""
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from="5000.00")
    tajine = make_product(potter, price="300.00", title="Tajine", stock=3)
    plate = make_product(potter, price="120.00", title="Assiette", stock=3)
    rug = make_product(weaver, price="900.00", title="Tapis", stock=3)
    return {
        "potter": potter,
        "weaver": weaver,
        "plate": plate,
        "tajine_part": _cod_part(potter, tajine, "CA000000001MA"),
        "plate_part": _cod_part(potter, plate, "CA000000002MA"),
        "rug_part": _cod_part(weaver, rug, "CA000000003MA"),
    }


# The held-out file: one line of each kind, with its expected outcome.
HELD_OUT = """tracking_number;amount;date;status
CA000000001MA;330,00;2026-11-28;livré
CA000000003MA;900.00;2026-11-28;delivered
CA999999999MA;120.00;2026-11-28;
CA000000001MA;330.00;28 novembre;
CA000000001MA;trois cents;2026-11-28;
;330.00;2026-11-28;
CA000000002MA;0;2026-11-29;Refusé
CA000000003MA;945.00;2026-11-29;perdu
CA000000001MA;330.00;28/11/2026;delivered
CA000000003MA;945.00
CA000000003MA;-945.00;2026-11-29;
"""


def _staff():
    return get_user_model().objects.create_user(
        "staff", "staff@example.ma", "pw-staff-123!", is_staff=True
    )


def test_the_held_out_file_credits_exactly_the_matching_parts_once(parcels):
    potter, weaver = parcels["potter"], parcels["weaver"]
    tajine_part, plate_part = parcels["tajine_part"], parcels["plate_part"]
    rug_part = parcels["rug_part"]
    stock_before = StockRecord.objects.get(product=parcels["plate"]).num_in_stock

    with translation.override("en"):
        first = remittances_import(text=HELD_OUT, carrier="Amana", reference="f.csv")

    assert first.credited == [(2, "CA000000001MA")]
    assert first.returned == [(8, "CA000000002MA")]
    assert [(n, t) for n, t, _ in first.mismatches] == [
        (3, "CA000000003MA"),  # 900 remitted, the parcel's cash is 945
        (4, "CA999999999MA"),  # no such parcel
    ]
    assert "945" in first.mismatches[0][2]
    assert first.errors == [
        (5, "date", "Unreadable date: 28 novembre"),
        (6, "amount", "Unreadable amount: trois cents"),
        (7, "tracking_number", "Missing or too long tracking number."),
        (9, "status", "Unknown status perdu (delivered or refused)."),
        (11, "", "Too few columns."),
        (12, "amount", "Amount out of range: -945.00"),
    ]
    # Line 10 repeats line 2 (the same parcel, amount, day and status, the
    # date written otherwise): the same line, recorded once.
    assert first.already == [(10, "CA000000001MA")]

    with translation.override("en"):
        second = remittances_import(text=HELD_OUT, carrier="Amana", reference="f.csv")

    assert second.credited == [] and second.returned == []
    assert second.mismatches == []
    assert [n for n, _ in second.already] == [2, 3, 4, 8, 10]
    assert second.errors == first.errors
    # Money: the tajine's 330 in cash, less its commission; the returned
    # plate owes nothing; the weaver owes its commission, nothing credited.
    assert seller_balance(seller=potter) == tajine_part.total - part_commission(
        part=tajine_part
    )
    assert seller_balance(seller=weaver) == -part_commission(part=rug_part)
    assert CarrierRemittance.objects.get().part == tajine_part
    assert LedgerEntry.objects.filter(kind="remittance").count() == 1
    assert RemittanceLine.objects.count() == 4
    # The credited parcel is closed; the refused one is back, its goods too.
    tajine_part.refresh_from_db()
    plate_part.refresh_from_db()
    rug_part.refresh_from_db()
    assert tajine_part.status == OrderSellerPart.Status.DELIVERED
    assert tajine_part.cash_collected
    assert plate_part.status == OrderSellerPart.Status.RETURNED
    assert rug_part.status == OrderSellerPart.Status.SHIPPED
    record = StockRecord.objects.get(product=parcels["plate"])
    assert record.num_in_stock == stock_before + 1


def test_a_refused_parcel_counts_in_the_shops_refusal_rate_only(parcels):
    potter, weaver = parcels["potter"], parcels["weaver"]

    remittances_import(text=HELD_OUT, carrier="Amana")

    rate = seller_refusal_rate(seller=potter)
    assert (rate.returned, rate.reached, rate.percent) == (1, 2, Decimal("50.0"))
    other = seller_refusal_rate(seller=weaver)
    assert (other.returned, other.reached, other.percent) == (0, 0, None)


def test_the_refusal_rate_shows_on_the_seller_home_and_the_staff_seller_page(
    parcels,
):
    potter, weaver = parcels["potter"], parcels["weaver"]
    remittances_import(text=HELD_OUT, carrier="Amana")
    own, other = Client(), Client()
    own.force_login(potter.owner)
    other.force_login(weaver.owner)
    staff = Client()
    force_login_verified(staff, _staff())

    mine = own.get("/en/seller/").content.decode()
    theirs = other.get("/en/seller/").content.decode()
    staff_page = staff.get(f"/en/dashboard/sellers/{potter.pk}/").content.decode()

    assert "Refusal rate: 50.0 % (1 of 2 parcels" in mine
    assert "Refusal rate: no parcel has reached a door yet." in theirs
    assert "Refusal rate: 50.0 % (1 of 2 parcels" in staff_page


def test_staff_list_the_unmatched_lines_and_mark_them_resolved(parcels):
    remittances_import(text=HELD_OUT, carrier="Amana", reference="f.csv")
    client = Client()
    force_login_verified(client, _staff())

    page = client.get("/en/dashboard/payouts/remittances/lines/")

    lines = list(page.context["lines"])
    assert sorted(line.line_number for line in lines) == [3, 4]
    html = page.content.decode()
    assert "CA999999999MA" in html and "Amount differs" in html
    client.post("/en/dashboard/payouts/remittances/lines/", {"line": lines[0].pk})
    after = client.get("/en/dashboard/payouts/remittances/lines/")
    assert [line.pk for line in after.context["lines"]] == [lines[1].pk]


def test_a_seller_sees_no_remittance_lines(parcels):
    remittances_import(text=HELD_OUT, carrier="Amana")
    client = Client()
    client.force_login(parcels["potter"].owner)

    response = client.get("/en/dashboard/payouts/remittances/lines/")

    assert response.status_code == 302  # to the staff login


def test_staff_import_the_file_and_see_each_bad_line_with_its_column(parcels):
    client = Client()
    force_login_verified(client, _staff())

    page = client.post(
        "/en/dashboard/payouts/remittances/",
        {"statement": SimpleUploadedFile("amana.csv", HELD_OUT.encode())},
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="import-errors"' in html and 'id="import-mismatches"' in html
    assert "<td>9</td><td>status</td>" in html
    assert page.context["result"].credited == [(2, "CA000000001MA")]


def test_staff_return_a_parcel_to_sender_and_its_stock_comes_back(parcels):
    plate_part = parcels["plate_part"]
    record = StockRecord.objects.get(product=parcels["plate"])
    client = Client()
    force_login_verified(client, _staff())
    url = f"/en/dashboard/payments/orders/{plate_part.order.number}/"

    client.post(url, {"action": "cod-returned", "part": plate_part.pk})
    client.post(url, {"action": "cod-returned", "part": plate_part.pk})

    plate_part.refresh_from_db()
    assert plate_part.status == OrderSellerPart.Status.RETURNED
    assert StockRecord.objects.get(pk=record.pk).num_in_stock == (
        record.num_in_stock + 1
    )
    # Its cash never came: a later remittance of it is refused.
    result = remittances_import(
        text="tracking_number;amount;date\nCA000000002MA;150.00;2026-11-30\n"
    )
    assert [n for n, _t, _m in result.mismatches] == [2]
    assert seller_balance(seller=parcels["potter"]) == -part_commission(
        part=parcels["tajine_part"]
    )


def test_a_parcel_still_being_prepared_cannot_be_returned(parcels):
    potter = parcels["potter"]
    tajine = make_product(potter, price="50.00", title="Bol", stock=2)
    checkout(Client(), [(tajine, 1)], email="bol@example.ma")
    part = Order.objects.order_by("-pk").first().seller_parts.get()

    with pytest.raises(ValidationError):
        cod_part_returned(part=part)


def test_a_refused_parcel_credits_its_invoices_once(parcels):
    from marketplace.invoicing.models import Invoice

    part = parcels["tajine_part"]
    sale = Invoice.objects.get(key=f"sale:{part.pk}")
    commission = Invoice.objects.get(key=f"commission:{part.pk}")

    assert cod_part_returned(part=part)
    assert not cod_part_returned(part=part)  # recorded once

    notes = Invoice.objects.filter(key__contains=f"returned:{part.pk}")
    assert sorted((n.kind, n.total) for n in notes) == sorted(
        [
            (Invoice.Kind.SALE_CREDIT, sale.total),
            (Invoice.Kind.COMMISSION_CREDIT, commission.total),
        ]
    )
    # The other parcels' invoices are untouched.
    other = Invoice.objects.get(key=f"sale:{parcels['rug_part'].pk}")
    assert not other.credit_notes.exists()

"""Cash on delivery: money on evidence, not on the seller's word.

The seller (or its carrier) holds the shopper's cash, so a seller's clicks
(shipped, delivered, cash collected) only record the commission it owes; only
a carrier's remittance to the marketplace (a statement line, a staff decision)
credits the seller.
"""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.payments.models import (
    CarrierRemittance,
    LedgerEntry,
    Payout,
    SellerPayoutAccount,
)
from marketplace.payments.services import (
    payouts_settle,
    remittance_record,
    remittances_import,
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
from tests.mfa import force_login_verified

Order = get_model("order", "Order")

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

VALID_RIB = "011519000001205000534921"
STAFF = CarrierRemittance.Source.STAFF


@pytest.fixture
def cod_part():
    """A potter's 333.33 tajine + 30 shipping, paid cash on delivery."""
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    SellerPayoutAccount.objects.create(
        seller=potter, holder_name="Poterie Fassi", rib=VALID_RIB
    )
    tajine = make_product(potter, price="333.33", title="Tajine")
    checkout(Client(), [(tajine, 1)])
    # The shopper confirmed the cash order (by its e-mail's link): it may ship.
    cod_confirm(Order.objects.get())
    return Order.objects.get().seller_parts.get()


def _ship(part, tracking="AM123456789MA"):
    part_mark_shipped(
        part=part, seller=part.seller, carrier="Amana", tracking_number=tracking
    )


def _staff():
    return get_user_model().objects.create_user(
        "staff", "staff@example.ma", "pw-staff-123!", is_staff=True
    )


def test_a_seller_clicking_everything_gets_no_positive_balance_nor_payout(cod_part):
    # given a seller who ships, delivers and collects the cash of its parcel
    _ship(cod_part)
    part_mark_delivered(part=cod_part, seller=cod_part.seller)
    part_mark_cash_collected(part=cod_part, seller=cod_part.seller)
    part_mark_cash_collected(part=cod_part, seller=cod_part.seller)

    # when the next settlement runs
    batch = payouts_settle()

    # then it owes the commission and is paid nothing
    assert seller_balance(seller=cod_part.seller) == Decimal("-33.33")
    assert batch is None
    assert not Payout.objects.exists()
    assert set(LedgerEntry.objects.values_list("kind", flat=True)) == {"commission"}


def test_the_commission_is_owed_from_the_moment_the_parcel_is_shipped(cod_part):
    # A seller who ships and never clicks "delivered" nor "cash collected"
    # still owes the commission.
    assert seller_balance(seller=cod_part.seller) == Decimal("0")

    _ship(cod_part)

    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.amount, entry.key) == (
        "commission",
        Decimal("-33.33"),
        f"commission:{cod_part.pk}",
    )


def test_a_seller_ordering_from_itself_as_a_guest_is_paid_nothing():
    seller = make_seller("Faux Atelier", flat_rate="30.00", free_from="5000.00")
    SellerPayoutAccount.objects.create(seller=seller, holder_name="Faux", rib=VALID_RIB)
    product = make_product(seller, price="4000.00", title="Tapis imaginaire")
    checkout(Client(), [(product, 1)], email="un-ami-du-vendeur@example.ma")
    cod_confirm(Order.objects.get())  # the "friend" confirms by the e-mail link
    part = Order.objects.get().seller_parts.get()
    client = Client()
    client.force_login(seller.owner)

    client.post(
        f"/fr/seller/orders/{part.pk}/ship/",
        {"carrier": "amana", "tracking_number": "FA000000001MA"},
    )
    client.post(f"/fr/seller/orders/{part.pk}/deliver/")
    client.post(f"/fr/seller/orders/{part.pk}/cash-collected/")

    part.refresh_from_db()
    assert part.cash_collected
    assert seller_balance(seller=seller) == Decimal("-400.00")
    assert payouts_settle() is None


def test_a_carrier_remittance_credits_the_seller_once(cod_part):
    _ship(cod_part)

    first = remittance_record(
        part=cod_part, amount=Decimal("363.33"), remitted_on=date.today(), source=STAFF
    )
    again = remittance_record(
        part=cod_part, amount=Decimal("363.33"), remitted_on=date.today(), source=STAFF
    )

    assert first is not None and again is None
    credit = LedgerEntry.objects.get(kind="remittance")
    assert credit.key == f"remittance:{first.pk}"
    assert credit.amount == Decimal("363.33")
    assert seller_balance(seller=cod_part.seller) == Decimal("330.00")
    # Payable once delivered and its return window passed (returns/).
    assert payouts_settle() is None
    part_mark_delivered(part=cod_part, seller=cod_part.seller)
    later = timezone.now() + timedelta(days=8)
    assert payouts_settle(now=later).payouts.get().amount == Decimal("330.00")


def test_a_remittance_for_a_parcel_never_marked_shipped_records_the_commission_too(
    cod_part,
):
    remittance_record(
        part=cod_part, amount=Decimal("363.33"), remitted_on=date.today(), source=STAFF
    )

    assert seller_balance(seller=cod_part.seller) == Decimal("330.00")
    assert LedgerEntry.objects.filter(kind="commission").count() == 1


def test_a_remittance_of_another_amount_is_refused(cod_part):
    with pytest.raises(ValidationError):
        remittance_record(
            part=cod_part,
            amount=Decimal("9999.00"),
            remitted_on=date.today(),
            source=STAFF,
        )

    assert not CarrierRemittance.objects.exists()
    assert seller_balance(seller=cod_part.seller) == Decimal("0")


def test_a_statement_imported_twice_credits_once_and_reports_bad_lines(cod_part):
    _ship(cod_part)
    statement = (
        "tracking_number;amount;date\n"
        "AM123456789MA;363,33;2026-11-28\n"
        "UNKNOWN1;100.00;2026-11-28\n"
        "AM123456789MA;1e20;2026-11-28\n"
        "AM123456789MA;363.33;demain\n"
        ";12;2026-11-28\n"
    )

    first = remittances_import(text=statement, carrier="Amana", reference="s.csv")
    second = remittances_import(text=statement, carrier="Amana", reference="s.csv")

    assert first.credited == [(2, "AM123456789MA")]
    # The unknown parcel is kept for staff; the unreadable lines are not.
    assert [(n, tracking) for n, tracking, _ in first.mismatches] == [(3, "UNKNOWN1")]
    assert [(n, column) for n, column, _ in first.errors] == [
        (4, "amount"),
        (5, "date"),
        (6, "tracking_number"),
    ]
    assert second.credited == []
    assert second.already == [(2, "AM123456789MA"), (3, "UNKNOWN1")]
    assert CarrierRemittance.objects.get().reference == "s.csv line 2"
    assert seller_balance(seller=cod_part.seller) == Decimal("330.00")


def test_a_statement_without_the_expected_columns_is_rejected_whole(cod_part):
    result = remittances_import(text="colis,montant\nAM1,10\n", carrier="Amana")

    assert result.errors and result.errors[0][0] == 1
    assert not CarrierRemittance.objects.exists()


def test_the_import_remittance_command_credits_once_and_lists_bad_lines(
    cod_part, tmp_path
):
    _ship(cod_part)
    statement = tmp_path / "amana.csv"
    statement.write_text(
        "tracking_number;amount;date\nAM123456789MA;363.33;2026-11-28\nX;1;2026\n"
    )
    out, err = io.StringIO(), io.StringIO()

    for _ in range(2):
        with pytest.raises(CommandError):
            call_command(
                "import_remittance", statement, carrier="Amana", stdout=out, stderr=err
            )

    assert (
        "1 credited, 0 returned, 0 already imported, 0 kept for staff, 1 rejected"
        in out.getvalue()
    )
    assert (
        "0 credited, 0 returned, 1 already imported, 0 kept for staff, 1 rejected"
        in out.getvalue()
    )
    assert "line 3, column date:" in err.getvalue()
    assert seller_balance(seller=cod_part.seller) == Decimal("330.00")


def test_staff_import_a_statement_from_the_dashboard(cod_part):
    _ship(cod_part)
    client = Client()
    force_login_verified(client, _staff())
    upload = SimpleUploadedFile(
        "amana.csv", b"tracking_number,amount,date\nAM123456789MA,363.33,28/11/2026\n"
    )

    page = client.post(
        "/en/dashboard/payouts/remittances/",
        {"carrier": "Amana", "statement": upload},
    )

    assert page.status_code == 200
    assert page.context["result"].credited == [(2, "AM123456789MA")]
    assert seller_balance(seller=cod_part.seller) == Decimal("330.00")


def test_staff_record_a_remittance_on_the_orders_money_page(cod_part):
    staff = _staff()
    client = Client()
    force_login_verified(client, staff)
    url = f"/en/dashboard/payments/orders/{cod_part.order.number}/"
    data = {
        "action": "remittance",
        "remittance-part": cod_part.pk,
        "remittance-amount": "363.33",
        "remittance-remitted_on": "2026-11-28",
        "remittance-reference": "Bordereau 77",
    }

    assert client.get(url).status_code == 200
    client.post(url, data)
    client.post(url, data)

    remittance = CarrierRemittance.objects.get()
    assert (remittance.created_by, remittance.source) == (staff, STAFF)
    assert seller_balance(seller=cod_part.seller) == Decimal("330.00")


def test_a_seller_cannot_record_nor_import_a_remittance(cod_part):
    client = Client()
    client.force_login(cod_part.seller.owner)

    client.post(
        f"/en/dashboard/payments/orders/{cod_part.order.number}/",
        {
            "action": "remittance",
            "remittance-part": cod_part.pk,
            "remittance-amount": "363.33",
            "remittance-remitted_on": "2026-11-28",
        },
    )
    response = client.post(
        "/en/dashboard/payouts/remittances/",
        {
            "carrier": "Amana",
            "statement": SimpleUploadedFile("a.csv", b"tracking_number;amount;date"),
        },
    )

    assert response.status_code == 302  # to the staff login
    assert not CarrierRemittance.objects.exists()
    assert seller_balance(seller=cod_part.seller) == Decimal("0")


def test_what_a_seller_owes_shows_on_the_staff_and_seller_payout_pages(cod_part):
    _ship(cod_part)
    staff = Client()
    force_login_verified(staff, _staff())
    seller = Client()
    seller.force_login(cod_part.seller.owner)

    staff_page = staff.get("/en/dashboard/payouts/")
    seller_page = seller.get("/en/seller/payouts/")

    assert [(s, s.owed) for s in staff_page.context["owing"]] == [
        (cod_part.seller, Decimal("33.33"))
    ]
    assert "Poterie Fassi" in staff_page.content.decode()
    (summary,) = seller_page.context["summaries"]
    assert summary.owed == Decimal("33.33")
    assert f'id="owed-{cod_part.seller.pk}"' in seller_page.content.decode()


def test_staff_record_a_parcel_returned_unpaid_and_the_commission_is_reversed(
    cod_part,
):
    _ship(cod_part)
    client = Client()
    force_login_verified(client, _staff())
    url = f"/en/dashboard/payments/orders/{cod_part.order.number}/"

    assert client.get(url).status_code == 200
    client.post(url, {"action": "cod-returned", "part": cod_part.pk})
    client.post(url, {"action": "cod-returned", "part": cod_part.pk})
    with pytest.raises(ValidationError):  # back with its seller, not delivered
        part_mark_delivered(part=cod_part, seller=cod_part.seller)

    assert seller_balance(seller=cod_part.seller) == Decimal("0.00")
    assert LedgerEntry.objects.filter(kind="adjustment").count() == 1
    with pytest.raises(ValidationError):
        remittance_record(
            part=cod_part,
            amount=Decimal("363.33"),
            remitted_on=date.today(),
            source=STAFF,
        )


def test_a_seller_cannot_record_its_own_parcel_returned(cod_part):
    _ship(cod_part)
    client = Client()
    client.force_login(cod_part.seller.owner)

    client.post(
        f"/en/dashboard/payments/orders/{cod_part.order.number}/",
        {"action": "cod-returned", "part": cod_part.pk},
    )

    assert seller_balance(seller=cod_part.seller) == Decimal("-33.33")

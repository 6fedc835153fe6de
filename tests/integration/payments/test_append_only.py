"""The database itself refuses to change or delete a ledger row.

`LedgerEntry.save()` refuses too, but a queryset's `update()` or `delete()`
and raw SQL never call it: the triggers of payments' migration 0003 do.
"""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from marketplace.payments.models import LedgerEntry
from marketplace.payments.services import ledger_append, seller_balance
from tests.integration.checkout.shop import make_seller

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def entry():
    seller = make_seller("Poterie Fassi")
    return ledger_append(
        seller=seller, kind="sale", amount=Decimal("330.00"), key="test:sale"
    )


def _refused(run) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        run()


def test_a_queryset_update_of_a_ledger_row_is_refused_by_the_database(entry):
    _refused(lambda: LedgerEntry.objects.filter(pk=entry.pk).update(amount=1000000))

    entry.refresh_from_db()
    assert entry.amount == Decimal("330.00")


def test_a_queryset_delete_of_a_ledger_row_is_refused_by_the_database(entry):
    _refused(lambda: LedgerEntry.objects.filter(pk=entry.pk).delete())

    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
    assert seller_balance(seller=entry.seller) == Decimal("330.00")


def test_raw_sql_cannot_change_nor_delete_a_ledger_row(entry):
    def raw(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])

    _refused(lambda: raw("UPDATE payments_ledgerentry SET amount = 0 WHERE id = %s"))
    _refused(lambda: raw("DELETE FROM payments_ledgerentry WHERE id = %s"))

    entry.refresh_from_db()
    assert entry.amount == Decimal("330.00")


def test_new_entries_are_still_appended(entry):
    ledger_append(
        seller=entry.seller, kind="sale", amount=Decimal("70"), key="test:more"
    )

    assert seller_balance(seller=entry.seller) == Decimal("400.00")

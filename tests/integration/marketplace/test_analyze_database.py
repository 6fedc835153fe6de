"""Issue 20: the release step (`deploy/entrypoint.sh migrate`) leaves a fresh
PostgreSQL its planner statistics (`analyze_database`): autovacuum would
analyse a table of a few dozen rows only once 50 of them changed."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from artisans.models import Seller
from tests.factories import SellerFactory

pytestmark = pytest.mark.django_db


def planned_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_analyze_database_gives_the_planner_each_tables_size():
    SellerFactory.create_batch(3)
    out = io.StringIO()
    call_command("analyze_database", stdout=out)
    # ANALYZE counts this transaction's own new rows: the table's size as now.
    assert planned_rows("artisans_seller") == Seller.objects.count() >= 3
    assert "ANALYZE" in out.getvalue()


def test_analyze_database_has_nothing_to_do_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the embedded database only")
    out = io.StringIO()
    call_command("analyze_database", stdout=out)
    assert "Nothing to analyse on sqlite" in out.getvalue()

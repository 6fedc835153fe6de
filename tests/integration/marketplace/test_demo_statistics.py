"""Issue 14: a demo built in bulk leaves the PostgreSQL planner statistics of
what it built (a table of a few dozen sellers is never analysed by
autovacuum; without them a craft's page walks every seller's products)."""

import pytest
from django.db import connection

from artisans.models import Seller
from marketplace.core.demo import demo_seed

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def planned_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_a_demo_built_in_bulk_leaves_the_planner_its_statistics():
    # More sellers than the session's demo (`demo` fixture, 24): some built.
    created = demo_seed(products=12, sellers=30, log=lambda message: None)
    assert created.get("sellers")
    # ANALYZE counts this transaction's own new rows: the table's size as now.
    assert planned_rows("artisans_seller") == Seller.objects.count()

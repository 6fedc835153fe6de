"""PostgreSQL plans a statement the site runs again once per connection
(marketplace/settings/base.py, `DATABASE_PREPARED_STATEMENTS`): planning a
product page's row, eight tables joined, took longer than running it."""

import pytest
from django.db import connection

from catalogue.selectors import product_page_queryset

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_product_pages_row_is_prepared_after_five_runs_on_a_connection():
    """On a connection of its own, opened with the settings' parameters, as
    each web worker's: the row's statement is planned by its first five runs,
    prepared by the sixth, then used for every product."""
    raw = connection.get_new_connection(connection.get_connection_params())

    def prepared() -> int:
        return raw.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%artisans_registryentry%"],
        ).fetchone()[0]

    def read(pk: int) -> None:
        sql, params = product_page_queryset().filter(pk=pk).query.sql_with_params()
        raw.execute(sql, params).fetchall()

    try:
        for pk in range(1, 6):
            read(pk)
        assert prepared() == 0
        read(6)
        assert prepared() == 1
        for pk in range(7, 10):
            read(pk)
        assert prepared() == 1
    finally:
        raw.close()


def test_parameters_are_sent_apart_from_the_sql():
    options = connection.settings_dict["OPTIONS"]
    assert options.get("server_side_binding") is True
    assert options.get("prepare_threshold") == 5

"""PostgreSQL plans a statement the site runs again once per connection
(marketplace/settings/base.py, `DATABASE_PREPARED_STATEMENTS`): planning a
product page's row, eight tables joined, took longer than running it."""

import pytest
from django.db import connection

from catalogue.selectors import product_page_queryset
from tests.integration.catalogue import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def prepared_reading_products() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements"
            " WHERE statement LIKE %s AND statement LIKE %s",
            ["%catalogue_product%", "%artisans_registryentry%"],
        )
        return cursor.fetchone()[0]


def test_the_product_pages_row_is_prepared_once_read_five_times_before():
    maker = f.seller()
    product = f.product(seller_obj=maker)
    assert prepared_reading_products() == 0
    for _ in range(5):
        assert product_page_queryset().get(pk=product.pk) == product
    assert prepared_reading_products() == 0
    # Run five times on this connection: the sixth run prepares it, and the
    # next ones use it, with their own values.
    assert product_page_queryset().get(pk=product.pk) == product
    assert prepared_reading_products() == 1
    other = f.product(seller_obj=maker)
    assert product_page_queryset().get(pk=other.pk) == other
    assert prepared_reading_products() == 1


def test_parameters_are_sent_apart_from_the_sql():
    options = connection.settings_dict["OPTIONS"]
    assert options.get("server_side_binding") is True
    assert options.get("prepare_threshold") == 5

"""A product's stored lowest price (`catalogue.prices`): what lists sort and
filter by price on, always the price its card shows."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from catalogue.prices import lowest_price_expression, lowest_prices_refresh
from catalogue.selectors import BrowseFilters, product_list_browse
from catalogue.services import stockrecord_set
from tests.integration.catalogue import factories as f
from tests.integration.sellerdash.catalogue_files import crafts, csv_bytes, run

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def _stored(product) -> Decimal | None:
    return Product.objects.values_list("lowest_price", flat=True).get(pk=product.pk)


def _computed(product) -> Decimal | None:
    return (
        Product.objects.annotate(price=lowest_price_expression())
        .values_list("price", flat=True)
        .get(pk=product.pk)
    )


def _product_writes(queries) -> list[str]:
    return [
        q["sql"] for q in queries if q["sql"].startswith('UPDATE "catalogue_product"')
    ]


def test_a_standalone_products_price_is_stored_when_made_changed_and_removed():
    seller = f.seller()
    product = f.product(seller_obj=seller, price=Decimal("250.00"))
    assert _stored(product) == Decimal("250.00")

    stockrecord_set(product=product, price=Decimal("199.50"), num_in_stock=2)
    assert _stored(product) == Decimal("199.50") == _computed(product)

    StockRecord.objects.get(product=product).delete()
    assert _stored(product) is None


def test_a_parent_stores_its_cheapest_variants_price():
    seller = f.seller()
    parent = f.product(seller_obj=seller, price=Decimal("300.00"), variants=3)
    assert _stored(parent) == Decimal("300.00")  # 300, 301, 302
    cheapest, middle, _dearest = parent.children.order_by("pk")

    record = StockRecord.objects.get(product=middle)
    record.price = Decimal("120.00")
    record.save()
    assert _stored(parent) == Decimal("120.00") == _computed(parent)

    # The same instance saved again, back to its first price.
    record.price = Decimal("301.00")
    record.save()
    assert _stored(parent) == Decimal("300.00")

    cheapest.delete()
    assert _stored(parent) == Decimal("301.00") == _computed(parent)


def test_an_allocation_or_a_stock_count_writes_no_product_row():
    seller = f.seller()
    product = f.product(seller_obj=seller, price=Decimal("80.00"))
    record = StockRecord.objects.get(product=product)

    with CaptureQueriesContext(connection) as queries:
        record.allocate(1)
        stockrecord_set(product=product, price=Decimal("80.00"), num_in_stock=9)
    assert _product_writes(queries.captured_queries) == []
    assert _stored(product) == Decimal("80.00")


def test_a_product_read_before_its_price_changed_does_not_write_the_old_one_back():
    seller = f.seller()
    product = f.product(seller_obj=seller, price=Decimal("500.00"))
    read_before = Product.objects.get(pk=product.pk)
    read_deferred = Product.objects.only("pk", "title").get(pk=product.pk)

    stockrecord_set(product=product, price=Decimal("450.00"), num_in_stock=1)
    read_deferred.save()
    read_before.title = "Tapis renommé"
    read_before.save()

    product.refresh_from_db()
    assert product.title == "Tapis renommé"
    assert product.lowest_price == Decimal("450.00")


def test_a_list_sorted_or_filtered_by_price_reads_the_stored_price_only():
    seller = f.seller()
    dear = f.product(seller_obj=seller, price=Decimal("900.00"))
    cheap = f.product(seller_obj=seller, price=Decimal("50.00"))
    parent = f.product(seller_obj=seller, price=Decimal("300.00"), variants=2)

    with CaptureQueriesContext(connection) as queries:
        ascending = list(product_list_browse(filters=BrowseFilters(sort="price-asc")))
        ranged = list(
            product_list_browse(
                filters=BrowseFilters(
                    price_min=Decimal("100"),
                    price_max=Decimal("500"),
                    sort="price-desc",
                )
            )
        )
    assert ascending == [cheap.pk, parent.pk, dear.pk]
    assert ranged == [parent.pk]
    assert not any("partner_stockrecord" in q["sql"] for q in queries.captured_queries)


def test_a_catalogue_files_prices_are_stored_for_its_products_and_their_parent():
    crafts()
    seller = f.seller()
    header = ["sku", "parent_sku", "title_fr", "category", "price", "stock"]
    rug = "tapis-et-tissage/tapis-berberes"
    rows = [
        ["P", "", "Tapis", rug, "", ""],
        ["V-1", "P", "Petit", "", "210", "1"],
        ["V-2", "P", "Grand", "", "190", "1"],
        ["S", "", "Plateau", rug, "75.5", "3"],
    ]
    _result, problems = run(seller, csv_bytes(rows, header=header))
    assert problems == []
    parent = Product.objects.get(seller=seller, seller_sku="P")
    single = Product.objects.get(seller=seller, seller_sku="S")
    assert (_stored(parent), _stored(single)) == (Decimal("190.00"), Decimal("75.50"))

    rows[2][4] = "260"  # the cheapest variant dearer: its parent follows
    _result, problems = run(seller, csv_bytes(rows, header=header))
    assert problems == []
    assert _stored(parent) == Decimal("210.00")


def test_refreshing_repairs_prices_written_outside_the_site():
    seller = f.seller()
    products = [f.product(seller_obj=seller, price=Decimal(p)) for p in ("10", "20")]
    StockRecord.objects.filter(product=products[0]).update(price=Decimal("15.00"))
    Product.objects.filter(pk=products[1].pk).update(lowest_price=None)

    assert lowest_prices_refresh([]) == 0
    call_command("lowest_prices_refresh", stdout=io.StringIO())

    assert [_stored(p) for p in products] == [Decimal("15.00"), Decimal("20.00")]

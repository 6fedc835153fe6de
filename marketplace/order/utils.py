"""How an order is written: Oscar's `OrderCreator`, found first by
`get_class("order.utils", "OrderCreator")` (the checkout's placement).

Oscar writes each line's price in its own insert and allocates its stock line
by line, an update and a re-read of the record each (and the low-stock check
of each record: `marketplace.partner.receivers`). Here the prices and options
of every line are written in one insert each, and the stock of every line is
taken in one locked read and one update of all the records, whatever the
number of lines: a few queries for the order, not several a line. The
records are still locked sorted by id (no deadlock), and each record still
sends Oscar's `pre_save`/`post_save` with its new allocation, which the page
cache, the search index and the stock alerts listen to.
"""

from collections import defaultdict

from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Coalesce
from oscar.apps.order.utils import OrderCreator as CoreOrderCreator
from oscar.core.loading import get_model

from marketplace.partner.receivers import stock_alert_known

LineAttribute = get_model("order", "LineAttribute")
LinePrice = get_model("order", "LinePrice")
StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")


class OrderCreator(CoreOrderCreator):
    def place_order(self, basket, *args, **kwargs):
        # What the lines' hooks collect, written by the first allocation.
        self._basket = basket
        self._prices: list = []
        self._attributes: list = []
        self._stock_taken = False
        return super().place_order(basket, *args, **kwargs)

    def create_line_price_models(self, order, order_line, basket_line):
        self._prices.extend(
            LinePrice(
                order=order,
                line=order_line,
                quantity=quantity,
                price_incl_tax=price_incl_tax,
                price_excl_tax=price_excl_tax,
                tax_code=basket_line.tax_code,
            )
            for price_incl_tax, price_excl_tax, quantity in (
                basket_line.get_price_breakdown()
            )
        )

    def create_line_attributes(self, order, order_line, basket_line):
        self._attributes.extend(
            LineAttribute(
                line=order_line,
                option=attribute.option,
                type=attribute.option.code,
                value=attribute.value,
            )
            for attribute in basket_line.attributes.all()
        )

    def update_stock_records(self, line):
        """Oscar calls this for each line, sorted by stock record, once every
        line is written: the first call writes what the lines' hooks
        collected and takes the stock of all the lines at once."""
        if self._stock_taken:
            return
        self._stock_taken = True
        LinePrice.objects.bulk_create(self._prices)
        LineAttribute.objects.bulk_create(self._attributes)
        locked = getattr(self._basket, "_stock_locked", None)
        self._basket._stock_locked = None  # used once
        basket_stock_allocate(lines=self._basket.all_lines(), locked=locked)


def stock_locked_keep(*, basket, records) -> None:
    """`records`, the basket's stock records, were just read under lock, in
    the transaction that is placing its order (the checkout's stock check,
    `checkout.services.basket_stock_lock`): the allocation takes them as read
    instead of locking and reading them again. Used once."""
    basket._stock_locked = {record.pk: record for record in records}


def basket_stock_allocate(*, lines, locked: dict | None = None) -> None:
    """Allocate the stock of these basket lines (the stock records whose
    product class tracks stock), as Oscar's `StockRecord.allocate` does for
    one: the records locked sorted by id, one update for all of them, each
    record's `pre_save` and `post_save` sent with its new allocation. Must
    run inside the order's transaction.

    `locked`: the records by id, already locked and read in this
    transaction (`stock_locked_keep`); read here if they are not all in it."""
    wanted: dict[int, int] = defaultdict(int)
    for line in lines:
        if line.stockrecord_id and line.product.get_product_class().track_stock:
            wanted[line.stockrecord_id] += line.quantity
    if not wanted:
        return
    if locked is not None and set(wanted) <= set(locked):
        records = [locked[pk] for pk in sorted(wanted)]
    else:
        records = list(
            StockRecord.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
        )
    for record in records:
        record.pre_save_signal()
    StockRecord.objects.filter(pk__in=wanted).update(
        num_allocated=Coalesce(F("num_allocated"), 0)
        + Case(
            *(When(pk=pk, then=Value(quantity)) for pk, quantity in wanted.items()),
            output_field=IntegerField(),
        )
    )
    # The low-stock check of every record, read at once.
    alerts = {
        alert.stockrecord_id: alert
        for alert in StockAlert.objects.filter(
            stockrecord_id__in=wanted, status=StockAlert.OPEN
        )
    }
    for record in records:
        # Locked since read: what the update made of it, without a re-read.
        record.num_allocated = (record.num_allocated or 0) + wanted[record.pk]
        stock_alert_known(record=record, alert=alerts.get(record.pk))
        record.post_save_signal()
    allocated = {record.pk: record.num_allocated for record in records}
    for line in lines:
        if line.stockrecord_id in allocated:
            line.stockrecord.num_allocated = allocated[line.stockrecord_id]

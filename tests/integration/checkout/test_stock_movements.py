"""Stock movements queue work only when they change what shoppers see.

An order allocating some of many units changes no search document and brings
nothing "back in stock": it queues nothing. Taking the last unit, giving it
back, or a seller restocking does, through the outbox, once committed.
"""

import pytest
from django.core import mail
from django.test import Client, TestCase
from oscar.core.loading import get_model

from marketplace.orders.services import order_cancel
from marketplace.outbox.models import OutboxMessage
from marketplace.search.models import ProductSearchDocument
from marketplace.search.tasks import sync_products
from tests.integration.checkout.shop import checkout, make_product, make_seller

Order = get_model("order", "Order")
ProductAlert = get_model("customer", "ProductAlert")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def queued_tasks() -> list[str]:
    """What a stock movement queued: not the e-mails, nor Oscar's sales
    counters (every order's, after its commit)."""
    return sorted(
        m.task_path.rsplit(".", 1)[-1]
        for m in OutboxMessage.objects.exclude(task_path__endswith="_email").exclude(
            task_path__endswith="order_analytics_record"
        )
    )


def test_an_order_leaving_units_on_sale_queues_no_index_update_nor_alert():
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00", stock=5)
    OutboxMessage.objects.all().delete()

    checkout(Client(), [(tajine, 2)])

    assert StockRecord.objects.get(product=tajine).num_allocated == 2
    assert queued_tasks() == []


def test_the_last_unit_sold_then_given_back_updates_the_index_each_time():
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00", stock=1)
    sync_products.call(product_ids=[tajine.pk])
    OutboxMessage.objects.all().delete()

    checkout(Client(), [(tajine, 1)])

    assert queued_tasks() == ["sync_products"]
    assert not ProductSearchDocument.objects.filter(pk=tajine.pk).exists()

    OutboxMessage.objects.all().delete()
    with TestCase.captureOnCommitCallbacks(execute=True):
        order_cancel(order=Order.objects.get(), reason="test")

    assert queued_tasks() == ["product_alerts_send", "sync_products"]
    assert ProductSearchDocument.objects.filter(pk=tajine.pk).exists()


def test_a_seller_restocking_sends_the_back_in_stock_alert_after_the_commit():
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00", stock=0)
    alert = ProductAlert.objects.create(product=tajine, email="amina@example.ma")
    alert.status = ProductAlert.ACTIVE  # confirmed by its e-mail's link
    alert.save()
    record = StockRecord.objects.get(product=tajine)

    with TestCase.captureOnCommitCallbacks(execute=False) as deferred:
        record.num_in_stock = 3
        record.save()
    # Not inside the save: queued, sent once committed.
    assert mail.outbox == []
    assert "product_alerts_send" in queued_tasks()

    for callback in deferred:
        callback()

    assert [m.to for m in mail.outbox] == [["amina@example.ma"]]
    assert ProductAlert.objects.get().status == ProductAlert.CLOSED


def test_a_seller_saving_a_product_still_on_sale_queues_no_alert():
    """A seller's stock save in the load mix (a price or a count changed, the
    product on sale before and after) brings nothing back in stock."""
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00", stock=5)
    record = StockRecord.objects.get(product=tajine)
    OutboxMessage.objects.all().delete()

    with TestCase.captureOnCommitCallbacks(execute=True):
        record.num_in_stock = 8
        record.price = "320.00"
        record.save()
    assert "product_alerts_send" not in queued_tasks()

    # Sold out, then restocked: that save brings it back.
    record.num_in_stock = 0
    record.save()
    assert "product_alerts_send" not in queued_tasks()
    record = StockRecord.objects.get(pk=record.pk)
    record.num_in_stock = 4
    record.save()
    assert "product_alerts_send" in queued_tasks()

"""A return's steps are notifications (the bell and an e-mail in the
recipient's own language), and the goods the seller receives back are back in
stock, through the catalogue's stock service (its "back in stock" alerts)."""

import pytest
from django.core import mail
from django.test import TestCase
from oscar.core.loading import get_model

from marketplace.notifications.models import Notification
from marketplace.notifications.services import language_remember
from marketplace.returns.models import ReturnRequest
from marketplace.returns.services import (
    return_accept,
    return_mark_received,
    return_request_create,
)
from tests.integration.checkout.shop import make_product, make_seller
from tests.integration.returns.shop import (
    SHOPPER_RIB,
    order_place,
    part_deliver,
    payout_account,
    quantities,
    shopper_new,
)

ProductAlert = get_model("customer", "ProductAlert")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db
Status = ReturnRequest.Status


@pytest.fixture
def sold_out():
    """The potter's last two tajines (and a plate of ten) sold, cash on
    delivery, delivered: the tajine is out of stock."""
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    payout_account(potter)
    tajine = make_product(potter, price="300.00", title="Tajine", stock=2)
    plate = make_product(potter, price="250.00", title="Assiette", stock=10)
    shopper = shopper_new(email="amina@example.ma")
    order = order_place(shopper=shopper, items=[(tajine, 2), (plate, 1)])
    part = part_deliver(order.seller_parts.get())
    return shopper, part, tajine, plate


def _on_commit(step, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return step(**kwargs)


def _ask(shopper, part, *pairs):
    return _on_commit(
        return_request_create,
        part=part,
        shopper=shopper,
        reason="damaged",
        quantities=quantities(part, *pairs),
        refund_method="transfer",
        holder_name="Amina Alaoui",
        rib=SHOPPER_RIB,
        description="Fêlé à l'arrivée",
    )


def _stock(product) -> int:
    return StockRecord.objects.get(product=product).num_in_stock


def test_each_step_tells_the_other_side_in_its_own_language(sold_out):
    shopper, part, tajine, _plate = sold_out
    seller = part.seller
    language_remember(user=seller.owner, language="ar")
    language_remember(user=shopper, language="en")
    mail.outbox.clear()

    request = _ask(shopper, part, (tajine, 1))

    # The seller (Arabic) is told, in Arabic, on the bell and by e-mail.
    (seller_mail,) = mail.outbox
    assert seller_mail.to == [seller.owner.email]
    assert f"/ar/seller/returns/{request.pk}/" in seller_mail.body
    assert "Fêlé à l'arrivée" in seller_mail.body  # the shopper's words, as text
    html, _mimetype = seller_mail.alternatives[0]
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    notice = Notification.objects.get(recipient=seller.owner, kind="return_requested")
    assert notice.url == f"/seller/returns/{request.pk}/"
    assert not Notification.objects.filter(
        recipient=shopper, kind__startswith="return_"
    ).exists()

    mail.outbox.clear()
    _on_commit(return_accept, request=request, seller=seller, instructions="Amana, Fès")
    (shopper_mail,) = mail.outbox
    assert shopper_mail.to == ["amina@example.ma"]
    assert shopper_mail.subject == (
        f"Return #{request.pk}, order {part.order.number}: accepted, to be sent back"
    )
    assert f"/en/returns/{request.pk}/" in shopper_mail.body
    assert "Amana, Fès" in shopper_mail.body
    assert Notification.objects.filter(recipient=shopper, kind="return_accepted")


def test_returned_goods_are_back_in_stock_once_and_alerts_fire(sold_out):
    shopper, part, tajine, plate = sold_out
    seller = part.seller
    assert (_stock(tajine), _stock(plate)) == (0, 9)
    alert = ProductAlert.objects.create(product=tajine, email="karim@example.ma")
    # Confirmed (a guest's alert is created unconfirmed whatever it is given).
    ProductAlert.objects.filter(pk=alert.pk).update(status=ProductAlert.ACTIVE)
    request = _ask(shopper, part, (tajine, 1), (plate, 1))
    _on_commit(return_accept, request=request, seller=seller, instructions="Amana")
    mail.outbox.clear()

    _on_commit(return_mark_received, request=request, seller=seller)

    request.refresh_from_db()
    assert request.status == Status.REFUNDED
    assert (_stock(tajine), _stock(plate)) == (1, 10)
    # The tajine came back on sale: its "back in stock" alert is sent.
    assert "karim@example.ma" in [m.to[0] for m in mail.outbox]

    # A second click (another tab) changes nothing.
    _on_commit(return_mark_received, request=request, seller=seller)
    assert (_stock(tajine), _stock(plate)) == (1, 10)

"""Cash on delivery holds stock on a shopper's word: the order waits for the
shopper's confirmation (the e-mail's signed link, or a phone call the seller
records), expires unconfirmed, and is capped in value and in number."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.orders.status import (
    STATUS_AWAITING_CONFIRMATION,
    STATUS_CANCELLED,
    STATUS_CONFIRMED,
)
from marketplace.payments.models import OrderPayment
from marketplace.sellerorders.services import part_mark_shipped
from tests.integration.checkout.shop import (
    checkout,
    checkout_to_preview,
    cod_confirm,
    make_product,
    make_seller,
    place_order,
)

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def potter():
    return make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")


@pytest.fixture
def tajine(potter):
    return make_product(potter, price="300.00", stock=5, title="Tajine vernissé")


def _confirm_link() -> str:
    for message in mail.outbox:
        found = re.search(r"https?://\S+/checkout/cod/\S+/", message.body)
        if found:
            return found.group(0).split("testserver", 1)[1]
    raise AssertionError("no confirmation link was sent")


def test_a_cash_order_waits_for_the_shoppers_confirmation_by_link(tajine):
    shopper = Client()

    response = checkout(shopper, [(tajine, 1)])

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.status == STATUS_AWAITING_CONFIRMATION
    # The thank-you page says so at once, not only the e-mail.
    thank_you = shopper.get(response["Location"]).content.decode()
    assert 'id="cod-confirm-notice"' in thank_you
    link = _confirm_link()
    # Opening the link (a mail scanner does) confirms nothing.
    page = Client().get(link)
    assert page.status_code == 200
    order.refresh_from_db()
    assert order.status == STATUS_AWAITING_CONFIRMATION

    confirmed = Client().post(link)

    assert 'data-status="Confirmed"' in confirmed.content.decode()
    order.refresh_from_db()
    assert order.status == STATUS_CONFIRMED
    assert order.payment.confirmed_via == OrderPayment.Confirmation.LINK
    assert order.payment.confirmed_at is not None


def test_a_forged_confirmation_link_is_404(tajine):
    checkout(Client(), [(tajine, 1)])
    order = Order.objects.get()

    response = Client().post(f"/en/checkout/cod/{order.number}/forged-signature/")

    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == STATUS_AWAITING_CONFIRMATION


def test_a_seller_is_not_asked_to_ship_an_unconfirmed_order(potter, tajine):
    checkout(Client(), [(tajine, 1)])
    part = Order.objects.get().seller_parts.get()
    seller = Client()
    seller.force_login(potter.owner)

    page = seller.get(f"/en/seller/orders/{part.pk}/").content.decode()

    assert 'id="awaiting-confirmation"' in page
    assert "Mark shipped" not in page
    with pytest.raises(ValidationError):
        part_mark_shipped(
            part=part, seller=potter, carrier="Amana", tracking_number="1"
        )


def test_the_seller_records_a_phone_confirmation_for_its_own_order_only(potter, tajine):
    other = make_seller("Tapis Azilal")
    checkout(Client(), [(tajine, 1)])
    order = Order.objects.get()
    part = order.seller_parts.get()
    stranger = Client()
    stranger.force_login(other.owner)
    seller = Client()
    seller.force_login(potter.owner)

    refused = stranger.post(f"/en/seller/orders/{part.pk}/confirm-cod/")
    anonymous = Client().post(f"/en/seller/orders/{part.pk}/confirm-cod/")
    order.refresh_from_db()
    assert refused.status_code == 404
    assert anonymous.status_code == 302  # to the login page
    assert order.status == STATUS_AWAITING_CONFIRMATION

    seller.post(f"/en/seller/orders/{part.pk}/confirm-cod/")

    order.refresh_from_db()
    assert order.status == STATUS_CONFIRMED
    assert order.payment.confirmed_via == OrderPayment.Confirmation.PHONE
    assert order.payment.confirmed_by == potter.owner
    part_mark_shipped(part=part, seller=potter, carrier="Amana", tracking_number="1")


def test_an_unconfirmed_cash_order_expires_and_its_stock_returns(tajine):
    checkout(Client(), [(tajine, 2)])
    checkout(Client(), [(tajine, 1)], email="karim@example.ma")
    stale, kept = Order.objects.order_by("pk")
    cod_confirm(kept)
    Order.objects.update(date_placed=timezone.now() - timedelta(hours=49))
    assert StockRecord.objects.get(product=tajine).num_allocated == 3

    call_command("expire_unconfirmed_cod_orders")

    stale.refresh_from_db()
    kept.refresh_from_db()
    assert stale.status == STATUS_CANCELLED
    assert kept.status == STATUS_CONFIRMED
    assert StockRecord.objects.get(product=tajine).num_allocated == 1


def test_a_recent_unconfirmed_order_does_not_expire(tajine):
    checkout(Client(), [(tajine, 1)])

    call_command("expire_unconfirmed_cod_orders")

    assert Order.objects.get().status == STATUS_AWAITING_CONFIRMATION


@override_settings(MARKETPLACE_COD_MAX_ORDER_TOTAL="500.00")
def test_cash_on_delivery_is_refused_above_the_ceiling(potter):
    rug = make_product(potter, price="600.00", title="Tapis")
    shopper = Client()

    page = checkout_to_preview(shopper, [(rug, 1)])
    placed = place_order(shopper)

    assert 'id="cod-refused"' in page.content.decode()
    # The ceiling, as French prices are written.
    assert "500,00\xa0MAD" in page.content.decode()
    assert placed.status_code == 302
    assert placed["Location"].endswith("/checkout/payment-details/")
    assert not Order.objects.exists()


@override_settings(
    MARKETPLACE_COD_MAX_ORDER_TOTAL="500.00",
    STRIPE_SECRET_KEY="sk_test_maalem",
    PAYMENT_METHODS=["cod", "card"],
)
def test_above_the_ceiling_only_the_card_is_offered(potter):
    rug = make_product(potter, price="600.00", title="Tapis")
    shopper = Client()
    checkout_to_preview(shopper, [(rug, 1)])

    page = shopper.get("/en/checkout/payment-details/").content.decode()

    assert 'id="cod-refused"' in page
    assert 'value="card"' in page
    assert 'value="cod"' not in page


@override_settings(MARKETPLACE_COD_MAX_OPEN_PER_PHONE=2)
def test_open_unconfirmed_cash_orders_are_limited_per_phone(tajine):
    phone = "+212612345678"
    # Three shoppers on the preview page at once, each from its own address.
    clients = [Client(REMOTE_ADDR=f"10.0.0.{n + 1}") for n in range(3)]
    for n, client in enumerate(clients):
        checkout_to_preview(
            client, [(tajine, 1)], email=f"s{n}@example.ma", phone=phone
        )

    responses = [place_order(client) for client in clients]

    assert [r.status_code for r in responses] == [302, 302, 200]
    assert "alert-danger" in responses[2].content.decode()
    assert Order.objects.count() == 2
    assert set(OrderPayment.objects.values_list("phone", flat=True)) == {phone}
    # Once one is confirmed, the same phone may order again.
    cod_confirm(Order.objects.first())
    assert place_order(clients[2]).status_code == 302


@override_settings(MARKETPLACE_COD_MAX_OPEN_PER_IP=2)
def test_open_unconfirmed_cash_orders_are_limited_per_client_address(tajine):
    for n in range(2):
        client = Client(REMOTE_ADDR="10.0.0.7")
        checkout(client, [(tajine, 1)], email=f"s{n}@example.ma")
    third = Client(REMOTE_ADDR="10.0.0.7")

    page = checkout_to_preview(third, [(tajine, 1)], email="s3@example.ma")
    refused = place_order(third)

    assert 'id="cod-refused"' in page.content.decode()
    assert refused.status_code == 302
    assert Order.objects.count() == 2
    elsewhere = Client(REMOTE_ADDR="10.0.0.8")
    assert checkout(elsewhere, [(tajine, 1)]).status_code == 302
    assert Order.objects.count() == 3

"""One basket, several artisans: one order, a parcel and a shipping charge each."""

from decimal import Decimal

import pytest
from django.core import mail
from oscar.core.loading import get_model

from marketplace.orders.status import STATUS_AWAITING_CONFIRMATION
from marketplace.payments.models import OrderPayment
from tests.integration.checkout.shop import checkout, make_product, make_seller

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sellers():
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="500.00")
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from="2000.00")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    plate = make_product(potter, price="250.00", title="Assiette bleue")
    rug = make_product(weaver, price="1200.00", title="Tapis berbère")
    return potter, weaver, tajine, plate, rug


def test_a_guest_pays_cash_on_delivery_for_one_order_split_by_seller(
    client, two_sellers
):
    potter, weaver, tajine, plate, rug = two_sellers

    response = checkout(client, [(tajine, 1), (plate, 1), (rug, 1)])

    assert response.status_code == 302
    assert response["Location"].endswith("/fr/checkout/thank-you/")
    order = Order.objects.get()
    parts = {part.seller: part for part in order.seller_parts.all()}
    # The potter's 550 MAD is above its 500 MAD threshold: free; the rug pays 45.
    assert parts[potter].lines_total == Decimal("550.00")
    assert parts[potter].shipping_charge == Decimal("0.00")
    assert parts[weaver].lines_total == Decimal("1200.00")
    assert parts[weaver].shipping_charge == Decimal("45.00")
    assert order.shipping_incl_tax == Decimal("45.00")
    assert order.total_incl_tax == Decimal("1795.00")
    assert order.status == STATUS_AWAITING_CONFIRMATION
    assert order.guest_email == "amina@example.ma"
    assert order.payment.method == OrderPayment.Method.COD
    source = order.sources.get()
    assert source.source_type.name == "Cash on delivery"
    assert source.amount_allocated == Decimal("1795.00")
    assert source.amount_debited == Decimal("0.00")
    # Stock is held for the order.
    assert StockRecord.objects.get(product=rug).num_allocated == 1


def test_below_the_threshold_each_seller_charges_its_flat_rate(client, two_sellers):
    potter, weaver, tajine, plate, rug = two_sellers

    checkout(client, [(tajine, 1), (rug, 1)])

    order = Order.objects.get()
    assert sorted(p.shipping_charge for p in order.seller_parts.all()) == [
        Decimal("30.00"),
        Decimal("45.00"),
    ]
    assert order.shipping_incl_tax == Decimal("75.00")


def test_a_seller_without_rates_charges_the_marketplace_defaults(client, settings):
    settings.MARKETPLACE_SHIPPING_FLAT_RATE = Decimal("40.00")
    settings.MARKETPLACE_FREE_SHIPPING_THRESHOLD = Decimal("1000.00")
    plain = make_seller("Bois Essaouira", flat_rate=None, free_from=None)
    box = make_product(plain, price="200.00")
    big = make_product(plain, price="900.00")

    checkout(client, [(box, 1)])
    assert Order.objects.get().seller_parts.get().shipping_charge == Decimal("40.00")

    client.cookies.clear()
    checkout(client, [(box, 1), (big, 1)])
    latest = Order.objects.order_by("-pk").first()
    assert latest.seller_parts.get().shipping_charge == Decimal("0.00")


def test_the_shopper_and_each_seller_get_their_own_email(client, two_sellers):
    potter, weaver, tajine, plate, rug = two_sellers

    checkout(client, [(tajine, 1), (rug, 1)])

    order = Order.objects.get()
    to_shopper = [m for m in mail.outbox if m.to == ["amina@example.ma"]]
    # The order's summary, and the request to confirm it (cash on delivery).
    assert len(to_shopper) == 2
    assert order.number in to_shopper[0].subject + to_shopper[0].body
    assert f"/checkout/cod/{order.number}/" in to_shopper[1].body
    to_potter = [m for m in mail.outbox if m.to == [potter.owner.email]]
    to_weaver = [m for m in mail.outbox if m.to == [weaver.owner.email]]
    assert len(to_potter) == len(to_weaver) == 1
    assert "Tajine vernissé" in to_potter[0].body
    assert "Tapis berbère" not in to_potter[0].body
    assert "Tapis berbère" in to_weaver[0].body
    assert "Tajine vernissé" not in to_weaver[0].body


def test_the_order_status_page_shows_each_sellers_parcel(client, two_sellers):
    potter, weaver, tajine, plate, rug = two_sellers
    checkout(client, [(tajine, 1), (rug, 1)])
    order = Order.objects.get()

    # Oscar asks a guest for the order's e-mail before showing its status.
    path = f"{order.number}/{order.verification_hash()}/"
    client.post(f"/fr/accounts/order-status-form/{path}", {"email": order.guest_email})
    page = client.get(f"/fr/accounts/order-status/{path}")
    thank_you = client.get("/fr/checkout/thank-you/")

    for response in (page, thank_you):
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="seller-parts"' in html
        assert "Poterie Fassi" in html and "Tapis Azilal" in html
        assert html.count('class="card card-body mb-3 seller-part"') == 2


def test_a_signed_in_shopper_sees_the_parts_on_their_order_page(client, two_sellers):
    from django.contrib.auth import get_user_model

    potter, weaver, tajine, plate, rug = two_sellers
    shopper = get_user_model().objects.create_user(
        "karim", "karim@example.ma", "pw-karim-123!"
    )
    client.force_login(shopper)

    response = checkout(client, [(tajine, 1), (rug, 1)], signed_in=True)

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.user == shopper
    page = client.get(f"/fr/accounts/orders/{order.number}/")
    assert page.status_code == 200
    assert page.content.decode().count('seller-part"') == 2


def test_the_preview_shows_one_parcel_and_shipping_charge_per_seller(
    client, two_sellers
):
    from tests.integration.checkout.shop import checkout_to_preview

    potter, weaver, tajine, plate, rug = two_sellers

    response = checkout_to_preview(client, [(tajine, 1), (rug, 1)])

    html = response.content.decode()
    assert 'id="seller-shipping"' in html
    table = html.split('id="seller-shipping"')[1].split("</table>")[0]
    assert "Poterie Fassi" in table and "Tapis Azilal" in table
    assert "30,00" in table and "45,00" in table
    assert "Paiement à la livraison" in html or "Cash on delivery" in html

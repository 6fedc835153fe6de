"""The shopper sees each seller's part of an order as its own parcel."""

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from tests.integration.checkout.shop import checkout

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


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

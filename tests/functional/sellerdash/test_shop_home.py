"""The shop's home: what needs doing now, each with a link to it, above the
product list; counts of this shop only, in constant queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue import services as catalogue
from marketplace.sellerdash.selectors import shop_todo
from tests.factories import UserFactory
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)
from tests.mfa import force_login_verified

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cash_on_delivery_only(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENT_METHODS = ["cod"]


@pytest.fixture
def shops():
    """The potter: an order to ship, one to confirm, a product sold out, one
    moderated. The weaver: a product in stock, nothing to do."""
    potter = make_seller("Poterie Home")
    weaver = make_seller("Tapis Home")
    tajine = make_product(potter, price="100.00", stock=10, title="Tajine")
    sold_out = make_product(potter, price="80.00", stock=0, title="Bol épuisé")
    flagged = make_product(potter, price="90.00", stock=3, title="Plat signalé")
    make_product(weaver, price="500.00", stock=2, title="Tapis")
    checkout(Client(), [(tajine, 1)])
    cod_confirm(Order.objects.get())
    checkout(Client(), [(tajine, 1)], email="b@example.ma")
    catalogue.product_moderate(
        product=flagged,
        moderator=UserFactory(is_staff=True),
        reason="Photo d'un autre atelier",
    )
    return potter, weaver, sold_out, flagged


def test_the_home_counts_what_waits_for_this_shop_only(shops):
    potter, weaver, *_ = shops
    assert shop_todo(seller=potter) == {
        "ship": 1,
        "cod": 1,
        "out_of_stock": 1,
        "moderated": 1,
        "messages": None,
    }
    assert shop_todo(seller=weaver) == {
        "ship": 0,
        "cod": 0,
        "out_of_stock": 0,
        "moderated": 0,
        "messages": None,
    }


def test_the_home_shows_what_waits_above_the_products_with_links(client, shops):
    potter, *_ = shops
    force_login_verified(client, potter.owner)
    html = client.get("/en/seller/").content.decode()
    todo_at = html.index('class="shop-todo"')
    assert todo_at < html.index('class="table seller-products"')
    orders = reverse("sellerorders:list")
    assert f'href="{orders}?todo=ship">1 order to ship' in html
    assert f'href="{orders}?todo=cod">1 cash-on-delivery order awaiting' in html
    assert 'href="?filter=out-of-stock#shop-products">1 product out of stock' in html
    assert 'href="?filter=moderated#shop-products">1 product unpublished' in html
    # No messages app yet: its line stays hidden.
    assert "message to answer" not in html and "todo-messages" not in html


def test_each_link_lists_what_it_counts(client, shops):
    potter, weaver, sold_out, flagged = shops
    force_login_verified(client, potter.owner)
    to_ship = client.get(reverse("sellerorders:list"), {"todo": "ship"})
    to_confirm = client.get(reverse("sellerorders:list"), {"todo": "cod"})
    assert [part.order.status for part in to_ship.context["parts"]] == ["Confirmed"]
    assert [part.order.status for part in to_confirm.context["parts"]] == [
        "Awaiting confirmation"
    ]
    out = client.get(reverse("sellerdash:index"), {"filter": "out-of-stock"})
    assert list(out.context["products"]) == [sold_out]
    moderated = client.get(reverse("sellerdash:index"), {"filter": "moderated"})
    assert list(moderated.context["products"]) == [flagged]
    # The weaver's lists show none of the potter's.
    force_login_verified(client, weaver.owner)
    assert not client.get(reverse("sellerorders:list"), {"todo": "ship"}).context[
        "parts"
    ]
    out = client.get(reverse("sellerdash:index"), {"filter": "moderated"})
    assert not list(out.context["products"])


def test_a_product_back_in_stock_leaves_the_list(shops):
    potter, _weaver, sold_out, _flagged = shops
    StockRecord.objects.filter(product=sold_out).update(num_in_stock=4)
    assert shop_todo(seller=potter)["out_of_stock"] == 0


def test_the_counts_take_constant_queries(shops):
    potter, weaver, *_ = shops
    with CaptureQueriesContext(connection) as busy:
        shop_todo(seller=potter)
    with CaptureQueriesContext(connection) as quiet:
        shop_todo(seller=weaver)
    assert len(busy) == len(quiet) == 3

"""Redis down: the shop answers from the database, uncached, and sells.

Each test runs its own `redis-server` (the `redis_server` fixture) carrying
the cache, the sessions and the task queue as production settings put them,
and stops it mid-test. Nothing here stands in for Redis.
"""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.outbox.models import OutboxMessage
from marketplace.pagecache.pages import HIT_HEADER
from tests.integration.catalogue import factories as f
from tests.integration.checkout.shop import checkout, make_product, make_seller
from tests.integration.cms.factories import page_get

Order = get_model("order", "Order")

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def pages(tree):
    """The shop's public pages, as a first-time visitor asks for them."""
    seller = f.seller()
    product = f.product(seller_obj=seller, title="Tapis de la panne")
    category = product.categories.first()
    urls = {
        "catalogue": reverse("catalogue:index"),
        "product": product.get_absolute_url(),
        "search": reverse("search:search") + "?q=tapis",
        "sellers": reverse("artisans:seller-list"),
    }
    if category is not None:
        urls["category"] = category.get_absolute_url()

    def visit() -> dict[str, int]:
        codes = {name: Client().get(url).status_code for name, url in urls.items()}
        codes["home"] = page_get(Client(), tree.home).status_code
        return codes

    return visit, urls


def test_pages_answer_with_redis_stopped_and_are_cached_again_once_it_is_back(
    redis_server, pages, caplog
):
    visit, urls = pages
    assert set(visit().values()) == {200}  # kept in Redis

    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="marketplace.cache"):
        assert set(visit().values()) == {200}
    assert "unreachable, serving without cache" in caplog.text

    redis_server.start()
    Client().get(urls["product"])
    assert Client().get(urls["product"]).get(HIT_HEADER) == "hit"


def test_a_signed_in_shopper_stays_signed_in_across_a_redis_restart(redis_server):
    get_user_model().objects.create_user("amina", "amina@example.ma", "pw-amina-123!")
    client = Client()
    signed_in = client.post(
        "/en/accounts/login/",
        {
            "login-username": "amina@example.ma",
            "login-password": "pw-amina-123!",
            "login_submit": "1",
        },
    )
    assert signed_in.status_code == 302
    account = "/en/accounts/profile/"
    assert client.get(account).status_code == 200

    redis_server.stop()
    assert client.get(account).status_code == 200  # from the database

    redis_server.start()  # empty: a Redis without persistence
    assert client.get(account).status_code == 200


def test_a_guest_cash_on_delivery_checkout_goes_through_with_redis_stopped(
    redis_server, settings
):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENT_METHODS = ["cod"]
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé", stock=3)
    client = Client()
    client.get("/fr/")  # a session, kept in Redis and the database

    redis_server.stop()
    placed = checkout(client, [(tajine, 1)])

    assert placed.status_code == 302
    assert placed["Location"] == "/fr/checkout/thank-you/"
    thanks = client.get(placed["Location"])
    assert thanks.status_code == 200
    order = Order.objects.get()
    assert order.number in thanks.content.decode()
    # Its e-mails wait in the outbox for the queue (see tests/integration/outbox).
    assert mail.outbox == []
    assert OutboxMessage.objects.filter(status="pending").exists()

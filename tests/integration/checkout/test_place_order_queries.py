"""Placing an order costs a bounded number of queries: a few per line (what
Oscar writes for each), none per seller, and nothing deferred runs in it.

Counted with the test client on the "place order" POST alone; what follows the
commit (the outbox's hand-over, the e-mails) is captured, not run, then run
to check it happens once.
"""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from marketplace.checkout.views import SOURCE_TYPES
from marketplace.outbox.models import OutboxMessage
from tests.integration.checkout.shop import (
    checkout_to_preview,
    make_product,
    make_seller,
)
from tests.integration.payments.stripe_events import WEBHOOK_SECRET

Order = get_model("order", "Order")
SourceType = get_model("payment", "SourceType")
ProductRecord = get_model("analytics", "ProductRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _payment_source_types():
    """Made by the first order ever placed: not what is counted here."""
    for code, name in SOURCE_TYPES.values():
        SourceType.objects.get_or_create(code=code, defaults={"name": name})


@pytest.fixture
def warm_process_caches(_payment_source_types):
    """One order placed before counting: what a process reads once and keeps
    (content types, Wagtail's site) is not what a line or a seller costs, and
    whether an earlier test in the worker read it must not change the count."""
    with override_settings(**CARD):
        place(basket_of(1, 1), method="card")


# What each line costs: Oscar's insert of the order line, nothing else. Its
# price is written with the others' in one insert, its stock taken with the
# others' in one locked read and one update (Oscar's update and re-read, and
# its low-stock check, per line: 5 queries a line, marketplace.order.utils).
# Its sales counter (analytics: an update per line, a row lock held until the
# commit) waits for the commit, through the outbox.
QUERIES_PER_LINE = 1
# The whole "place order" request for two lines, cash on delivery: session,
# basket and its lines, limits, locks, the order, its sellers' parts, its
# payment, the sellers' notifications and their people (one insert, one read
# of the partners' users, one of the lines), the outbox's messages, the basket
# submitted, the terms of sale accepted (one insert), the shipping tables
# (sellers' carriers, carriers' rates, sellers' rates abroad, zones: four reads
# whatever the sellers, and the sellers: read once for the shipping method's
# charge and the sellers' parts, it was twice), the order's language (one
# insert, was six statements). The stock records are locked and read once,
# for the check and the allocation (were twice).
MOST_QUERIES_FOR_TWO_LINES = 53

CARD = {
    "STRIPE_SECRET_KEY": "sk_test_maalem",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_maalem",
    "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
    "PAYMENT_METHODS": ["cod", "card"],
}


def basket_of(lines: int, sellers: int) -> list:
    shops = [make_seller(f"Atelier {n}") for n in range(sellers)]
    return [
        (make_product(shops[n % sellers], price="100.00", stock=50), 1)
        for n in range(lines)
    ]


def place(items, *, method: str | None = None):
    """(queries of the "place order" POST, its response, its on-commit work)."""
    client = Client()
    checkout_to_preview(client, items, method=method, phone="+212612345678")
    with TestCase.captureOnCommitCallbacks(execute=False) as deferred:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                "/fr/checkout/preview/", {"action": "place_order", "accept_terms": "on"}
            )
    assert response.status_code == 302, response.content[:2000]
    return len(queries), response, deferred


@pytest.mark.parametrize("method", ["cod", "card"])
def test_placing_an_order_costs_the_same_queries_whatever_its_sellers(
    method, warm_process_caches
):
    with override_settings(**CARD):
        one_seller, __, __ = place(basket_of(2, 1), method=method)
        two_sellers, __, __ = place(basket_of(2, 2), method=method)

    assert one_seller == two_sellers
    assert one_seller <= MOST_QUERIES_FOR_TWO_LINES


@pytest.mark.parametrize("method", ["cod", "card"])
def test_each_more_line_costs_only_what_oscar_writes_for_it(
    method, warm_process_caches
):
    with override_settings(**CARD):
        two_lines, __, __ = place(basket_of(2, 2), method=method)
        five_lines, __, __ = place(basket_of(5, 2), method=method)

    assert five_lines - two_lines == 3 * QUERIES_PER_LINE


def test_more_lines_from_more_sellers_cost_only_their_order_lines(
    warm_process_caches,
):
    """Two lines from two sellers, four from three: the prices, the stock,
    the low-stock checks and the sellers' parts and notices of the two more
    lines and the third seller are written with the others'."""
    two_lines, __, __ = place(basket_of(2, 2), method="cod")
    four_lines, __, __ = place(basket_of(4, 3), method="cod")

    assert four_lines - two_lines == 2 * QUERIES_PER_LINE


def test_the_e_mails_and_stock_work_wait_for_the_commit_and_happen_once():
    items = basket_of(4, 3)
    OutboxMessage.objects.all().delete()  # the products' own, when created
    __, __, deferred = place(items, method="cod")
    order = Order.objects.get()
    queued = list(OutboxMessage.objects.order_by("pk"))

    # Nothing was sent in the request: one message per e-mail, written in
    # the order's transaction, handed to the queue once it commits. No index
    # update nor "back in stock" alert: every product is still on sale.
    assert mail.outbox == []
    # Oscar's sales counters too (the basket additions made their rows).
    assert {r.num_purchases for r in ProductRecord.objects.all()} == {0}
    assert sorted(m.task_path.rsplit(".", 1)[-1] for m in queued) == [
        "cod_confirmation_request_email",
        "notification_email",
        "notification_email",
        "notification_email",
        "order_analytics_record",
        "order_placed_email",
    ]
    assert {m.status for m in queued} == {"pending"}

    for callback in deferred:
        callback()

    assert {m.status for m in OutboxMessage.objects.all()} == {"done"}
    # Oscar's sales counters, once the order committed (not in its locks).
    assert {r.product_id: r.num_purchases for r in ProductRecord.objects.all()} == {
        product.pk: 1 for product, _quantity in items
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["amina@example.ma"] * 2
        + [part.seller.owner.email for part in order.seller_parts.all()]
    )

    # Handed over again (a drain, a queue delivering twice): nothing more.
    for callback in deferred:
        callback()
    assert len(mail.outbox) == 5
    assert {r.num_purchases for r in ProductRecord.objects.all()} == {1}


# Session, order, lines with products, photos, options, payment source,
# discounts, surcharges, Oscar's analytics flag, shipping address with its
# country (one query, was two), sellers' parcels.
MOST_QUERIES_FOR_THE_CONFIRMATION = 11


def thank_you_queries(items) -> tuple[int, str]:
    """(queries of the confirmation page the shopper is sent to after
    "Place order", its HTML)."""
    client = Client()
    checkout_to_preview(client, items, method="cod", phone="+212612345678")
    placed = client.post(
        "/fr/checkout/preview/", {"action": "place_order", "accept_terms": "on"}
    )
    assert placed.status_code == 302 and placed["Location"].endswith("/thank-you/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(placed["Location"])
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_confirmation_page_costs_the_same_queries_whatever_its_lines(
    warm_process_caches, settings
):
    """Each line's product and photo and each seller's parcel were read one
    by one; the page the shopper waits for after "Place order" now reads the
    order's lines once with all they show."""
    settings.MARKETPLACE_COD_MAX_OPEN_PER_IP = 100
    two_lines, __ = thank_you_queries(basket_of(2, 1))
    items = basket_of(5, 3)
    five_lines, html = thank_you_queries(items)

    assert five_lines == two_lines
    # Its payment with its type, its discounts, its surcharges: one query each
    # (were two, three and two).
    assert two_lines <= MOST_QUERIES_FOR_THE_CONFIRMATION
    # Every line is still shown, in the contents and in its seller's parcel.
    for product, _quantity in items:
        assert html.count(product.title) >= 2, product.title
        assert product.get_absolute_url() in html
    assert html.count('class="card card-body mb-3 seller-part"') == 3


def test_the_basket_is_split_by_seller_once_per_place_order(warm_process_caches):
    """The shipping method's charge and the sellers' parts are one split of
    the basket: its sellers and shipping tables are read once, and the
    parts add up to the shipping the shopper was charged."""
    client = Client()
    checkout_to_preview(client, basket_of(3, 2), method="cod", phone="+212612345678")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/fr/checkout/preview/", {"action": "place_order", "accept_terms": "on"}
        )
    assert response.status_code == 302
    tables = [q["sql"] for q in queries if 'FROM "shipping_sellershipping"' in q["sql"]]
    assert len(tables) == 1
    order = Order.objects.order_by("-pk").first()
    parts = order.seller_parts.all()
    assert len(parts) == 2
    assert sum(part.shipping_charge for part in parts) == order.shipping_incl_tax


def test_the_stock_rows_are_locked_and_read_once(warm_process_caches):
    """The check that every line can be served and the allocation take the
    same locked rows: one SELECT ... FOR UPDATE, sorted by id (no deadlock,
    no oversell: `test_concurrency`), not one each."""
    items = basket_of(3, 2)
    client = Client()
    checkout_to_preview(client, items, method="cod", phone="+212612345678")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/fr/checkout/preview/", {"action": "place_order", "accept_terms": "on"}
        )
    assert response.status_code == 302
    # The records read by id (the basket's own rows are read by product).
    locks = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and 'FROM "partner_stockrecord" WHERE "partner_stockrecord"."id" IN' in q["sql"]
    ]
    assert len(locks) == 1
    assert 'ORDER BY "partner_stockrecord"."id" ASC' in locks[0]
    if connection.vendor == "postgresql":  # SQLite locks the whole database
        assert locks[0].endswith("FOR UPDATE")
    for product, quantity in items:
        assert product.stockrecords.get().num_allocated == quantity

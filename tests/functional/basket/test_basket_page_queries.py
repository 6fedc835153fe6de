"""Issue 14: the basket page and basket add read each thing once.

Oscar's basket page read the offers twice (the middleware applying them, then
the upsell messages) and each line's stock record and product class again,
once per line and per question (`marketplace.partner.strategy`,
`marketplace.basket.models.Basket.all_lines`, `marketplace.offer.applicator`).
Here the queries do not grow with the lines, and the offers are read once
per request, also when a change is applied anew.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from tests.integration.checkout.shop import fill_basket, make_product, make_seller
from tests.integration.offer.builders import festival

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")


def sql_of(do) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = do()
    assert response.status_code in (200, 302)
    return [query["sql"] for query in queries]


def reading(table: str, sqls: list[str]) -> int:
    return sum(1 for sql in sqls if f'FROM "{table}"' in sql.split(" WHERE")[0])


@pytest.fixture
def sellers():
    return make_seller("Atelier Tifawin"), make_seller("Poterie Zellij")


def products(sellers, n):
    return [
        make_product(sellers[i % 2], price=f"{10 + i}.00", title=f"Pièce {i}")
        for i in range(n)
    ]


def basket_page(client):
    return lambda: client.get(reverse("basket:summary"))


def test_the_basket_page_reads_the_same_whatever_its_lines(sellers):
    counts = []
    for n in (2, 4):
        client = Client()
        fill_basket(client, [(product, 1) for product in products(sellers, n)])
        basket_page(client)()  # what is kept between requests, warm
        sqls = sql_of(basket_page(client))
        # The offers once; no voucher (the basket, read, holds none); no
        # stock record, product class nor seller line by line.
        assert reading("offer_conditionaloffer", sqls) == 1
        assert reading("voucher_voucher", sqls) == 0
        assert reading("partner_stockrecord", sqls) == 0
        assert reading("artisans_seller", sqls) == 0
        assert reading("catalogue_productclass", sqls) == 0
        counts.append(len(sqls))
    assert counts[0] == counts[1], counts


def test_a_change_on_the_basket_page_reads_the_offers_once(sellers):
    first, second = products(sellers, 2)
    client = Client()
    fill_basket(client, [(first, 1), (second, 1)])
    basket = Basket.objects.get(lines__product=first)
    lines = {line.product_id: line.pk for line in basket.lines.all()}
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": lines[first.pk],
        "form-0-quantity": "3",
        "form-1-id": lines[second.pk],
        "form-1-quantity": "1",
    }
    sqls = sql_of(lambda: client.post(reverse("basket:summary"), data))
    assert reading("offer_conditionaloffer", sqls) == 1
    assert basket.lines.get(product=first).quantity == 3


def test_adding_to_the_basket_reads_no_stock_record_line_by_line(sellers):
    first, second, third = products(sellers, 3)
    client = Client()
    fill_basket(client, [(first, 1), (second, 1)])
    sqls = sql_of(
        lambda: client.post(
            reverse("basket:add", kwargs={"pk": third.pk}), {"quantity": 1}
        )
    )
    # The product's own record, once (to check it can be bought, then to add
    # it: `marketplace.basket.views`), none for the lines already there.
    assert reading("partner_stockrecord", sqls) == 1
    assert reading("offer_conditionaloffer", sqls) == 1


def test_an_offers_range_is_asked_once_per_product_a_request(sellers):
    """A site offer on chosen products: applying it, then its upsell message,
    asked the range about each line with queries each time
    (`marketplace.offer.models`: proxies kept, ranges answering once)."""
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    Range = get_model("offer", "Range")
    first, second, third = products(sellers, 3)
    chosen = Range.objects.create(name="Choix")
    chosen.add_product(first)
    chosen.add_product(third)
    ConditionalOffer.objects.create(
        name="Deux pièces choisies",
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(range=chosen, type=Condition.COUNT, value=2),
        benefit=Benefit.objects.create(
            range=chosen, type=Benefit.PERCENTAGE, value=Decimal("10")
        ),
    )
    client = Client()
    fill_basket(client, [(first, 1), (second, 1)])
    basket_page(client)()
    sqls = sql_of(basket_page(client))
    # The range reads what it holds once, then is asked once per line (is it
    # in the range?), not again for each condition, benefit and upsell
    # message (15 queries before).
    asked = [sql for sql in sqls if "offer_range" in sql and "catalogue_product" in sql]
    per_line = [sql for sql in asked if '"catalogue_product"."id" = ' in sql]
    assert len(per_line) == 2, per_line
    assert len(asked) <= 5, asked
    html = client.get(reverse("basket:summary")).content.decode()
    assert "Deux pièces choisies" in html  # its upsell message still shown


def test_a_voucher_added_applies_at_once_and_is_read_thereafter(sellers):
    """A basket read with no voucher skips reading vouchers
    (`Basket.open`'s `has_vouchers_read`); adding one in that same request
    forgets that answer, so Oscar's check that it applies (else it is taken
    off again) sees it, and later pages read it."""
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Voucher = get_model("voucher", "Voucher")
    offer = festival(offer_type=ConditionalOffer.VOUCHER, name="Bon foire")
    voucher = Voucher.objects.create(
        name="Foire",
        code="FOIRE10",
        usage=Voucher.MULTI_USE,
        start_datetime="2020-01-01T00:00:00Z",
        end_datetime="2099-01-01T00:00:00Z",
    )
    voucher.offers.add(offer)
    (first,) = products(sellers, 1)  # 10.00 MAD
    client = Client()
    fill_basket(client, [(first, 1)])

    response = client.post(reverse("basket:vouchers-add"), {"code": "FOIRE10"})

    assert response.status_code == 302
    basket = Basket.objects.get(lines__product=first)
    assert list(basket.vouchers.all()) == [voucher]  # applied, so kept
    sqls = sql_of(basket_page(client))
    assert reading("voucher_voucher", sqls) == 1
    page = client.get(reverse("basket:summary"))
    assert page.context["basket"].total_discount == Decimal("1.00")
    assert page.context["basket"].total_incl_tax == Decimal("9.00")

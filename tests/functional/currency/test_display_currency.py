"""Buyers abroad choose EUR or USD in the header: prices shown converted and
marked approximate with the rate's date; the basket and checkout say the MAD
total that will be charged; cached pages and cards are kept per currency."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from marketplace.currency.models import ExchangeRate
from tests.integration.catalogue import factories as f
from tests.integration.checkout.shop import (
    checkout_to_preview,
    make_product,
    make_seller,
)

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def rates(db):
    ExchangeRate.objects.create(
        currency="EUR", date=date(2026, 11, 27), mad_per_unit=Decimal("10.8452")
    )
    ExchangeRate.objects.create(
        currency="USD", date=date(2026, 11, 27), mad_per_unit=Decimal("9.3548")
    )


@pytest.fixture
def teapot(db):
    return f.product(seller_obj=f.seller(), title="Théière", price=Decimal("135.00"))


def choose(client: Client, currency: str, next_url: str = "/en/"):
    return client.post(
        reverse("currency-set"), {"currency": currency, "next": next_url}
    )


def test_choosing_a_currency_sets_a_cookie_and_goes_back(client, rates):
    response = choose(client, "EUR", "/en/catalogue/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/en/catalogue/?page=2"
    cookie = response.cookies["currency"]
    assert cookie.value == "EUR" and cookie["httponly"] and cookie["samesite"] == "Lax"
    # Back to dirhams: no cookie, the pages everyone shares.
    response = choose(client, "MAD")
    assert response.cookies["currency"]["max-age"] == 0


def test_an_unknown_currency_or_a_foreign_address_is_refused(client, rates):
    assert choose(client, "GBP").status_code == 400
    assert client.get(reverse("currency-set")).status_code == 405
    response = choose(client, "USD", "https://evil.example/")
    assert response["Location"] == "/"


def test_the_header_offers_the_currencies_that_have_a_rate(client, rates):
    page = client.get("/en/catalogue/").content.decode()
    assert f'action="{reverse("currency-set")}"' in page
    assert '<option value="EUR"' in page and '<option value="USD"' in page
    ExchangeRate.objects.filter(currency="USD").delete()
    page = client.get("/en/catalogue/").content.decode()
    assert '<option value="USD"' not in page and '<option value="EUR"' in page


def test_no_rate_no_currency_choice(client):
    assert "currency-select" not in client.get("/en/catalogue/").content.decode()


@pytest.mark.parametrize(
    ("currency", "shown"), [("EUR", "≈&nbsp;€12.50"), ("USD", "≈&nbsp;$14.50")]
)
def test_product_page_and_cards_show_the_approximate_price_and_rate_date(
    client, rates, teapot, currency, shown
):
    client.cookies["currency"] = currency
    for url in (f"/en{teapot.get_absolute_url()[3:]}", "/en/catalogue/"):
        page = client.get(url).content.decode()
        assert shown in page, url
        assert "(rate of 11/27/2026)" in page, url
        assert "MAD" in page, url  # the price itself stays in dirhams


def test_dirham_visitors_see_no_conversion(client, rates, teapot):
    page = client.get("/en/catalogue/").content.decode()
    assert "price-approx" not in page and "MAD" in page


def test_cached_pages_and_cards_are_kept_per_currency(settings, rates, teapot):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 60
    url = "/en/catalogue/"
    mad = Client().get(url)
    assert "price-approx" not in mad.content.decode()
    euro = Client()
    euro.cookies["currency"] = "EUR"
    first = euro.get(url)
    assert first.get("X-Page-Cache") is None  # rendered: the key has the currency
    assert "≈&nbsp;€12.50" in first.content.decode()
    again = euro.get(url)
    assert again["X-Page-Cache"] == "hit" and "€12.50" in again.content.decode()
    hit = Client().get(url)
    assert hit["X-Page-Cache"] == "hit" and "price-approx" not in hit.content.decode()


def test_a_new_rate_makes_kept_pages_stale(settings, rates, teapot):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 60
    client = Client()
    client.cookies["currency"] = "EUR"
    assert "€12.50" in client.get("/en/catalogue/").content.decode()
    ExchangeRate.objects.create(
        currency="EUR", date=date(2026, 11, 28), mad_per_unit=Decimal("10")
    )
    page = client.get("/en/catalogue/").content.decode()
    assert "€13.50" in page and "(rate of 11/28/2026)" in page


@override_settings(STRIPE_SECRET_KEY="", PAYMENT_METHODS=["cod"])
def test_basket_and_checkout_show_the_mad_total_that_will_be_charged(client, rates):
    seller = make_seller("Atelier Euro", free_from=None)
    tajine = make_product(seller, price="135.00")
    client.cookies["currency"] = "EUR"
    preview = checkout_to_preview(client, [(tajine, 1)], method="cod")
    with translation.override("en"):
        basket = client.get("/en/basket/").content.decode()
        preview = client.get("/en/checkout/preview/").content.decode()
    # 135 + 30 shipping = 165 MAD ≈ €15.21, shown as €15.00.
    for page in (basket, preview):
        assert "You will be charged MAD165.00." in page
        assert "≈&nbsp;€15.00" in page and "(rate of 11/27/2026)" in page
    assert "your card issuer converts the charge" in preview
    client.cookies.pop("currency")
    assert "charged-in-mad" not in client.get("/en/basket/").content.decode()

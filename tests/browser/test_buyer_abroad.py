"""A buyer abroad, in English, chooses to see prices in euros: the cards and
the product page show ≈ € prices with the rate's date, the basket and the
checkout the MAD total that will be charged, and the order is in MAD."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model
from playwright.sync_api import expect

from marketplace.currency.rates_csv import SAMPLE_PATH
from marketplace.currency.selectors import price_convert
from marketplace.translated import pick

from .steps import add_to_basket, exact, search, unique

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")

pytestmark = pytest.mark.browser

RATE_DATE = "11/27/2026"  # the sample file's last day, as an English page writes it


def test_a_buyer_in_english_sees_euros_and_is_charged_dirhams(journey, e2e_db):
    # Staff load Bank Al-Maghrib's reference rates.
    call_command("load_exchange_rates", str(SAMPLE_PATH), stdout=StringIO())
    product = (
        Product.objects.filter(
            is_public=True,
            stockrecords__num_in_stock__gt=3,
            title__startswith="Babouches",
        )
        .order_by("pk")
        .first()
    )
    price = product.stockrecords.get().price
    euros = price_convert(amount_mad=price, currency="EUR").amount

    page = journey.person("buyer", locale="en-GB")
    page.goto("/en/")
    page.get_by_label("Show prices in").select_option("EUR")
    page.get_by_role("button", name="Show prices").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.get_by_label("Show prices in")).to_have_value("EUR")

    # An English page shows the English title where the product has one.
    title = pick(product, "title", language="en").text
    search(page, "en", title)
    card = page.locator(".product-card").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )
    expect(card.locator(".price-approx-amount")).to_have_text(f"≈\u00a0€{euros:.2f}")
    expect(card.locator(".price-approx-rate")).to_have_text(f"(rate of {RATE_DATE})")
    expect(card).to_contain_text("MAD")
    journey.shot(page, "en-search-in-euros")

    card.get_by_role("link").first.click()
    expect(page.locator(".price-approx-line")).to_contain_text(f"€{euros:.2f}")
    expect(page.locator(".price-approx-line")).to_contain_text(RATE_DATE)
    journey.shot(page, "en-product-in-euros")
    add_to_basket(page, "en")

    page.goto("/en/basket/")
    charged = page.locator(".charged-in-mad")
    expect(charged).to_contain_text("You will be charged MAD")
    expect(charged).to_contain_text("your card issuer converts the charge")
    journey.shot(page, "en-basket-charged-in-mad")

    email = f"{unique('jane')}@example.com"
    page.goto("/en/checkout/")
    page.get_by_role("textbox", name=exact("My email address is")).fill(email)
    page.get_by_role(
        "radio", name="I am a new customer and want to checkout as a guest"
    ).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("textbox", name=exact("First name")).fill("Jane")
    page.get_by_role("textbox", name=exact("Last name")).fill("Doe")
    page.get_by_role("textbox", name=exact("First line of address")).fill(
        "12 rue des Potiers"
    )
    page.get_by_role("textbox", name=exact("City")).fill("Fès")
    # Not `exact()`: a "/" in its pattern is not passed to the browser intact.
    page.get_by_role("textbox", name="Post/Zip-code").fill("30000")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/checkout/(payment-details|preview)/"))
    if "/payment-details/" in page.url:
        page.get_by_role("radio", name=re.compile("^Cash on delivery")).check()
        page.get_by_role("button", name="Continue").click()
    charged = page.locator(".charged-in-mad")
    expect(charged).to_contain_text("You will be charged MAD")
    expect(charged).to_contain_text(f"(rate of {RATE_DATE})")
    shown = re.search(r"charged MAD([\d,.]+)\.", charged.inner_text()).group(1)
    journey.shot(page, "en-checkout-charged-in-mad")
    # Law 31-08: the terms of sale accepted before the order is placed.
    page.locator("#id_accept_terms").check()
    page.get_by_role("button", name="Place order").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"\d{6}"))
    order = Order.objects.get(number=re.search(r"\d{6}", heading.inner_text())[0])
    assert order.currency == "MAD"
    assert order.total_incl_tax == Decimal(shown.replace(",", ""))
    journey.shot(page, "en-confirmation")

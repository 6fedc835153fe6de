"""The header's basket count on pages every visitor shares.

A visitor who is not signed in gets the same page as any other (it may come
from the page cache): the header's basket link carries no count of its own,
and the page's script shows the count the basket keeps in the
`basket_count` cookie. A shopper who fills a basket sees its count on the
home page and the catalogue; another visitor, served the same pages, sees
none; without JavaScript the link still leads to the basket.
"""

import pytest
from django.db.models import Q
from oscar.core.loading import get_model
from playwright.sync_api import expect

from .steps import add_to_basket, tr

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.browser


def _two_in_stock():
    return list(
        Product.objects.filter(
            Q(title_ar__isnull=False) & ~Q(title_ar=""),
            upc__startswith="DEMO-",
            structure=Product.STANDALONE,
            is_public=True,
            stockrecords__num_in_stock__gt=5,
        ).order_by("pk")[:2]
    )


def _count(page):
    """The desktop header's count badge."""
    return page.locator(".basket-link [data-basket-count]")


def test_the_header_counts_the_shoppers_basket_on_shared_pages(journey, e2e_db):
    first, second = _two_in_stock()
    shopper = journey.person("shopper")
    other = journey.person("other")

    # Both visitors start with the same shared home page: no count.
    for page in (shopper, other):
        page.goto("/fr/")
        expect(_count(page)).to_be_hidden()

    shopper.goto(first.get_absolute_url())
    add_to_basket(shopper, "fr")
    shopper.goto(second.get_absolute_url())
    add_to_basket(shopper, "fr")

    shopper.goto("/fr/")
    expect(_count(shopper)).to_be_visible()
    expect(_count(shopper)).to_have_text("2")
    journey.shot(shopper, "fr-home-basket-of-two")
    shopper.goto("/fr/catalogue/")
    expect(_count(shopper)).to_have_text("2")

    # The other visitor, served the same pages, sees no count of theirs.
    other.goto("/fr/")
    expect(_count(other)).to_be_hidden()
    other.goto("/fr/catalogue/")
    expect(_count(other)).to_be_hidden()
    journey.shot(other, "fr-catalogue-no-basket")

    # A line taken out on the basket page (its quantity set to 0): the
    # count follows.
    shopper.goto("/fr/basket/")
    line = shopper.locator(".checkout-quantity").first
    line.get_by_role("spinbutton").fill("0")
    line.get_by_role("button", name=tr("fr", "Update")).click()
    expect(shopper.locator(".checkout-quantity")).to_have_count(1)
    shopper.goto("/fr/catalogue/")
    expect(_count(shopper)).to_have_text("1")


def test_without_javascript_the_header_still_leads_to_the_basket(journey, e2e_db):
    (product, _) = _two_in_stock()
    page = journey.person("no-script", javascript=False)
    page.goto(product.get_absolute_url())
    page.locator("#add_to_basket_form").get_by_role(
        "button", name=tr("fr", "Add to basket")
    ).click()
    page.goto("/fr/")
    page.locator(".basket-link").get_by_role(
        "link", name=tr("fr", "View basket")
    ).click()
    assert page.url.endswith("/fr/basket/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("fr", "Basket"))

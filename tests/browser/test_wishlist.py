"""A shopper in Arabic keeps a piece for later: on the product page of a
piece its seller wrote in French only, "add to wish list"; the message and
the wish list name it in French, each marked lang="fr" dir="ltr" on the
right-to-left page, and the list's image carries the same."""

import re

import pytest
from django.db.models import Q
from django.utils import translation
from oscar.core.loading import get_model
from playwright.sync_api import expect

from .steps import sign_up, tr, unique

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.browser


def _french_only():
    """A public demo piece whose seller wrote it in French only."""
    return (
        Product.objects.filter(
            Q(title_ar__isnull=True) | Q(title_ar=""),
            upc__startswith="DEMO-",
            structure=Product.STANDALONE,
            is_public=True,
        )
        .order_by("pk")
        .first()
    )


def test_an_arabic_wish_list_marks_a_french_title(journey, e2e_db):
    product = _french_only()
    assert product is not None, "the demo has no French-only piece"
    title = product.title_fr

    page = journey.person("keeper", locale="ar-MA")
    sign_up(page, "ar", f"{unique('keeper')}@example.com")
    with translation.override("ar"):
        page.goto(product.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#add_to_wishlist_form").get_by_role(
        "button", name=tr("ar", "Add to wish list")
    ).click()

    # The message names the piece in French, marked as French.
    said = page.locator(".alert span[lang=fr]")
    expect(said).to_have_text(title)
    expect(said).to_have_attribute("dir", "ltr")
    journey.shot(page, "ar-added-to-wish-list")

    page.goto("/ar/accounts/wishlists/")
    page.locator("table").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/ar/accounts/wishlists/[^/]+/$"))
    link = page.locator("table").get_by_role("link", name=title)
    expect(link.locator("span[lang=fr]")).to_have_attribute("dir", "ltr")
    image = page.locator("table img.img-thumbnail").first
    expect(image).to_have_attribute("alt", title)
    expect(image).to_have_attribute("lang", "fr")
    journey.shot(page, "ar-wish-list")

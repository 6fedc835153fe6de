"""Every page is served with a Content-Security-Policy that runs no injected script.

On the public site and the sellers' and chamber's pages, scripts come from our
origin or carry the response's own nonce: no 'unsafe-inline', no
'unsafe-eval', and every inline script in the HTML holds the nonce the header
allows, the cached pages' included. The staff tools (Django admin, Oscar's
dashboard, Wagtail's admin) have a policy too, with inline scripts allowed
(marketplace/csp.py says why).
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from artisans.models import Seller
from tests.factories import chamber_user
from tests.functional.marketplace.csp_checks import (
    assert_strict_scripts,
    nonce,
    policy,
)
from tests.integration.checkout.shop import checkout_to_preview, place_order
from tests.mfa import force_login_verified

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def _public_urls():
    with translation.override("fr"):
        product = Product.objects.browsable().order_by("pk").first()
        category = Category.objects.filter(depth=1).order_by("path").first()
        seller = Seller.objects.filter(status=Seller.Status.VERIFIED).first()
        return {
            "home": reverse("home"),
            "catalogue": reverse("catalogue:index"),
            "category": category.get_absolute_url(),
            "product": product.get_absolute_url(),
            "storefront": seller.get_absolute_url(),
            "search": reverse("search:search") + "?q=tapis",
            "basket": reverse("basket:summary"),
            "login": reverse("customer:login"),
            "fair page": "/fr/salons/salon-artisanat-marrakech/",
            "sellers": reverse("artisans:seller-list"),
        }


def test_public_pages_run_only_our_scripts_and_nonced_inline_ones(client):
    for name, url in _public_urls().items():
        response = _get(client, url)
        page = assert_strict_scripts(response)
        assert policy(response)["object-src"] == ["'none'"], name
        assert policy(response)["base-uri"] == ["'self'"], name
        if name in ("home", "product", "basket"):
            assert page.inline_scripts, name  # Oscar's on-load script, nonced


def test_each_response_has_its_own_nonce(client):
    url = reverse("catalogue:index")
    first, second = _get(client, url), _get(client, url)
    assert nonce(first) and nonce(second) and nonce(first) != nonce(second)


def test_a_cached_page_carries_the_nonce_of_its_own_header(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    urls = _public_urls()
    for name in ("home", "product", "storefront", "catalogue"):
        rendered = _get(Client(), urls[name])
        served = _get(Client(), urls[name])
        assert served["X-Page-Cache"] == "hit", name
        assert_strict_scripts(served)
        assert nonce(served) != nonce(rendered), name
        assert "\x00" not in served.content.decode()


def test_checkout_pages_run_only_nonced_inline_scripts():
    client = Client()
    product = Product.objects.browsable().filter(structure="standalone").first()
    preview = checkout_to_preview(client, [(product, 1)])
    assert_strict_scripts(preview)
    assert_strict_scripts(_get(client, "/fr/checkout/shipping-address/"))
    placed = place_order(client)
    assert placed.status_code == 302
    thank_you = assert_strict_scripts(_get(client, placed["Location"]))
    assert [t for t in thank_you.tags if t[1].get("data-behaviour") == "print"]


def test_account_forms_run_no_inline_handler(client):
    user = Seller.objects.filter(status=Seller.Status.VERIFIED).first().owner
    client.force_login(user)
    for url in ("/fr/accounts/profile/edit/", "/fr/accounts/change-password/"):
        page = assert_strict_scripts(_get(client, url))
        assert [t for t in page.tags if t[1].get("data-behaviour") == "back"], url


def test_seller_and_chamber_pages_are_strict(client):
    seller = Seller.objects.filter(status=Seller.Status.VERIFIED).first()
    client.force_login(seller.owner)
    for url in (reverse("sellerdash:index"), reverse("sellerorders:list")):
        assert_strict_scripts(_get(client, url))
    chamber = Client()
    force_login_verified(chamber, chamber_user(seller.region.code))
    assert_strict_scripts(_get(chamber, reverse("artisans:chamber-queue")))


@pytest.mark.parametrize("url", ["/django-admin/", "/cms-admin/", "/fr/dashboard/"])
def test_staff_tools_have_a_policy_that_lets_their_own_scripts_run(
    client, admin_user, url
):
    force_login_verified(client, admin_user)
    response = _get(client, url)
    directives = policy(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert nonce(response) is None  # a nonce would switch 'unsafe-inline' off
    assert "gravatar" not in response.content.decode()  # no third-party image

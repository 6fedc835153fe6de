"""The anonymous page cache on every shop page, its freshness and its limits.

Each test switches the cache on (the test settings keep it off) and asks as
an anonymous shopper with no cookie, the only kind of request it serves.
"""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from artisans.models import Seller
from marketplace.pagecache.pages import (
    HIT_HEADER,
    TAG_KEY_PREFIX,
    VERSION_KEY,
    pages_forget,
    product_tag,
)
from tests.integration.catalogue import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    settings.SEARCH_BACKEND = "database"


def anonymous_get(url, **extra):
    """A first-time visitor: a new client, so no cookie at all."""
    return Client().get(url, **extra)


def is_hit(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


@pytest.fixture
def shop(django_capture_on_commit_callbacks):
    """A verified seller with one product, indexed for search."""
    seller = f.seller(name="Atelier Tifawin")
    with django_capture_on_commit_callbacks(execute=True):
        item = f.product(seller_obj=seller, title="Tapis Tifawin")
    return seller, item


def page_urls(seller, item) -> dict[str, str]:
    category = f.Category.add_root(name="Tapis et tissage")
    item.categories.add(category)
    return {
        "catalogue": reverse("catalogue:index"),
        "category": category.get_absolute_url(),
        "product": item.get_absolute_url(),
        "search": reverse("search:search") + "?q=tifawin",
        "storefront": seller.get_absolute_url(),
    }


def test_each_shop_page_is_served_again_from_the_cache_without_a_query(shop):
    seller, item = shop
    for name, url in page_urls(seller, item).items():
        first = anonymous_get(url)
        assert first.status_code == 200 and not is_hit(first), name
        with CaptureQueriesContext(connection) as queries:
            second = anonymous_get(url)
        assert is_hit(second), name
        assert len(queries) == 0, (name, [q["sql"] for q in queries])
        assert "Tapis Tifawin" in second.content.decode(), name


def test_the_language_prefix_is_part_of_the_key(shop):
    seller, _item = shop
    french = seller.get_absolute_url()
    english = french.replace("/fr/", "/en/", 1)
    anonymous_get(french)
    response = anonymous_get(english)
    assert not is_hit(response)
    assert 'lang="en"' in response.content.decode()
    assert 'lang="fr"' in anonymous_get(french).content.decode()


def test_the_query_string_is_part_of_the_key(shop):
    anonymous_get(reverse("catalogue:index") + "?sort=price-asc")
    assert not is_hit(anonymous_get(reverse("catalogue:index") + "?sort=newest"))


@pytest.mark.parametrize(
    "visitor",
    # The recently viewed cookie is no longer personal to any cached page
    # (test_page_cache_history.py), nor the basket's: no cached page shows a
    # basket (tests/functional/pagecache/test_basket_holders.py).
    ["signed_in", "session_cookie", "basic_auth"],
)
def test_personal_requests_are_never_served_nor_kept(shop, visitor):
    seller, item = shop
    urls = page_urls(seller, item)
    for url in urls.values():
        anonymous_get(url)  # kept for anonymous shoppers
    client = Client()
    extra = {}
    if visitor == "signed_in":
        client.force_login(f.user())
    elif visitor != "session_cookie":
        extra["HTTP_AUTHORIZATION"] = "Basic dXNlcjpwdw=="
    for name, url in urls.items():
        if visitor == "session_cookie":
            # A session holding something cached pages are not known not to
            # read (a guest's checkout alone is: test_session_holders.py).
            session = client.session
            session["wizard_step"] = "2"
            session.save()
        response = client.get(url, **extra)
        assert response.status_code == 200 and not is_hit(response), (visitor, name)


def test_what_a_signed_in_shopper_sees_is_not_kept_for_others(shop):
    seller, _item = shop
    url = seller.get_absolute_url()
    client = Client()
    client.force_login(f.user())
    client.get(url)
    assert not is_hit(anonymous_get(url))


def test_a_post_is_never_answered_from_the_cache(shop):
    url = reverse("search:search") + "?q=tifawin"
    anonymous_get(url)
    response = Client().post(url)
    assert not is_hit(response)


def test_the_cached_page_carries_the_visitors_own_csrf_token(shop):
    _seller, item = shop
    anonymous_get(item.get_absolute_url())
    first = anonymous_get(item.get_absolute_url())
    second = anonymous_get(item.get_absolute_url())
    assert is_hit(first) and is_hit(second)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert "\x00csrf\x00" not in second.content.decode()


def _cached_everywhere(urls):
    for url in urls.values():
        anonymous_get(url)
        assert is_hit(anonymous_get(url)), url


def _fresh_everywhere(urls):
    for name, url in urls.items():
        response = anonymous_get(url)
        assert not is_hit(response), name


def test_a_product_change_makes_every_page_showing_it_stale(shop):
    seller, item = shop
    urls = page_urls(seller, item)
    _cached_everywhere(urls)
    item.title = "Tapis Tifawin rouge"
    item.save()
    for name in ("catalogue", "category", "product", "storefront"):
        response = anonymous_get(urls[name])
        assert not is_hit(response), name
        assert "Tapis Tifawin rouge" in response.content.decode(), name


def test_a_price_or_stock_change_shows_at_once(shop):
    seller, item = shop
    urls = page_urls(seller, item)
    _cached_everywhere(urls)
    record = item.stockrecords.get()
    record.price = Decimal("777")
    record.save()
    for name in ("catalogue", "product", "storefront"):
        assert "777,00" in anonymous_get(urls[name]).content.decode(), name
    _cached_everywhere(urls)
    record.num_in_stock = 0
    record.save()
    _fresh_everywhere(urls)


def test_a_suspended_seller_disappears_at_once(shop):
    seller, item = shop
    urls = page_urls(seller, item)
    _cached_everywhere(urls)
    seller.status = Seller.Status.SUSPENDED
    seller.save(update_fields=["status"])
    assert anonymous_get(urls["storefront"]).status_code == 404
    assert anonymous_get(urls["product"]).status_code == 404
    assert "Tapis Tifawin" not in anonymous_get(urls["catalogue"]).content.decode()


def test_a_storefront_edit_shows_at_once(shop):
    seller, _item = shop
    url = seller.get_absolute_url()
    anonymous_get(url)
    seller.story = "Nous tissons depuis 1962."
    seller.save()
    response = anonymous_get(url)
    assert not is_hit(response)
    assert "Nous tissons depuis 1962." in response.content.decode()


def test_a_new_photo_shows_at_once(shop, django_capture_on_commit_callbacks):
    seller, item = shop
    urls = page_urls(seller, item)
    _cached_everywhere(urls)
    with django_capture_on_commit_callbacks(execute=True):
        f.image(product_obj=item)
    _fresh_everywhere(urls)
    assert "/media/" in anonymous_get(urls["product"]).content.decode()


def test_an_offer_or_its_range_makes_the_pages_stale(shop):
    seller, item = shop
    urls = page_urls(seller, item)
    _cached_everywhere(urls)
    product_range = Range.objects.create(name="Tapis en promotion")
    _fresh_everywhere(urls)
    _cached_everywhere(urls)
    product_range.add_product(item)
    _fresh_everywhere(urls)
    _cached_everywhere(urls)
    ConditionalOffer.objects.create(
        name="Promotion des tapis",
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(
            range=product_range, type=Condition.COUNT, value=1
        ),
        benefit=Benefit.objects.create(
            range=product_range, type=Benefit.PERCENTAGE, value=10
        ),
    )
    _fresh_everywhere(urls)


def test_the_version_moves_again_when_the_write_commits(
    shop, django_capture_on_commit_callbacks
):
    _seller, item = shop
    # The product's own version now (issue 14), no longer the site-wide one.
    key = TAG_KEY_PREFIX + product_tag(item.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item.title = "Tapis renommé"
        item.save()
        during = cache.get(key)
    for callback in callbacks:
        callback()
    # A page rendered between the write and its commit read the old rows: the
    # commit moves the version past the one it was kept under.
    assert cache.get(key) > during


def test_pages_forget_makes_everything_stale(shop):
    seller, item = shop
    urls = page_urls(seller, item)
    _cached_everywhere(urls)
    pages_forget()
    _fresh_everywhere(urls)


def test_a_version_number_lost_to_eviction_brings_no_old_page_back(shop):
    seller, item = shop
    urls = page_urls(seller, item)
    _cached_everywhere(urls)
    item.title = "Tapis Tifawin bleu"
    item.save()
    cache.delete(VERSION_KEY)  # what a full cache's culling may do
    _fresh_everywhere(urls)
    assert "Tapis Tifawin bleu" in anonymous_get(urls["product"]).content.decode()

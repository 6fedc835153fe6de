"""The Wagtail home page in the anonymous page cache: served before Wagtail
routes, made stale by publishing, unpublishing, moving and deleting pages and
by the shop's own writes; never served to or kept from personal requests."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from artisans.models import Seller
from cms.models import FairPage, RegionalCollectionPage
from marketplace.pagecache.pages import HIT_HEADER
from tests.integration.cms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60


def home_get(tree, client=None):
    """The home page as a first-time visitor sees it (no cookie)."""
    return f.page_get(client or Client(), tree.home)


def is_hit(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


@pytest.fixture
def home(tree):
    """A home page with a hero, featured products and shops, fairs, collections."""
    seller = f.seller(region_obj=tree.region_a)
    product = f.product(seller_obj=seller, title="Pouf en cuir")
    f.fair(parent=tree.page_a, title="Salon de Safi")
    tree.home.body = [
        {"type": "hero", "value": {"title": "Fait main", "text": "", "link_url": ""}},
        {
            "type": "featured_products",
            "value": {"title": "Coups de cœur", "products": [product.pk]},
        },
        {
            "type": "featured_shops",
            "value": {"title": "Ateliers", "sellers": [seller.pk]},
        },
        {"type": "upcoming_fairs", "value": {"title": "Salons", "count": 3}},
        {
            "type": "regional_collections",
            "value": {"title": "Collections", "collections": [], "count": 3},
        },
    ]
    f.publish(tree.home)
    return seller, product


def cached_home(tree) -> str:
    """Render the home page once, check the next visitor gets it from the cache."""
    home_get(tree)
    response = home_get(tree)
    assert is_hit(response)
    return response.content.decode()


def test_the_home_page_is_served_again_without_a_query(tree, home):
    first = home_get(tree)
    assert first.status_code == 200 and not is_hit(first)
    with CaptureQueriesContext(connection) as queries:
        second = home_get(tree)
    assert is_hit(second)
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert "Pouf en cuir" in second.content.decode()
    assert "\x00csrf\x00" not in second.content.decode()


def test_publishing_the_home_page_shows_its_new_content(tree, home):
    assert "Fait main" in cached_home(tree)
    tree.home.body[0].value["title"] = "Fait main au Maroc"
    f.publish(tree.home)
    response = home_get(tree)
    assert not is_hit(response)
    assert "Fait main au Maroc" in response.content.decode()


def test_a_draft_does_not_show_and_keeps_the_cache(tree, home):
    cached_home(tree)
    tree.home.body[0].value["title"] = "Brouillon"
    tree.home.save_revision()
    response = home_get(tree)
    assert is_hit(response)
    assert "Brouillon" not in response.content.decode()


def test_unpublishing_a_fair_takes_it_off_the_home_page(tree, home):
    assert "Salon de Safi" in cached_home(tree)
    fair = tree.page_a.get_children().type(FairPage).get().specific
    fair.unpublish()
    assert "Salon de Safi" not in home_get(tree).content.decode()


def test_deleting_a_fair_takes_it_off_the_home_page(tree, home):
    assert "Salon de Safi" in cached_home(tree)
    tree.page_a.get_children().type(FairPage).get().specific.delete()
    assert "Salon de Safi" not in home_get(tree).content.decode()


def test_moving_a_fair_out_of_the_site_takes_it_off_the_home_page(tree, home):
    from wagtail.models import Page

    assert "Salon de Safi" in cached_home(tree)
    elsewhere = Page.get_first_root_node().add_child(
        instance=Page(title="Ailleurs", slug="ailleurs-cache")
    )
    tree.page_a.get_children().type(FairPage).get().specific.move(
        elsewhere, pos="last-child"
    )
    response = home_get(tree)
    assert not is_hit(response)


def test_publishing_a_collection_shows_it_on_the_home_page(tree, home):
    assert "Cuivres de Marrakech" not in cached_home(tree)
    collection = RegionalCollectionPage(title="Cuivres de Marrakech")
    tree.page_a.add_child(instance=collection)
    f.publish(collection)
    assert "Cuivres de Marrakech" in home_get(tree).content.decode()


def test_a_suspended_shop_and_its_products_leave_the_cached_home_page(tree, home):
    seller, product = home
    html = cached_home(tree)
    assert seller.name in html and "Pouf en cuir" in html
    seller.status = Seller.Status.SUSPENDED
    seller.save(update_fields=["status"])
    html = home_get(tree).content.decode()
    assert seller.name not in html and "Pouf en cuir" not in html


def test_a_product_unpublished_leaves_the_cached_home_page(tree, home):
    _seller, product = home
    cached_home(tree)
    product.is_public = False
    product.save()
    assert "Pouf en cuir" not in home_get(tree).content.decode()


def test_a_view_restriction_applies_at_once(tree, home):
    cached_home(tree)
    PageViewRestriction.objects.create(
        page=tree.home, restriction_type=PageViewRestriction.LOGIN
    )
    response = home_get(tree)
    assert response.status_code == 302 and not is_hit(response)
    # What Wagtail refused to show is not kept either.
    assert home_get(tree).status_code == 302


@pytest.mark.parametrize("visitor", ["signed_in", "session_cookie"])
def test_personal_requests_get_a_rendered_home_page(tree, home, visitor):
    cached_home(tree)
    client = Client()
    if visitor == "signed_in":
        client.force_login(f.user())
    else:
        # A session holding what cached pages are not known not to read (a
        # guest's checkout alone is: pagecache/test_session_holders.py).
        session = client.session
        session["wizard_step"] = "2"
        session.save()
    response = home_get(tree, client)
    assert response.status_code == 200 and not is_hit(response)


def test_a_basket_holder_gets_the_cached_home_page(tree, home):
    """No cached page shows a basket: the header's count comes from a cookie
    (tests/functional/pagecache/test_basket_holders.py)."""
    cached_home(tree)
    client = Client()
    client.cookies["oscar_open_basket"] = "1:abc"
    client.cookies["basket_count"] = "2"
    response = home_get(tree, client)
    assert response.status_code == 200 and is_hit(response)


def test_a_signed_in_visitors_home_page_is_not_kept_for_others(tree, home):
    client = Client()
    client.force_login(f.user(is_staff=True))
    home_get(tree, client)
    assert not is_hit(home_get(tree))

"""A shop's shipping settings (its own only), the visitor's delivery country
remembered in a cookie, and the product page saying whether its shop ships
there without making the cached page anyone's own."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from marketplace.pagecache.pages import HIT_HEADER
from marketplace.shipping.models import SellerShipping, SellerZoneRate
from tests.integration.checkout.shop import make_product, make_seller
from tests.integration.shipping.rates import seeded_carriers, seller_ships

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_shops():
    carriers = seeded_carriers()
    potter = make_seller("Poterie Safi", flat_rate="30.00", free_from=None)
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from=None)
    return potter, weaver, carriers


def _as(seller) -> Client:
    client = Client()
    client.force_login(seller.owner)
    return client


def test_a_seller_sets_its_carrier_countries_and_prices_abroad(two_shops):
    potter, weaver, carriers = two_shops

    response = _as(potter).post(
        "/en/seller/shipping/",
        {
            "carrier": carriers["amana"].pk,
            "countries": ["FR", "BE", "US"],
            "rate_europe": "150.00",
            "rate_amerique-du-nord": "320.00",
        },
    )

    assert response.status_code == 302
    shipping = SellerShipping.objects.get(seller=potter)
    assert shipping.carrier == carriers["amana"]
    assert shipping.country_list == ["BE", "FR", "US"]
    assert {
        (rate.zone.code, rate.price)
        for rate in SellerZoneRate.objects.filter(seller=potter)
    } == {("europe", Decimal("150.00")), ("amerique-du-nord", Decimal("320.00"))}
    # The other shop's settings are untouched.
    assert not SellerShipping.objects.filter(seller=weaver).exists()
    page = _as(potter).get("/en/seller/shipping/")
    assert page.context["form"]["carrier"].value() == carriers["amana"].pk
    assert (
        _as(weaver).get("/en/seller/shipping/").context["form"]["carrier"].value()
        is None
    )


def test_a_country_abroad_needs_a_price_for_its_zone(two_shops):
    potter, weaver, carriers = two_shops

    response = _as(potter).post(
        "/en/seller/shipping/", {"carrier": "", "countries": ["FR"]}
    )

    assert response.status_code == 400
    assert "Give a price to ship to France." in response.content.decode()
    assert not SellerShipping.objects.exists()


def test_prices_and_countries_are_bounded(two_shops):
    potter, weaver, carriers = two_shops

    response = _as(potter).post(
        "/en/seller/shipping/",
        {"countries": ["FR", "XX"], "rate_europe": "1000000"},
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert "countries" in form.errors and "rate_europe" in form.errors


def test_a_seller_changes_only_its_own_shipping(two_shops):
    potter, weaver, carriers = two_shops
    seller_ships(weaver, countries="FR", abroad={"europe": "200.00"})

    # The page always acts on the signed-in user's shop: nothing names
    # another shop, so the weaver's settings cannot be reached.
    _as(potter).post(
        "/en/seller/shipping/",
        {"countries": ["ES"], "rate_europe": "90.00", "seller": weaver.pk},
    )

    assert SellerShipping.objects.get(seller=weaver).country_list == ["FR"]
    assert SellerZoneRate.objects.get(seller=weaver).price == Decimal("200.00")
    assert SellerShipping.objects.get(seller=potter).country_list == ["ES"]


def test_a_shopper_has_no_shipping_settings_page(two_shops):
    client = Client()
    assert client.get("/en/seller/shipping/").status_code == 302  # sign in


def test_the_product_page_says_whether_its_shop_ships_to_the_chosen_country(
    two_shops,
):
    potter, weaver, carriers = two_shops
    seller_ships(potter, countries="FR BE", abroad={"europe": "150.00"})
    tajine = make_product(potter, price="300.00")
    rug = make_product(weaver, price="900.00")
    visitor = Client()

    # Before any choice: Morocco, where every shop ships.
    answer = visitor.get(f"/en/shipping/ships-to/{rug.pk}/").json()
    assert answer == {"country": "MA", "ships": True, "message": "Ships to Morocco."}

    response = visitor.post(
        "/en/shipping/country/",
        {"country": "BE", "next": tajine.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response["Location"] == tajine.get_absolute_url()
    assert visitor.cookies[settings.SHIPPING_COUNTRY_COOKIE].value == "BE"

    assert visitor.get(f"/en/shipping/ships-to/{tajine.pk}/").json()["ships"]
    answer = visitor.get(f"/en/shipping/ships-to/{rug.pk}/").json()
    assert answer["ships"] is False
    assert answer["message"] == "This artisan does not ship to Belgium."
    # The country named in the page's language.
    answer = visitor.get(f"/fr/shipping/ships-to/{tajine.pk}/").json()
    assert "Belgique" in answer["message"]


def test_a_country_outside_the_list_or_a_foreign_next_is_refused(two_shops):
    visitor = Client()

    assert visitor.post("/en/shipping/country/", {"country": "ZZ"}).status_code == 400
    response = visitor.post(
        "/en/shipping/country/", {"country": "FR", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_cached_product_page_is_the_same_whatever_the_country(two_shops, settings):
    potter, weaver, carriers = two_shops
    seller_ships(potter, countries="FR", abroad={"europe": "150.00"})
    tajine = make_product(potter, price="300.00")
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    cache.clear()
    url = tajine.get_absolute_url()

    first = Client().get(url)
    second = Client().get(url)

    assert second.get(HIT_HEADER) == "hit"
    html = second.content.decode()
    assert 'id="ships-to"' in html
    assert f'data-url="/fr/shipping/ships-to/{tajine.pk}/"' in html
    # No answer in the page: the script asks for the visitor's own.
    assert "ships-to-yes" not in html and "ships-to-no" not in first.content.decode()
    cache.clear()

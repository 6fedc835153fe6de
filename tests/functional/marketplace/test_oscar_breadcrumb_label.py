"""Oscar's pages announce their breadcrumb in the page's language.

Oscar writes `aria-label="breadcrumb"` in English in each page's own block;
`marketplace.oscar_templates.Loader` serves its templates with the project's
translated "Breadcrumb" instead. Checked on the pages a shopper, a seller
and a chamber's or the marketplace's staff reach through Oscar's templates.
"""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Origin, Template, engines
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from marketplace.oscar_templates import (
    ENGLISH_LABEL,
    OSCAR_TEMPLATES,
    TRANSLATED_LABEL,
    Loader,
    translate_labels,
)
from tests.factories import UserFactory, chamber_user
from tests.integration.checkout.shop import checkout, make_product, make_seller
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db

WishList = get_model("wishlists", "WishList")
Order = get_model("order", "Order")
Category = get_model("catalogue", "Category")


def oscar_templates_with_the_label() -> list[str]:
    return sorted(
        str(path.relative_to(OSCAR_TEMPLATES))
        for path in OSCAR_TEMPLATES.rglob("*.html")
        if ENGLISH_LABEL in path.read_text()
    )


def served(name: str, directory=OSCAR_TEMPLATES) -> str:
    """The text the project's loader serves for `name` found in `directory`."""
    engine = engines["django"].engine
    loader = Loader(engine)
    origin = Origin(name=str(directory / name), template_name=name, loader=loader)
    return loader.get_contents(origin)


def test_every_oscar_template_with_the_english_label_is_served_translated():
    names = oscar_templates_with_the_label()
    assert len(names) >= 80  # Oscar 4.2: 90, in shop, account and dashboard
    engine = engines["django"].engine
    for name in names:
        source = served(name)
        assert ENGLISH_LABEL not in source, name
        assert TRANSLATED_LABEL in source, name
        Template(source, engine=engine)  # compiles: `_()` needs no {% load %}


def test_the_label_is_read_in_the_active_language():
    engine = engines["django"].engine
    template = Template(translate_labels('<nav aria-label="breadcrumb">'), engine)
    with translation.override("ar"):
        arabic = gettext("Breadcrumb")
        assert template.render(Context()) == f'<nav aria-label="{arabic}">'
    assert arabic not in ("Breadcrumb", "breadcrumb")


def test_a_template_outside_oscar_is_served_as_written(tmp_path):
    # Only Oscar's own files are rewritten: the project's are its own.
    (tmp_path / "oscar").mkdir()
    (tmp_path / "oscar" / "mine.html").write_text('<nav aria-label="breadcrumb">')
    assert served("oscar/mine.html", tmp_path) == '<nav aria-label="breadcrumb">'


@pytest.fixture
def shop(django_db_blocker):
    seller = make_seller("Poterie Fassi")
    tajine = make_product(seller, price="100.00")
    category = Category.add_root(name="Poterie", slug="poterie")
    shopper = UserFactory(email="amina@example.ma", password="pw-shopper-123!")
    client = Client()
    client.force_login(shopper)
    response = checkout(client, [(tajine, 1)], signed_in=True, method="cod")
    assert response.status_code == 302, response
    order = Order.objects.get(user=shopper)
    wishlist = WishList.objects.create(
        owner=shopper, name="Cadeaux", visibility=WishList.PUBLIC
    )
    wishlist.add(tajine)
    return {
        "seller": seller,
        "tajine": tajine,
        "category": category,
        "shopper": shopper,
        "client": client,
        "order": order,
        "wishlist": wishlist,
    }


def crumbs_of(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        nav["aria-label"]
        for nav in soup.select("nav[aria-label]")
        if nav.select_one(".breadcrumb")
    ]


def assert_breadcrumb_in(code: str, url: str, response) -> None:
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    with translation.override(code):
        label = gettext("Breadcrumb")
    assert label != "breadcrumb"
    crumbs = crumbs_of(html)
    assert crumbs, url  # the page has its breadcrumb trail
    assert set(crumbs) == {label}, (url, crumbs)
    assert ENGLISH_LABEL not in html, url


@pytest.mark.parametrize("code", ["ar", "fr"])
def test_a_shoppers_pages_name_their_breadcrumb_in_the_page_language(code, shop):
    tajine, order, wishlist = shop["tajine"], shop["order"], shop["wishlist"]
    category = shop["category"]
    anonymous = [
        "/catalogue/",
        f"/catalogue/category/{category.slug}_{category.pk}/",
        f"/catalogue/{tajine.slug}_{tajine.pk}/",
        f"/catalogue/{tajine.slug}_{tajine.pk}/reviews/",
        "/search/?q=tajine",
        "/offers/",
        "/accounts/login/",
        "/password-reset/",
        f"/wishlists/{wishlist.key}/",
    ]
    for path in anonymous:
        url = f"/{code}{path}"
        assert_breadcrumb_in(code, url, Client().get(url))
    signed_in = [
        "/basket/",
        "/accounts/profile/",
        "/accounts/orders/",
        f"/accounts/orders/{order.number}/",
        "/accounts/addresses/",
        "/accounts/addresses/add/",
        "/accounts/change-password/",
        "/accounts/wishlists/",
        f"/accounts/wishlists/{wishlist.key}/",
        "/accounts/wishlists/create/",
    ]
    client = shop["client"]
    for path in signed_in:
        url = f"/{code}{path}"
        assert_breadcrumb_in(code, url, client.get(url))


@pytest.mark.parametrize("code", ["ar", "fr"])
def test_staff_dashboard_pages_name_their_breadcrumb_in_the_page_language(code, shop):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    force_login_verified(client, staff)
    for path in (
        "/dashboard/catalogue/",
        "/dashboard/orders/",
        f"/dashboard/orders/{shop['order'].number}/",
        "/dashboard/offers/",
        "/dashboard/vouchers/",
        "/dashboard/vouchers/sets/",
        "/dashboard/partners/",
    ):
        url = f"/{code}{path}"
        assert_breadcrumb_in(code, url, client.get(url))


def assert_no_english_label(code: str, url: str, response) -> None:
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert ENGLISH_LABEL not in html, url
    with translation.override(code):
        label = gettext("Breadcrumb")
    assert set(crumbs_of(html)) <= {label}, url


@pytest.mark.parametrize("code", ["ar", "fr"])
def test_seller_and_chamber_pages_name_no_breadcrumb_in_english(code, shop):
    seller = shop["seller"]
    client = Client()
    force_login_verified(client, seller.owner)
    for path in (
        "/seller/",
        "/seller/orders/",
        "/seller/messages/",
        "/seller/returns/",
        "/seller/figures/",
    ):
        url = f"/{code}{path}"
        assert_no_english_label(code, url, client.get(url))

    chamber = Client()
    force_login_verified(chamber, chamber_user(seller.region.code))
    for path in ("/chamber/", "/chamber/sellers/", "/chamber/disputes/"):
        url = f"/{code}{path}"
        assert_no_english_label(code, url, chamber.get(url))

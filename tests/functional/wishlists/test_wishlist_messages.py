"""Oscar's wish list messages name the product in the page's language; a title
that falls back to another is marked with its `lang` and `dir` (issue 17),
and a title is text, never markup (`marketplace/customer/wishlists/views.py`).
Each shopper adds to, removes from and moves within their own lists only."""

import pytest
from bs4 import BeautifulSoup
from django.contrib import admin
from django.test import Client
from django.utils import translation
from oscar.core.loading import get_class, get_model

from marketplace.customer.wishlists import views
from tests.factories import UserFactory
from tests.integration.checkout.shop import make_product, make_seller
from tests.languages import unmarked

pytestmark = pytest.mark.django_db

WishList = get_model("wishlists", "WishList")
Line = get_model("wishlists", "Line")

FRENCH = "Tajine vernissé ocre"
ARABIC = "طاجين مزجج"
SCRIPT = "<script>alert('x')</script> Plat"
INDEX = "/ar/accounts/wishlists/"


@pytest.fixture
def shop():
    """Amina has two lists, Youssef one; a plate titled in French only, a
    tajine titled in Arabic too, a dish whose title holds a script."""
    potter = make_seller("Poterie Fassi")
    french_only = make_product(potter, price="300.00", title=FRENCH)
    both = make_product(potter, price="200.00", title="Tajine de Safi")
    both.title_ar = ARABIC
    both.save()
    script = make_product(potter, price="100.00", title=SCRIPT)
    amina, youssef = UserFactory(), UserFactory()
    clients = {}
    for name, user in (("amina", amina), ("youssef", youssef)):
        clients[name] = Client()
        clients[name].force_login(user)
    return {
        "french_only": french_only,
        "both": both,
        "script": script,
        "gifts": WishList.objects.create(owner=amina, name="Cadeaux"),
        "home": WishList.objects.create(owner=amina, name="Maison"),
        "his": WishList.objects.create(owner=youssef, name="Atelier"),
        "amina": clients["amina"],
        "youssef": clients["youssef"],
    }


def message_of(page):
    """The page's one flash message, its HTML parsed."""
    assert page.status_code == 200
    alerts = BeautifulSoup(page.content.decode(), "html.parser").select(
        "#messages .alertinner"
    )
    assert len(alerts) == 1, alerts
    return alerts[0]


def assert_marked_french(alert, title=FRENCH):
    span = alert.find("span", attrs={"lang": True})
    assert span is not None, alert
    assert (span["lang"], span["dir"], span.get_text()) == ("fr", "ltr", title)


def add(client, wishlist, product, *, follow=True, language="ar"):
    return client.post(
        f"/{language}/accounts/wishlists/{wishlist.key}/add/{product.pk}/",
        HTTP_REFERER=f"/{language}/accounts/wishlists/",
        follow=follow,
    )


def test_adding_a_french_only_product_marks_its_title(shop):
    page = add(shop["amina"], shop["gifts"], shop["french_only"])
    alert = message_of(page)
    assert_marked_french(alert)
    assert "قائمة الأمنيات" in alert.get_text()  # Oscar's words, in Arabic
    assert unmarked(page.content.decode(), [FRENCH]) == []
    assert shop["gifts"].lines.get().product == shop["french_only"]


def test_adding_to_the_first_list_marks_its_title_too(shop):
    """Oscar's other URL adds to the shopper's first list, then goes back to
    the page it came from (the product's by default)."""
    amina = shop["amina"]
    url = f"/ar/accounts/wishlists/add/{shop['french_only'].pk}/"
    response = amina.post(url)
    assert response.status_code == 302
    assert response["Location"] == shop["french_only"].get_absolute_url()
    assert_marked_french(message_of(amina.get(INDEX)))
    assert Line.objects.filter(
        wishlist__owner=shop["gifts"].owner, product=shop["french_only"]
    ).exists()


def test_an_arabic_title_is_shown_unmarked(shop):
    alert = message_of(add(shop["amina"], shop["gifts"], shop["both"]))
    assert ARABIC in alert.get_text()
    assert "Tajine de Safi" not in alert.get_text()
    assert alert.find(attrs={"lang": True}) is None


def test_an_english_page_marks_a_french_only_title_too(shop):
    alert = message_of(
        add(shop["amina"], shop["gifts"], shop["french_only"], language="en")
    )
    assert_marked_french(alert)
    assert "was added to your wish list" in alert.get_text()


def test_a_french_page_marks_nothing(shop):
    alert = message_of(
        add(shop["amina"], shop["gifts"], shop["french_only"], language="fr")
    )
    assert FRENCH in alert.get_text()
    assert alert.find(attrs={"lang": True}) is None
    assert "ajouté" in alert.get_text()


def test_a_title_holding_a_script_is_printed_as_text(shop):
    page = add(shop["amina"], shop["gifts"], shop["script"])
    html = page.content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html
    alert = message_of(page)
    assert alert.find("script") is None
    assert_marked_french(alert, SCRIPT)


def test_removing_a_product_marks_its_title_and_escapes_the_list_name(shop):
    amina, gifts = shop["amina"], shop["gifts"]
    gifts.name = "<b>Cadeaux</b>"
    gifts.save()
    gifts.add(shop["french_only"])
    line = gifts.lines.get()
    page = amina.post(
        f"/ar/accounts/wishlists/{gifts.key}/lines/{line.pk}/delete/", follow=True
    )
    assert page.redirect_chain[-1][0] == f"/ar/accounts/wishlists/{gifts.key}/"
    alert = message_of(page)
    assert_marked_french(alert)
    assert alert.find("b") is None and "<b>Cadeaux</b>" in alert.get_text()
    assert unmarked(page.content.decode(), [FRENCH]) == []
    assert not gifts.lines.exists()


def test_removing_from_the_product_page_goes_back_there(shop):
    """Oscar's: the product page's form posts by product and returns there."""
    amina, gifts, product = shop["amina"], shop["gifts"], shop["french_only"]
    gifts.add(product)
    with translation.override("ar"):
        product_page = f"http://testserver{product.get_absolute_url()}"
    response = amina.post(
        f"/ar/accounts/wishlists/{gifts.key}/products/{product.pk}/delete/",
        HTTP_REFERER=product_page,
    )
    assert response.status_code == 302
    assert response["Location"] == product_page
    assert_marked_french(message_of(amina.get(INDEX)))


def test_moving_a_product_marks_its_title(shop):
    amina, gifts, home = shop["amina"], shop["gifts"], shop["home"]
    gifts.add(shop["french_only"])
    line = gifts.lines.get()
    url = f"/ar/accounts/wishlists/{gifts.key}/lines/{line.pk}/move-to/{home.key}/"
    page = amina.get(url, follow=True)
    assert page.redirect_chain[-1][0] == f"/ar/accounts/wishlists/{gifts.key}/"
    alert = message_of(page)
    assert_marked_french(alert)
    assert "Maison" in alert.get_text()
    line.refresh_from_db()
    assert line.wishlist == home


def test_moving_to_a_list_that_holds_it_already_marks_its_title(shop):
    amina, gifts, home = shop["amina"], shop["gifts"], shop["home"]
    gifts.add(shop["french_only"])
    home.add(shop["french_only"])
    line = gifts.lines.get()
    url = f"/ar/accounts/wishlists/{gifts.key}/lines/{line.pk}/move-to/{home.key}/"
    alert = message_of(amina.get(url, follow=True))
    assert "alert-danger" in alert.parent["class"]
    assert_marked_french(alert)
    assert gifts.lines.count() == 1 and home.lines.count() == 1


def test_creating_a_list_with_a_product_marks_its_title(shop):
    amina = shop["amina"]
    url = f"/ar/accounts/wishlists/create/with-product/{shop['french_only'].pk}/"
    page = amina.post(
        url,
        {
            "name": "Pour maman",
            "visibility": WishList.PRIVATE,
            "shared_emails-TOTAL_FORMS": "0",
            "shared_emails-INITIAL_FORMS": "0",
            "shared_emails-MIN_NUM_FORMS": "0",
            "shared_emails-MAX_NUM_FORMS": "1000",
        },
        follow=True,
    )
    created = WishList.objects.get(name="Pour maman")
    assert created.owner == shop["gifts"].owner
    assert page.redirect_chain[-1][0] == created.get_absolute_url()
    assert_marked_french(message_of(page))
    assert created.lines.get().product == shop["french_only"]
    assert unmarked(page.content.decode(), [FRENCH]) == []


def test_creating_a_list_without_a_product_says_so_as_oscar_does(shop):
    page = shop["amina"].post(
        "/en/accounts/wishlists/create/",
        {
            "name": "Vide",
            "visibility": WishList.PRIVATE,
            "shared_emails-TOTAL_FORMS": "0",
            "shared_emails-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert message_of(page).get_text().strip() == "Your wishlist has been created"
    assert not WishList.objects.get(name="Vide").lines.exists()


def test_a_shopper_cannot_add_to_another_shoppers_list(shop):
    youssef, gifts = shop["youssef"], shop["gifts"]
    assert add(youssef, gifts, shop["french_only"], follow=False).status_code == 404
    assert not gifts.lines.exists()
    # His own list takes it.
    add(youssef, shop["his"], shop["french_only"])
    assert shop["his"].lines.get().product == shop["french_only"]


def test_a_shopper_cannot_remove_from_or_move_within_another_shoppers_list(shop):
    amina, youssef = shop["amina"], shop["youssef"]
    gifts, his = shop["gifts"], shop["his"]
    gifts.add(shop["french_only"])
    his.add(shop["both"])
    hers_line, his_line = gifts.lines.get(), his.lines.get()
    product = shop["french_only"]

    for url in (
        f"/ar/accounts/wishlists/{gifts.key}/lines/{hers_line.pk}/delete/",
        f"/ar/accounts/wishlists/{gifts.key}/products/{product.pk}/delete/",
    ):
        assert youssef.post(url).status_code == 404
    moves = (
        # Her line into his list; his line into her list.
        f"/ar/accounts/wishlists/{gifts.key}/lines/{hers_line.pk}/move-to/{his.key}/",
        f"/ar/accounts/wishlists/{his.key}/lines/{his_line.pk}/move-to/{gifts.key}/",
    )
    assert youssef.get(moves[0]).status_code == 404
    assert youssef.get(moves[1]).status_code == 404
    assert amina.get(moves[1]).status_code == 404
    hers_line.refresh_from_db()
    his_line.refresh_from_db()
    assert (hers_line.wishlist, his_line.wishlist) == (gifts, his)
    assert amina.get(INDEX).status_code == 200


def test_the_forked_account_app_serves_the_wish_list_views():
    for name in (
        "WishListAddProduct",
        "WishListCreateView",
        "WishListRemoveProduct",
        "WishListMoveProductToAnotherWishList",
    ):
        assert get_class("customer.wishlists.views", name) is getattr(views, name)
    # The others stay Oscar's.
    assert get_class("customer.wishlists.views", "WishListDetailView").__module__ == (
        "oscar.apps.customer.wishlists.views"
    )
    # Oscar's product alerts keep their admin page.
    assert admin.site.is_registered(get_model("customer", "ProductAlert"))

"""Countries read in the visitor's language on order and checkout pages.

Oscar's country rows hold one stored name (French in the demo: "Maroc"); the
pages show Babel's name in the page's language.
"""

import pytest
from django.test import Client
from django.utils import translation
from oscar.core.loading import get_class, get_model

from tests.factories import UserFactory
from tests.integration.checkout.shop import (
    checkout,
    checkout_to_preview,
    country_morocco,
    make_product,
    make_seller,
    place_order,
)
from tests.mfa import force_login_verified

Country = get_model("address", "Country")
Order = get_model("order", "Order")
ShippingAddressForm = get_class("checkout.forms", "ShippingAddressForm")

pytestmark = pytest.mark.django_db

MOROCCO = {"fr": "Maroc", "ar": "المغرب", "en": "Morocco"}


def _tajine():
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    return make_product(potter, price="300.00", title="Tajine vernissé")


def _address_shows(html: str, code: str) -> bool:
    """The address block's country line, in `code`'s name and no other."""
    others = [name for lang, name in MOROCCO.items() if lang != code]
    return f"{MOROCCO[code]}<br/>" in html and not any(
        f"{name}<br/>" in html for name in others
    )


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_preview_and_thank_you_pages_name_the_country_in_their_language(code):
    client = Client()
    checkout_to_preview(client, [(_tajine(), 1)])

    preview = client.get(f"/{code}/checkout/preview/").content.decode()
    place_order(client)
    thank_you = client.get(f"/{code}/checkout/thank-you/").content.decode()

    assert _address_shows(preview, code)
    assert _address_shows(thank_you, code)


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_shoppers_and_staffs_order_pages_name_the_country_in_their_language(
    code,
):
    shopper = Client()
    shopper.force_login(UserFactory())
    checkout(shopper, [(_tajine(), 1)], signed_in=True)
    order = Order.objects.get()
    staff = Client()
    force_login_verified(staff, UserFactory(is_staff=True, is_superuser=True))

    mine = shopper.get(f"/{code}/accounts/orders/{order.number}/").content.decode()
    detail = staff.get(f"/{code}/dashboard/orders/{order.number}/").content.decode()
    listing = staff.get(f"/{code}/dashboard/orders/").content.decode()

    assert _address_shows(mine, code)
    assert _address_shows(detail, code)
    assert f"Fès, 30000, {MOROCCO[code]}</td>" in listing
    assert Country.objects.get(pk="MA").printable_name == "Maroc"


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_address_forms_country_select_reads_in_the_page_language(code):
    Country.objects.create(
        iso_3166_1_a2="ES",
        iso_3166_1_a3="ESP",
        iso_3166_1_numeric="724",
        printable_name="Espagne",
        name="Royaume d'Espagne",
        is_shipping_country=True,
    )
    country_morocco()
    spain = {"fr": "Espagne", "ar": "إسبانيا", "en": "Spain"}

    with translation.override(code):
        labels = dict(ShippingAddressForm().fields["country"].choices)

    assert {str(key): label for key, label in labels.items()} == {
        "ES": spain[code],
        "MA": MOROCCO[code],
    }


UserAddress = get_model("address", "UserAddress")
UserAddressForm = get_class("address.forms", "UserAddressForm")
EGYPT = {"fr": "Égypte", "ar": "مصر", "en": "Egypt"}
GERMANY = {"fr": "Allemagne", "ar": "ألمانيا", "en": "Germany"}


def _countries():
    """Morocco, Egypt and Germany, stored under their French names."""
    country_morocco()
    for code, a3, number in (("EG", "EGY", "818"), ("DE", "DEU", "276")):
        name = {"EG": EGYPT, "DE": GERMANY}[code]["fr"]
        Country.objects.create(
            iso_3166_1_a2=code,
            iso_3166_1_a3=a3,
            iso_3166_1_numeric=number,
            printable_name=name,
            name=name,
            is_shipping_country=True,
        )


def _address_book_owner() -> Client:
    user = UserFactory()
    UserAddress.objects.create(
        user=user,
        first_name="Amina",
        last_name="Alaoui",
        line1="12 rue des Potiers",
        line4="Fès",
        postcode="30000",
        country_id="MA",
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_address_book_names_the_country_in_the_page_language(code):
    _countries()
    client = _address_book_owner()

    html = client.get(f"/{code}/accounts/addresses/").content.decode()

    assert _address_shows(html, code)


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_address_books_form_names_and_orders_countries_in_the_page_language(
    code,
):
    _countries()
    client = _address_book_owner()

    form = client.get(f"/{code}/accounts/addresses/add/").context["form"]
    labels = [label for value, label in form.fields["country"].choices if value]
    with translation.override(code):
        direct = [
            label
            for value, label in UserAddressForm(user=UserFactory())
            .fields["country"]
            .choices
            if value
        ]

    expected = {
        # Ordered by the page's names, accents ignored (Égypte among the E).
        "fr": ["Allemagne", "Égypte", "Maroc"],
        "ar": ["ألمانيا", "المغرب", "مصر"],
        "en": ["Egypt", "Germany", "Morocco"],
    }[code]
    assert labels == expected
    assert direct == expected


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_checkouts_saved_addresses_name_the_country_in_the_page_language(code):
    _countries()
    client = _address_book_owner()
    client.post(f"/fr/basket/add/{_tajine().pk}/", {"quantity": 1})

    html = client.get(f"/{code}/checkout/shipping-address/").content.decode()

    assert "12 rue des Potiers" in html
    assert f"<span>{MOROCCO[code]}</span>" in html
    others = [name for lang, name in MOROCCO.items() if lang != code]
    assert not any(f"<span>{name}</span>" in html for name in others)


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_a_country_put_first_by_staff_stays_first_whatever_its_name(code):
    """Oscar's display order comes before the name: the demo's Morocco (display
    order 10) is the first choice, the one a form shows when nothing is chosen
    (sorted by name alone, "Allemagne" was, and the checkout refused it)."""
    _countries()
    Country.objects.filter(iso_3166_1_a2="MA").update(display_order=10)
    client = _address_book_owner()

    form = client.get(f"/{code}/accounts/addresses/add/").context["form"]
    codes = [
        Country.objects.get(pk=value).iso_3166_1_a2
        for value, _label in form.fields["country"].choices
        if value
    ]
    assert codes[0] == "MA"
    assert sorted(codes[1:]) == ["DE", "EG"]

"""Basket lines mark a title shown in another language than the page's
(the line's description marks itself: Oscar's templates, not copied)."""

import pytest
from django.test import Client

from catalogue.models import Product
from tests.factories import UserFactory
from tests.integration.checkout.shop import fill_basket, make_product, make_seller

pytestmark = pytest.mark.django_db

FRENCH_ONLY = '<a href="{url}"><span lang="fr" dir="ltr">Tajine vernissé</span></a>'


@pytest.fixture
def basket():
    """A French-only title and one written in Arabic too, in one basket."""
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    lamp = make_product(potter, price="150.00", title="Lanterne en cuivre")
    Product.objects.filter(pk=lamp.pk).update(title_ar="فانوس نحاسي")
    client = Client()
    # Signed in: the mini basket in another page's header is a signed-in
    # shopper's (a visitor's header shows a count only: pagecache tests).
    client.force_login(UserFactory())
    fill_basket(client, [(tajine, 1), (lamp, 2)])
    return client, tajine, lamp


def test_an_arabic_basket_marks_the_french_title_in_the_basket_and_mini_basket(
    basket,
):
    client, tajine, lamp = basket

    # The basket's page, and the mini basket in another page's header.
    for path in ("/ar/basket/", "/ar/catalogue/"):
        html = client.get(path).content.decode()

        french = FRENCH_ONLY.format(url=tajine.get_absolute_url())
        assert html.count(french) == 1, path
        arabic = f'<a href="{lamp.get_absolute_url()}">فانوس نحاسي</a>'
        assert html.count(arabic) == 1, path


def test_a_french_basket_marks_nothing(basket):
    client, tajine, lamp = basket

    for path in ("/fr/basket/", "/fr/catalogue/"):
        html = client.get(path).content.decode()

        assert html.count('lang="fr" dir="ltr"') == 1  # the page's own <html>
        tajine_link = f'<a href="{tajine.get_absolute_url()}">Tajine vernissé</a>'
        lamp_link = f'<a href="{lamp.get_absolute_url()}">Lanterne en cuivre</a>'
        assert html.count(tajine_link) == 1, path
        assert html.count(lamp_link) == 1, path

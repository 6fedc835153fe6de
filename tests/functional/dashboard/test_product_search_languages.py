"""The dashboard's product list finds a title in any language, whatever the
language the dashboard is read in (modeltranslation alone searches the
active language's column)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ProductFactory, UserFactory
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_a_title_is_found_in_any_language(client, language):
    force_login_verified(client, UserFactory(is_staff=True, is_superuser=True))
    french = ProductFactory(title="Tapis vert de Taznakht")
    arabic = ProductFactory(title="Plat bleu", title_ar="طبق أزرق")
    other = ProductFactory(title="Lanterne de cuivre")
    assert not french.title_en and not french.title_ar

    with translation.override(language):
        url = reverse("dashboard:catalogue-product-list")

        def found(title):
            response = client.get(url, {"title": title})
            assert response.status_code == 200
            return {row.record.pk for row in response.context["products"].rows}

        assert found("Taznakht") == {french.pk}
        assert found("أزرق") == {arabic.pk}
        assert found("cuivre") == {other.pk}
        assert _description(client, url) == translation.gettext(
            "Product search results"
        )


def _description(client, url):
    return client.get(url, {"title": "cuivre"}).context["table"].caption

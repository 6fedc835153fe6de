"""Staff manage the marketplace's vocabulary in three languages: Oscar's
dashboard and the Django admin show each name's three fields."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from artisans.models import Region
from tests.factories import UserFactory
from tests.mfa import force_login_verified

Category = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")
Option = get_model("catalogue", "Option")

pytestmark = pytest.mark.django_db

NAMES = ["name_fr", "name_ar", "name_en"]


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    force_login_verified(client, user)
    return user


def _names(html: str, prefix: str = "") -> dict[str, tuple[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for field in soup.select("input, textarea"):
        name = field.get("name", "").removeprefix(prefix)
        found[name] = (field.get("lang", ""), field.get("dir", ""))
    return found


@pytest.mark.parametrize(
    "url_name, fields",
    [
        ("dashboard:catalogue-category-create", NAMES + ["description_ar"]),
        ("dashboard:catalogue-class-create", NAMES),
        ("dashboard:catalogue-option-create", NAMES),
    ],
)
def test_the_dashboards_forms_show_the_three_languages(client, staff, url_name, fields):
    html = client.get(reverse(url_name)).content.decode()
    found = _names(html)
    for name in fields:
        code = name[-2:]
        assert found[name] == (code, "rtl" if code == "ar" else "ltr"), name
    assert "name" not in found


def test_a_category_is_written_in_three_languages_in_the_dashboard(client, staff):
    response = client.post(
        reverse("dashboard:catalogue-category-create"),
        {
            "name_fr": "Poterie",
            "name_ar": "فخار",
            "name_en": "Pottery",
            "description_fr": "",
            "is_public": "on",
            "treebeard_position": "first-child",
            "treebeard_ref_node": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    category = Category.objects.get(slug="poterie")
    assert (category.name_fr, category.name_ar, category.name_en) == (
        "Poterie",
        "فخار",
        "Pottery",
    )


@pytest.mark.parametrize(
    "url_name, prefix, fields",
    [
        ("dashboard:catalogue-class-create", "attributes-0-", NAMES),
        (
            "dashboard:catalogue-attribute-option-group-create",
            "options-0-",
            ["option_fr", "option_ar", "option_en"],
        ),
    ],
)
def test_attributes_and_their_options_get_three_names(
    client, staff, url_name, prefix, fields
):
    html = client.get(reverse(url_name)).content.decode()
    found = _names(html)
    rows = {n.removeprefix(prefix): v for n, v in found.items() if n.startswith(prefix)}
    for name in fields:
        code = name[-2:]
        assert rows[name] == (code, "rtl" if code == "ar" else "ltr"), name


def test_the_admin_shows_the_three_languages(client, staff):
    category = create_from_breadcrumbs("Tissage")
    region = Region.objects.create(code="99", name="Essai", slug="essai")
    for url, fields in (
        (reverse("admin:catalogue_category_change", args=[category.pk]), NAMES),
        (reverse("admin:artisans_region_change", args=[region.pk]), NAMES),
        (reverse("admin:catalogue_material_add"), NAMES),
        (
            reverse("admin:catalogue_productclass_add"),
            NAMES,
        ),
    ):
        found = _names(client.get(url).content.decode())
        assert set(fields) <= set(found), (url, sorted(found))

"""Every number and text the seller's dashboard accepts is bounded: a value
the database column cannot hold is a form error, never a server error (10**23
overflows SQLite's integers, 2**31 PostgreSQL's; a NUL byte PostgreSQL's
text)."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.integration.catalogue import factories as f

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

HUGE = str(10**23)
INT_OVERFLOW = str(2**31)


@pytest.fixture
def seller(client):
    shop = f.seller()
    client.force_login(shop.owner)
    return shop


@pytest.fixture
def carpet():
    product_class = ProductClass.objects.create(
        name="Tapis bornes", slug="tapis-bornes", track_stock=True
    )
    product_class.attributes.create(
        code="knots_per_dm2", name="Nœuds au dm²", type="integer"
    )
    product_class.attributes.create(code="pile_mm", name="Velours (mm)", type="float")
    return product_class


def _data(product_class, **extra):
    data = {
        "product_class": product_class.pk,
        "source_language": "fr",
        "title_fr": "Tapis Azilal",
        "description_fr": "Laine naturelle",
        "technique_fr": "Noué main",
        "lead_time_days": "3",
        "stock-price": "1200.00",
        "stock-num_in_stock": "2",
    }
    data.update(extra)
    return data


OUT_OF_BOUNDS = [
    ("stock-num_in_stock", HUGE),
    ("stock-num_in_stock", INT_OVERFLOW),
    ("stock-num_in_stock", "-1"),
    ("stock-price", HUGE),
    ("stock-price", "-1"),
    ("weight_g", HUGE),
    ("weight_g", INT_OVERFLOW),
    ("weight_g", "-1"),
    ("length_cm", HUGE),
    ("width_cm", "-1"),
    ("lead_time_days", HUGE),
    ("lead_time_days", "40000"),
    ("lead_time_days", "-1"),
    ("attr_knots_per_dm2", HUGE),
    ("attr_knots_per_dm2", INT_OVERFLOW),
    ("attr_knots_per_dm2", str(-(2**31) - 1)),
    ("attr_pile_mm", "1e309"),
    ("title_fr", "x" * 10_000),
    ("title_ar", "x" * 10_000),
    ("technique_en", "x" * 10_000),
    ("description_fr", "x" * 100_000),
    ("description_ar", "x" * 100_000),
    ("care_instructions_en", "x" * 100_000),
]


@pytest.mark.parametrize("field, value", OUT_OF_BOUNDS)
def test_a_value_the_column_cannot_hold_is_a_form_error(
    client, seller, carpet, field, value
):
    products, records = Product.objects.count(), StockRecord.objects.count()

    response = client.post(
        reverse("sellerdash:product-create"), _data(carpet, **{field: value})
    )

    assert response.status_code == 200
    forms = [response.context["form"], response.context["stock_form"]]
    errors = {form.add_prefix(name) for form in forms for name in form.errors}
    assert field in errors
    assert Product.objects.count() == products
    assert StockRecord.objects.count() == records


def test_nul_bytes_in_a_form_post_are_dropped(client, seller, carpet):
    response = client.post(
        reverse("sellerdash:product-create"),
        _data(carpet, title_fr="Tapis\x00 Azilal", technique_fr="\x00Noué"),
    )

    assert response.status_code == 302
    product = Product.objects.get(seller=seller)
    assert (product.title, product.technique) == ("Tapis Azilal", "Noué")


def test_a_variant_refuses_an_integer_attribute_its_column_cannot_hold(
    client, seller, carpet
):
    client.post(reverse("sellerdash:product-create"), _data(carpet, has_variants="on"))
    parent = Product.objects.get(seller=seller)

    response = client.post(
        reverse("sellerdash:variant-create", args=[parent.pk]),
        {
            "variant-title": "Grand",
            "variant-price": "100",
            "variant-num_in_stock": INT_OVERFLOW,
            "variant-attr_knots_per_dm2": HUGE,
        },
    )

    assert response.status_code == 200
    errors = response.context["variant_form"].errors
    assert {"num_in_stock", "attr_knots_per_dm2"} <= set(errors)
    assert parent.children.count() == 0


def test_a_storefront_story_is_bounded(client, seller):
    response = client.post(reverse("sellerdash:storefront"), {"story": "x" * 10_000})

    assert response.status_code == 200
    assert "story" in response.context["form"].errors

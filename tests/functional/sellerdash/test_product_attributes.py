"""Product classes bring their own attributes to the seller's product forms."""

import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from tests.integration.catalogue import factories as f

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
AttributeOptionGroup = get_model("catalogue", "AttributeOptionGroup")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _french():
    """The pages are asked for in French (labels and "42,5" are French): not
    in whatever language an earlier test's request left active."""
    with translation.override("fr"):
        yield


_seq = itertools.count(1)


def _options(name, *labels):
    group = AttributeOptionGroup.objects.create(name=f"{name} {next(_seq)}")
    return group, [group.options.create(option=label) for label in labels]


@pytest.fixture
def jewel():
    """A jewellery class of its own (the demo's may exist in a reused DB)."""
    n = next(_seq)
    product_class = ProductClass.objects.create(
        name=f"Bijou {n}", slug=f"bijou-test-{n}", track_stock=True
    )
    metals, (silver, brass) = _options("Métal", "Argent 925", "Laiton doré")
    sizes, (small, large) = _options("Taille", "Petit", "Grand")
    attribute = product_class.attributes.create
    attribute(
        code="metal", name="Métal", type="option", option_group=metals, required=True
    )
    attribute(code="hallmark", name="Poinçon", type="boolean")
    attribute(code="silver_weight_g", name="Poids de métal (g)", type="float")
    attribute(code="stones", name="Pierres", type="text")
    attribute(code="ring_size", name="Taille", type="option", option_group=sizes)
    return {
        "class": product_class,
        "silver": silver,
        "brass": brass,
        "small": small,
        "large": large,
    }


@pytest.fixture
def carpet():
    n = next(_seq)
    product_class = ProductClass.objects.create(
        name=f"Tapis {n}", slug=f"tapis-test-{n}", track_stock=True
    )
    piles, _ = _options("Velours", "Ras", "Haut")
    product_class.attributes.create(
        code="pile", name="Hauteur du velours", type="option", option_group=piles
    )
    product_class.attributes.create(
        code="knots_per_dm2", name="Nœuds au dm²", type="integer"
    )
    return product_class


def _data(jewel, **extra):
    data = {
        "product_class": jewel["class"].pk,
        "source_language": "fr",
        "title_fr": "Fibule de Tiznit",
        "description_fr": "Argent ciselé",
        "lead_time_days": "3",
        "stock-price": "850.00",
        "stock-num_in_stock": "2",
        "attr_metal": jewel["silver"].pk,
        "attr_hallmark": "on",
        "attr_silver_weight_g": "42.5",
        "attr_stones": "Corail",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def seller(client):
    shop = f.seller()
    client.force_login(shop.owner)
    return shop


def test_new_product_starts_by_choosing_its_type(client, seller, jewel):
    response = client.get(reverse("sellerdash:product-create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="product_class"' in html and jewel["class"].name in html
    assert "attr_" not in html


def test_product_form_shows_the_attributes_of_its_class_only(
    client, seller, jewel, carpet
):
    url = reverse("sellerdash:product-create")
    html = client.get(url, {"product_class": jewel["class"].pk}).content.decode()
    for name in ("attr_metal", "attr_hallmark", "attr_silver_weight_g", "attr_stones"):
        assert f'name="{name}"' in html, name
    assert "Argent 925" in html and 'name="attr_pile"' not in html
    html = client.get(url, {"product_class": carpet.pk}).content.decode()
    assert 'name="attr_pile"' in html and 'name="attr_knots_per_dm2"' in html
    assert 'name="attr_metal"' not in html


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("attr_metal", None, "required"),
        ("attr_metal", "999999", "invalid_choice"),
        ("attr_silver_weight_g", "lourd", "invalid"),
    ],
)
def test_invalid_attribute_gives_a_field_error_and_saves_nothing(
    client, seller, jewel, field, value, code
):
    products, values = Product.objects.count(), ProductAttributeValue.objects.count()
    records = StockRecord.objects.count()
    response = client.post(
        reverse("sellerdash:product-create"), _data(jewel, **{field: value})
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()[field]] == [code]
    assert str(form.errors[field][0]) in response.content.decode()
    assert Product.objects.count() == products
    assert ProductAttributeValue.objects.count() == values
    assert StockRecord.objects.count() == records


def test_option_of_another_attribute_is_refused(client, seller, jewel):
    response = client.post(
        reverse("sellerdash:product-create"),
        _data(jewel, attr_metal=jewel["large"].pk),
    )
    assert response.context["form"].has_error("attr_metal", "invalid_choice")
    assert not Product.objects.filter(title="Fibule de Tiznit").exists()


def test_integer_attribute_refuses_a_decimal(client, seller, carpet):
    response = client.post(
        reverse("sellerdash:product-create"),
        {
            "product_class": carpet.pk,
            "source_language": "fr",
            "title_fr": "Tapis Azilal",
            "lead_time_days": "3",
            "stock-price": "900",
            "stock-num_in_stock": "1",
            "attr_knots_per_dm2": "12.5",
        },
    )
    assert response.context["form"].has_error("attr_knots_per_dm2", "invalid")
    assert not Product.objects.filter(title="Tapis Azilal").exists()


def test_valid_attributes_are_saved_and_shown_on_the_product_page(
    client, seller, jewel
):
    response = client.post(reverse("sellerdash:product-create"), _data(jewel))
    assert response.status_code == 302
    product = Product.objects.get(title="Fibule de Tiznit")
    assert product.product_class == jewel["class"]
    assert product.attr.metal == jewel["silver"]
    assert product.attr.hallmark is True
    assert product.attr.silver_weight_g == pytest.approx(42.5)
    assert product.attr.stones == "Corail"
    assert product.stockrecords.get().price == Decimal("850.00")
    client.post(reverse("sellerdash:product-publish", args=[product.pk]))
    html = client.get(product.get_absolute_url()).content.decode()
    for text in ("Métal", "Argent 925", "Poinçon", "Pierres", "Corail"):
        assert text in html, text
    assert "42,5" in html  # as French writes it


def test_edit_form_shows_saved_values_and_changes_them(client, seller, jewel):
    client.post(reverse("sellerdash:product-create"), _data(jewel))
    product = Product.objects.get(title="Fibule de Tiznit")
    url = reverse("sellerdash:product-edit", args=[product.pk])
    form = client.get(url).context["form"]
    assert form["attr_metal"].value() == jewel["silver"].pk
    assert form["attr_stones"].value() == "Corail"
    response = client.post(
        url,
        _data(
            jewel,
            product_class=None,
            attr_metal=jewel["brass"].pk,
            attr_hallmark=None,
            attr_stones="",
            **{"stock-price": "900"},
        ),
    )
    assert response.status_code == 302
    product = Product.objects.get(pk=product.pk)
    assert product.attr.metal == jewel["brass"]
    assert product.attr.hallmark is False
    assert not product.attribute_values.filter(attribute__code="stones").exists()
    assert product.stockrecords.get().price == Decimal("900")


def test_invalid_edit_changes_nothing(client, seller, jewel):
    client.post(reverse("sellerdash:product-create"), _data(jewel))
    product = Product.objects.get(title="Fibule de Tiznit")
    before = list(product.attribute_values.values_list("pk", "value_float"))
    response = client.post(
        reverse("sellerdash:product-edit", args=[product.pk]),
        _data(
            jewel,
            product_class=None,
            title="Autre titre",
            attr_silver_weight_g="beaucoup",
            **{"stock-price": "1"},
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("attr_silver_weight_g", "invalid")
    product = Product.objects.get(pk=product.pk)
    assert product.title == "Fibule de Tiznit"
    assert list(product.attribute_values.values_list("pk", "value_float")) == before
    assert product.stockrecords.get().price == Decimal("850.00")


def _parent(client, jewel):
    client.post(
        reverse("sellerdash:product-create"),
        _data(jewel, attr_metal=None, has_variants="on"),
    )
    return Product.objects.get(title="Fibule de Tiznit")


def test_product_with_variants_needs_no_attribute_its_variants_carry_them(
    client, seller, jewel
):
    parent = _parent(client, jewel)
    assert parent.is_parent and not parent.stockrecords.exists()
    assert parent.attr.stones == "Corail"
    response = client.post(
        reverse("sellerdash:variant-create", args=[parent.pk]),
        {
            "variant-title": "Grande",
            "variant-price": "990",
            "variant-num_in_stock": "1",
            "variant-attr_metal": jewel["silver"].pk,
            "variant-attr_ring_size": jewel["large"].pk,
        },
    )
    assert response.status_code == 302
    child = parent.children.get()
    assert child.attr.ring_size == jewel["large"]
    assert child.attr.metal == jewel["silver"]
    # Oscar reads what the variant does not set from its parent.
    assert child.attr.stones == "Corail"
    assert child.stockrecords.get().price == Decimal("990")
    html = client.get(reverse("sellerdash:product-edit", args=[parent.pk]))
    assert "Taille : Grand" in html.content.decode()


def test_variant_with_invalid_attributes_gives_field_errors_and_is_not_created(
    client, seller, jewel
):
    parent = _parent(client, jewel)
    response = client.post(
        reverse("sellerdash:variant-create", args=[parent.pk]),
        {
            "variant-title": "Petite",
            "variant-price": "800",
            "variant-num_in_stock": "1",
            "variant-attr_ring_size": jewel["silver"].pk,
        },
    )
    assert response.status_code == 200
    form = response.context["variant_form"]
    assert form.has_error("attr_metal", "required")
    assert form.has_error("attr_ring_size", "invalid_choice")
    assert str(form.errors["attr_metal"][0]) in response.content.decode()
    assert not parent.children.exists()


def test_seller_edits_a_variants_own_attributes(client, seller, jewel):
    parent = _parent(client, jewel)
    client.post(
        reverse("sellerdash:variant-create", args=[parent.pk]),
        {
            "variant-title": "Petite",
            "variant-price": "800",
            "variant-num_in_stock": "1",
            "variant-attr_metal": jewel["silver"].pk,
            "variant-attr_ring_size": jewel["small"].pk,
        },
    )
    child = parent.children.get()
    url = reverse("sellerdash:variant-edit", args=[child.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="attr_ring_size"' in html and 'name="price"' not in html
    # The parent's value, read by a variant that leaves the field empty.
    assert "Corail" in html
    response = client.post(
        url,
        {
            "title": "Petite (52)",
            "attr_metal": jewel["brass"].pk,
            "attr_ring_size": jewel["large"].pk,
            "attr_silver_weight_g": "oops",
        },
    )
    assert response.context["form"].has_error("attr_silver_weight_g", "invalid")
    child = Product.objects.get(pk=child.pk)
    assert child.attr.ring_size == jewel["small"] and child.title == "Petite"
    response = client.post(
        url,
        {
            "title": "Petite (52)",
            "attr_metal": jewel["brass"].pk,
            "attr_ring_size": jewel["large"].pk,
        },
    )
    assert response.status_code == 302
    child = Product.objects.get(pk=child.pk)
    assert child.title == "Petite (52)"
    assert (child.attr.metal, child.attr.ring_size) == (jewel["brass"], jewel["large"])
    assert child.stockrecords.get().price == Decimal("800")


def test_seller_b_cannot_see_or_change_seller_a_variant(client, jewel):
    a = f.seller()
    parent = f.product(
        seller_obj=a, variants=1, product_class=jewel["class"], title="Bague de A"
    )
    child = parent.children.get()
    child.attr.metal = jewel["silver"]
    child.attr.ring_size = jewel["small"]
    child.save()
    client.force_login(f.seller().owner)
    url = reverse("sellerdash:variant-edit", args=[child.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        {"title": "Volée", "attr_metal": jewel["brass"].pk},
    )
    assert response.status_code == 404
    # Nor through the parent's edit page, nor as a product of its own.
    edit = reverse("sellerdash:product-edit", args=[child.pk])
    assert client.post(edit, {"title": "Volée"}).status_code == 404
    child = Product.objects.get(pk=child.pk)
    assert child.title == "Bague de A 0"
    assert (child.attr.metal, child.attr.ring_size) == (jewel["silver"], jewel["small"])
    client.force_login(a.owner)
    assert client.get(url).status_code == 200


def test_seller_takes_a_variant_off_sale_and_back(client, seller, jewel):
    parent = _parent(client, jewel)
    client.post(reverse("sellerdash:product-publish", args=[parent.pk]))
    client.post(
        reverse("sellerdash:variant-create", args=[parent.pk]),
        {
            "variant-title": "Modèle Tafraout",
            "variant-price": "800",
            "variant-num_in_stock": "3",
            "variant-attr_metal": jewel["silver"].pk,
        },
    )
    child = parent.children.get()
    assert child.is_public
    assert "Modèle Tafraout" in client.get(parent.get_absolute_url()).content.decode()
    url = reverse("sellerdash:variant-edit", args=[child.pk])
    data = {"title": "Modèle Tafraout", "attr_metal": jewel["silver"].pk}
    assert client.post(url, data).status_code == 302
    child.refresh_from_db()
    assert not child.is_public
    assert list(parent.get_public_children()) == []
    html = client.get(parent.get_absolute_url()).content.decode()
    assert "Modèle Tafraout" not in html
    client.post(url, {**data, "is_public": "on"})
    child.refresh_from_db()
    assert child.is_public


def test_new_product_page_lets_a_product_with_variants_leave_attributes_empty(
    client, seller, jewel
):
    """A browser would refuse to send a `required` field left empty, though a
    product with variants needs none of its class's attributes."""
    url = reverse("sellerdash:product-create")
    form = client.get(url, {"product_class": jewel["class"].pk}).context["form"]
    assert form["attr_metal"].field.required
    assert "required" not in form["attr_metal"].build_widget_attrs({})

"""The demo's product classes have typed attributes, and its products values."""

import pytest
from oscar.core.loading import get_model

from marketplace.core import demo_data

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")

pytestmark = [pytest.mark.django_db, pytest.mark.demo, pytest.mark.embedded]


def _attributes(slug):
    product_class = ProductClass.objects.get(slug=slug)
    return {a.code: a for a in product_class.attributes.select_related("option_group")}


def test_carpets_and_jewellery_have_typed_attributes_with_options(demo):
    carpet = _attributes("tapis")
    assert {"size", "pile", "wool", "knots_per_dm2"} <= set(carpet)
    assert carpet["pile"].type == "option" and carpet["wool"].type == "option"
    assert carpet["knots_per_dm2"].type == "integer"
    assert list(carpet["pile"].option_group.options.values_list("option", flat=True))
    jewel = _attributes("bijou")
    assert jewel["metal"].type == "option" and jewel["metal"].required
    assert "Argent 925" in jewel["metal"].option_group.options.values_list(
        "option", flat=True
    )
    assert jewel["hallmark"].type == "boolean"


def test_seeded_products_have_valid_values(demo):
    carpets = Product.objects.filter(
        upc__startswith="DEMO-", product_class__slug="tapis"
    )
    assert carpets.exists()
    for carpet in carpets:
        pile = carpet.attr.pile
        assert pile.group_id == _attributes("tapis")["pile"].option_group_id
        assert carpet.attr.size == (
            f"{carpet.length_cm:.0f} × {carpet.width_cm:.0f} cm"
        )
        carpet.attr.validate_attributes()
    jewels = Product.objects.filter(
        upc__startswith="DEMO-", product_class__slug="bijou"
    )
    assert jewels.exists()
    for jewel in jewels:
        assert jewel.attr.metal is not None
        jewel.attr.validate_attributes()


def test_variants_carry_the_attribute_they_differ_by(demo):
    children = Product.objects.filter(
        upc__startswith="DEMO-", structure=Product.CHILD
    ).select_related("parent__product_class")
    assert children.exists()
    codes = set(demo_data.VARIANT_ATTRIBUTES.values())
    for child in children:
        (own,) = child.attribute_values.select_related("attribute", "value_option")
        assert own.attribute.code in codes
        assert own.value_option.option == child.upc.rsplit("-", 1)[-1]
        assert not child.parent.attribute_values.filter(
            attribute__code__in=codes
        ).exists()


def test_product_page_shows_the_attributes(client, demo):
    carpet = Product.objects.filter(
        upc__startswith="DEMO-", product_class__slug="tapis", is_public=True
    ).first()
    html = client.get(carpet.get_absolute_url()).content.decode()
    assert "Hauteur du velours" in html and carpet.attr.pile.option in html


def test_seeding_again_adds_no_attribute_value(demo):
    from marketplace.core.demo import demo_seed

    before = ProductAttributeValue.objects.count()
    created = demo_seed(products=60, sellers=24, log=lambda message: None)
    assert created.get("attribute values", 0) == 0
    assert ProductAttributeValue.objects.count() == before

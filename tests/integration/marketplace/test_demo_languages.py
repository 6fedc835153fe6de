"""The demo speaks three languages: most products and all the vocabulary."""

import re

import pytest
from oscar.core.loading import get_model

from artisans.models import Craft, Region

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Material = get_model("catalogue", "Material")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
AttributeOption = get_model("catalogue", "AttributeOption")

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

ARABIC = re.compile(r"[\u0600-\u06FF]")


def test_most_products_have_arabic_and_english_and_a_few_french_only(demo):
    products = list(
        Product.objects.filter(upc__startswith="DEMO-", parent=None).values(
            "title_fr", "title_ar", "title_en", "description_ar", "description_en"
        )
    )
    both = [p for p in products if p["title_ar"] and p["title_en"]]
    french_only = [p for p in products if not p["title_ar"] and not p["title_en"]]
    assert len(both) >= 0.8 * len(products)
    assert french_only and len(both) + len(french_only) == len(products)
    for product in both:
        assert ARABIC.search(product["title_ar"]) and ARABIC.search(
            product["description_ar"]
        )
        assert not ARABIC.search(product["title_en"])
        assert product["title_en"] != product["title_fr"]


@pytest.mark.parametrize(
    "model, field",
    [
        (Category, "name"),
        (Material, "name"),
        (Region, "name"),
        (ProductClass, "name"),
        (ProductAttribute, "name"),
    ],
)
def test_the_vocabulary_is_in_three_languages(demo, model, field):
    rows = list(model.objects.values(f"{field}_fr", f"{field}_ar", f"{field}_en"))
    assert rows
    for row in rows:
        french, arabic, english = row.values()
        assert french and english and ARABIC.search(arabic), row


def test_the_options_are_in_three_languages_but_numbers_and_sizes(demo):
    for option in AttributeOption.objects.all():
        if option.option_fr.isdigit() or option.option_fr in ("S", "M", "L"):
            continue
        assert ARABIC.search(option.option_ar) and option.option_en, option.option_fr


def test_the_registrys_trades_are_named_in_three_languages(demo):
    crafts = list(Craft.objects.all())
    assert len(crafts) == 10
    for craft in crafts:
        assert craft.label_fr and craft.label_en and ARABIC.search(craft.label_ar)

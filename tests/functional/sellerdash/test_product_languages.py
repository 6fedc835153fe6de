"""The seller writes a product's texts in three languages, side by side."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from oscar.core.loading import get_model

from tests.integration.catalogue import factories as f

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def _data(**extra):
    data = {
        "product_class": f.product_class().pk,
        "source_language": "ar",
        "title_ar": "زربية أزيلال",
        "description_ar": "صوف طبيعي",
        "lead_time_days": "3",
        "stock-price": "1200.00",
        "stock-num_in_stock": "2",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_shows_each_text_in_each_language_with_its_direction(client):
    seller = f.seller()
    client.force_login(seller.owner)
    product_class = f.product_class()
    response = client.get(
        "/en" + reverse("sellerdash:product-create").removeprefix("/fr"),
        {"product_class": product_class.pk},
    )
    soup = BeautifulSoup(response.content, "html.parser")
    columns = soup.select(".product-languages .product-language")
    assert [c.legend["lang"] for c in columns] == ["fr", "ar", "en"]
    for column, (code, direction) in zip(
        columns, [("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")], strict=True
    ):
        inputs = column.select("input, textarea")
        assert [i["name"] for i in inputs] == [
            f"{text}_{code}"
            for text in ("title", "description", "technique", "care_instructions")
        ]
        assert {(i["lang"], i["dir"]) for i in inputs} == {(code, direction)}
        # Each field has its label, and says its language to a screen reader.
        for field in inputs:
            assert column.find("label", attrs={"for": field["id"]}) is not None
        assert (
            inputs[0]["aria-label"]
            == {
                "fr": "Title (Français)",
                "ar": "Title (العربية)",
                "en": "Title (English)",
            }[code]
        )
    assert soup.select_one("select[name=source_language]") is not None


def test_a_product_in_arabic_only_is_created(client):
    seller = f.seller()
    client.force_login(seller.owner)
    response = client.post(reverse("sellerdash:product-create"), _data())
    assert response.status_code == 302
    product = Product.objects.get(seller=seller)
    assert (product.source_language, product.title_ar, product.title_fr) == (
        "ar",
        "زربية أزيلال",
        None,
    )
    assert product.description_ar == "صوف طبيعي"


def test_the_title_in_the_source_language_is_required(client):
    seller = f.seller()
    client.force_login(seller.owner)
    # Arabic first, but only a French and an English title: refused.
    response = client.post(
        reverse("sellerdash:product-create"),
        _data(title_ar=None, title_fr="Tapis Azilal", title_en="Azilal rug"),
    )
    assert response.status_code == 200
    assert "title_ar" in response.context["form"].errors
    assert not Product.objects.filter(seller=seller).exists()


def test_the_seller_edits_each_language_and_only_its_own(client):
    a, b = f.seller(), f.seller()
    mine = f.product(seller_obj=a, title_fr="Tapis", title_ar="زربية")
    theirs = f.product(seller_obj=b, title_fr="Plateau")
    client.force_login(a.owner)
    edit = reverse("sellerdash:product-edit", args=[mine.pk])
    response = client.post(
        edit,
        {
            "source_language": "fr",
            "title_fr": "Tapis Azilal",
            "title_ar": "زربية أزيلال",
            "title_en": "Azilal rug",
            "lead_time_days": "3",
            "stock-price": "100",
            "stock-num_in_stock": "5",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.title_fr, mine.title_ar, mine.title_en) == (
        "Tapis Azilal",
        "زربية أزيلال",
        "Azilal rug",
    )
    other = reverse("sellerdash:product-edit", args=[theirs.pk])
    assert client.post(other, {"title_en": "Taken"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title_en is None

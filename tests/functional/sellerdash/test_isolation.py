"""Seller B can neither see nor change anything of seller A's shop."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.integration.catalogue import factories as f

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops():
    a = f.seller(name="Atelier A")
    b = f.seller(name="Atelier B")
    product = f.product(seller_obj=a, title="Tapis de A", price=Decimal("500"))
    parent = f.product(seller_obj=a, title="Babouches de A", variants=2)
    image = f.image(product_obj=product)
    record = product.stockrecords.get()
    return {
        "a": a,
        "b": b,
        "product": product,
        "parent": parent,
        "variant": parent.children.first(),
        "image": image,
        "record": record,
    }


def _snapshot(shops):
    product = Product.objects.get(pk=shops["product"].pk)
    return (
        product.title,
        product.is_public,
        product.description,
        list(
            StockRecord.objects.filter(partner=shops["a"].partner)
            .order_by("pk")
            .values_list("price", "num_in_stock")
        ),
        list(
            ProductImage.objects.filter(product__seller=shops["a"])
            .order_by("pk")
            .values_list("pk", "display_order")
        ),
        Product.objects.filter(seller=shops["a"]).count(),
    )


def _urls(shops):
    p, parent = shops["product"].pk, shops["parent"].pk
    return [
        ("get", reverse("sellerdash:product-edit", args=[p]), {}),
        ("post", reverse("sellerdash:product-edit", args=[p]), {"title": "Pris"}),
        ("post", reverse("sellerdash:product-publish", args=[p]), {}),
        ("post", reverse("sellerdash:product-unpublish", args=[p]), {}),
        (
            "post",
            reverse("sellerdash:variant-create", args=[parent]),
            {"variant-title": "X", "variant-price": "1", "variant-num_in_stock": "1"},
        ),
        ("get", reverse("sellerdash:image-upload", args=[p]), {}),
        ("post", reverse("sellerdash:image-upload", args=[p]), {}),
        ("post", reverse("sellerdash:images-reorder", args=[p]), {"image": ["1"]}),
        ("post", reverse("sellerdash:image-delete", args=[shops["image"].pk]), {}),
        ("get", reverse("sellerdash:stock-edit", args=[shops["record"].pk]), {}),
        (
            "post",
            reverse("sellerdash:stock-edit", args=[shops["record"].pk]),
            {"price": "1", "num_in_stock": "0"},
        ),
        (
            "get",
            reverse(
                "sellerdash:stock-edit",
                args=[shops["variant"].stockrecords.get().pk],
            ),
            {},
        ),
    ]


def test_seller_b_gets_404_on_every_url_of_seller_a_and_changes_nothing(client, shops):
    client.force_login(shops["b"].owner)
    before = _snapshot(shops)
    for method, url, data in _urls(shops):
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (method, url, response.status_code)
    assert _snapshot(shops) == before


def test_seller_a_reaches_the_same_urls(client, shops):
    client.force_login(shops["a"].owner)
    for method, url, _data in _urls(shops):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_member_of_a_cooperative_works_on_its_shop(client, shops):
    member = f.user()
    shops["a"].partner.users.add(member)
    client.force_login(member)
    url = reverse("sellerdash:product-edit", args=[shops["product"].pk])
    assert client.get(url).status_code == 200


def test_seller_a_records_never_appear_in_seller_b_lists(client, shops):
    mine = f.product(seller_obj=shops["b"], title="Plateau de B")
    client.force_login(shops["b"].owner)
    response = client.get(reverse("sellerdash:index"))
    assert [p.pk for p in response.context["products"]] == [mine.pk]
    html = response.content.decode()
    assert "Tapis de A" not in html and "Babouches de A" not in html


def test_user_without_a_shop_is_refused_and_anonymous_sent_to_login(client, shops):
    response = client.get(reverse("sellerdash:index"))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(f.user())
    assert client.get(reverse("sellerdash:index")).status_code == 403


def test_seller_b_cannot_reorder_seller_a_photos_through_its_own_product(client, shops):
    mine = f.product(seller_obj=shops["b"])
    own = f.image(product_obj=mine)
    client.force_login(shops["b"].owner)
    before = _snapshot(shops)
    client.post(
        reverse("sellerdash:images-reorder", args=[mine.pk]),
        {"image": [str(shops["image"].pk), str(own.pk)]},
    )
    assert _snapshot(shops) == before
    assert ProductImage.objects.get(pk=shops["image"].pk).product_id == (
        shops["product"].pk
    )

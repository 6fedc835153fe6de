"""The seller orders a product's photos with buttons (no JavaScript needed)."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.integration.catalogue import factories as f

ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(client):
    seller = f.seller()
    product = f.product(seller_obj=seller, title="Plat de Fès")
    images = [f.image(product_obj=product, display_order=n) for n in range(3)]
    client.force_login(seller.owner)
    return {"seller": seller, "product": product, "images": images}


def _order(product):
    return list(product.images.values_list("pk", flat=True))


def _button_form(html, image, move):
    """The form a photo's button submits, as a browser would: its action
    and the fields it posts."""
    form_id = f"photo-{image.pk}-{move}"
    assert f'form="{form_id}"' in html, f"no {move} button for photo {image.pk}"
    match = re.search(
        rf'<form id="{form_id}"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', html, re.S
    )
    assert match, form_id
    action, body = match.groups()
    ids = re.findall(r'name="image" value="(\d+)"', body)
    return action, {"image": ids}


def _press(client, product, image, move):
    html = client.get(reverse("sellerdash:product-edit", args=[product.pk]))
    action, data = _button_form(html.content.decode(), image, move)
    response = client.post(action, data)
    assert response.status_code == 302


def test_first_photo_is_marked_main_and_cannot_move_up(client, shop):
    first, middle, last = shop["images"]
    url = reverse("sellerdash:product-edit", args=[shop["product"].pk])
    html = client.get(url).content.decode()
    assert f'form="photo-{first.pk}-up"' not in html
    assert f'form="photo-{first.pk}-main"' not in html
    assert f'form="photo-{last.pk}-down"' not in html
    assert f'form="photo-{middle.pk}-up"' in html
    assert f'form="photo-{middle.pk}-down"' in html


def test_move_up_and_down_buttons_reorder_the_photos(client, shop):
    product = shop["product"]
    first, middle, last = shop["images"]
    _press(client, product, last, "up")
    assert _order(product) == [first.pk, last.pk, middle.pk]
    _press(client, product, first, "down")
    assert _order(product) == [last.pk, first.pk, middle.pk]
    assert list(product.images.values_list("display_order", flat=True)) == [0, 1, 2]


def test_set_as_main_puts_the_photo_first_in_lists_and_on_the_page(client, shop):
    product, last = shop["product"], shop["images"][2]
    _press(client, product, last, "main")
    assert _order(product)[0] == last.pk
    listed = client.get(reverse("sellerdash:index")).context["products"]
    assert listed[0].primary_image().pk == last.pk
    page = client.get(product.get_absolute_url())
    assert page.context["product"].get_all_images()[0].pk == last.pk


def test_seller_b_cannot_press_seller_a_photo_buttons(client, shop):
    product = shop["product"]
    first, middle, last = shop["images"]
    html = client.get(reverse("sellerdash:product-edit", args=[product.pk]))
    action, data = _button_form(html.content.decode(), last, "main")
    client.force_login(f.seller().owner)
    assert client.post(action, data).status_code == 404
    assert _order(product) == [first.pk, middle.pk, last.pk]

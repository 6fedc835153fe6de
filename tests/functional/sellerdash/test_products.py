"""A seller creates, prices, publishes and illustrates its own products."""

import io
import os
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from oscar.core.loading import get_model
from PIL import Image

from artisans.models import Chamber, Seller
from tests.integration.catalogue import factories as f
from tests.mfa import force_login_verified

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db


def _product_data(**extra):
    data = {
        "product_class": f.product_class().pk,
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


def test_seller_creates_a_product_unpublished_with_its_price(client):
    seller = f.seller()
    client.force_login(seller.owner)
    response = client.post(reverse("sellerdash:product-create"), _product_data())
    assert response.status_code == 302
    product = Product.objects.get(title="Tapis Azilal")
    assert product.seller == seller and not product.is_public
    record = product.stockrecords.get()
    assert record.partner == seller.partner and record.price == Decimal("1200.00")


def test_verified_seller_publishes_and_unpublishes(client):
    seller = f.seller()
    product = f.product(seller_obj=seller, is_public=False)
    client.force_login(seller.owner)
    client.post(reverse("sellerdash:product-publish", args=[product.pk]))
    product.refresh_from_db()
    assert product.is_public
    assert client.get(product.get_absolute_url()).status_code == 200
    client.post(reverse("sellerdash:product-unpublish", args=[product.pk]))
    product.refresh_from_db()
    assert not product.is_public


def test_unverified_seller_sees_why_and_cannot_publish(client):
    seller = f.seller(status=Seller.Status.PENDING)
    product = f.product(seller_obj=seller, is_public=False)
    client.force_login(seller.owner)
    html = client.get(reverse("sellerdash:index")).content.decode()
    assert "seller-not-verified" in html
    client.post(reverse("sellerdash:product-publish", args=[product.pk]))
    product.refresh_from_db()
    assert not product.is_public


def test_seller_adds_variants_with_their_own_price_and_stock(client):
    seller = f.seller()
    client.force_login(seller.owner)
    client.post(reverse("sellerdash:product-create"), _product_data(has_variants="on"))
    parent = Product.objects.get(title="Tapis Azilal")
    assert parent.is_parent and not parent.stockrecords.exists()
    client.post(
        reverse("sellerdash:variant-create", args=[parent.pk]),
        {"variant-title": "2 x 3 m", "variant-price": "900", "variant-num_in_stock": 1},
    )
    child = parent.children.get()
    assert child.seller == seller
    record = child.stockrecords.get()
    assert record.partner == seller.partner and record.price == Decimal("900")
    client.post(
        reverse("sellerdash:stock-edit", args=[record.pk]),
        {"price": "950", "num_in_stock": "4"},
    )
    record.refresh_from_db()
    assert (record.price, record.num_in_stock) == (Decimal("950"), 4)


def test_seller_edits_its_storefront(client):
    seller = f.seller()
    client.force_login(seller.owner)
    logo = SimpleUploadedFile("logo.png", _image("PNG"), "image/png")
    response = client.post(
        reverse("sellerdash:storefront"),
        {
            "story": "Depuis 1960",
            "shipping_flat_rate": "40",
            "free_shipping_threshold": "1000",
            "logo": logo,
        },
    )
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.story == "Depuis 1960"
    assert seller.shipping_flat_rate == Decimal("40")
    assert seller.free_shipping_threshold == Decimal("1000")
    assert seller.logo.name.endswith(".png") and "logo" not in seller.logo.name[-12:]


def _image(image_format="JPEG", size=(50, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, image_format)
    return buffer.getvalue()


def _media_files():
    found = set()
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.join(root, name) for name in files)
    return found


def test_seller_uploads_and_orders_photos(client):
    seller = f.seller()
    product = f.product(seller_obj=seller)
    client.force_login(seller.owner)
    url = reverse("sellerdash:image-upload", args=[product.pk])
    for colour in ("first", "second"):
        photo = SimpleUploadedFile(f"{colour}.jpg", _image(), "image/jpeg")
        assert client.post(url, {"photo": photo}).status_code == 302
    first, second = product.images.order_by("display_order")
    assert not first.original.name.endswith("first.jpg")
    client.post(
        reverse("sellerdash:images-reorder", args=[product.pk]),
        {"image": [second.pk, first.pk]},
    )
    assert list(product.images.values_list("pk", flat=True)) == [second.pk, first.pk]
    client.post(reverse("sellerdash:image-delete", args=[second.pk]))
    assert list(product.images.values_list("pk", "display_order")) == [(first.pk, 0)]


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("photo.jpg", b"not an image at all", "invalid_image"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "invalid_image"),
        ("huge.jpg", b"\xff\xd8" + b"\0" * (12 * 1024 * 1024), "too_large"),
    ],
)
def test_refused_photo_shows_an_error_and_leaves_nothing(client, name, content, code):
    seller = f.seller()
    product = f.product(seller_obj=seller)
    client.force_login(seller.owner)
    before = _media_files()
    response = client.post(
        reverse("sellerdash:image-upload", args=[product.pk]),
        {"photo": SimpleUploadedFile(name, content, "image/jpeg")},
    )
    assert response.status_code == 400
    (error,) = response.context["photo_form"].errors.as_data()["photo"]
    assert error.code == code
    shown = escape(str(error.message) % (error.params or {}))
    assert shown in response.content.decode()
    assert not ProductImage.objects.filter(product=product).exists()
    assert _media_files() == before


def test_chamber_of_the_region_moderates_with_a_reason_the_seller_sees(client):
    seller = f.seller()
    product = f.product(seller_obj=seller)
    chamber, _ = Chamber.objects.get_or_create(
        region=seller.region, defaults={"name": "Chambre"}
    )
    officer = f.user()
    chamber.staff.add(officer)
    # Under /<lang>/chamber/: chamber staff give their second factor.
    force_login_verified(client, officer)
    client.post(
        reverse("sellerdash:moderate", args=[product.pk]),
        {"reason": "Photo d'un autre artisan"},
    )
    product.refresh_from_db()
    assert not product.is_public and product.is_moderated
    client.force_login(seller.owner)
    html = client.get(reverse("sellerdash:index")).content.decode()
    assert "Photo d&#x27;un autre artisan" in html
    client.post(reverse("sellerdash:product-publish", args=[product.pk]))
    product.refresh_from_db()
    assert not product.is_public


def test_other_regions_chamber_and_sellers_cannot_moderate(client):
    seller = f.seller()
    product = f.product(seller_obj=seller)
    elsewhere = f.region(code="01", name="Tanger")
    chamber, _ = Chamber.objects.get_or_create(
        region=elsewhere, defaults={"name": "Chambre Nord"}
    )
    officer = f.user()
    chamber.staff.add(officer)
    url = reverse("sellerdash:moderate", args=[product.pk])
    for user in (officer, f.seller().owner, seller.owner):
        force_login_verified(client, user)
        assert client.post(url, {"reason": "non"}).status_code == 403
    product.refresh_from_db()
    assert product.is_public and not product.is_moderated


def test_staff_moderates_any_product(client):
    product = f.product(seller_obj=f.seller())
    force_login_verified(client, f.user(is_staff=True))
    client.post(
        reverse("sellerdash:moderate", args=[product.pk]), {"reason": "Doublon"}
    )
    product.refresh_from_db()
    assert product.moderation_reason == "Doublon" and not product.is_public

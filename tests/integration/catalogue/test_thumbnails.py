"""Thumbnails are made at upload or by `generate_thumbnails`, never by a view."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from tests.integration.catalogue import factories as f

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
KVStore = get_model("thumbnail", "KVStore")

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_photo_saved_in_bulk_gets_thumbnails_from_the_command(client):
    Product.objects.update(is_public=False)  # only this test's product shows
    item = f.product(seller_obj=f.seller(), title="Photo en masse")
    name = default_storage.save("images/products/bulk.jpg", ContentFile(f.jpeg_bytes()))
    ProductImage.objects.bulk_create(  # no signal: as seed_demo does
        [ProductImage(product=item, original=name, display_order=0)]
    )
    before = KVStore.objects.count()
    call_command("generate_thumbnails", stdout=open("/dev/null", "w"))
    assert KVStore.objects.count() > before
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("catalogue:index"))
    assert "Photo en masse" in response.content.decode()
    assert [
        q["sql"] for q in ctx.captured_queries if q["sql"].upper().startswith(WRITES)
    ] == []


def test_uploaded_photo_gets_its_thumbnails_after_commit(
    django_capture_on_commit_callbacks,
):
    item = f.product(seller_obj=f.seller())
    before = KVStore.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        f.image(product_obj=item)
    # The source and each size of each format are recorded once.
    assert KVStore.objects.count() > before

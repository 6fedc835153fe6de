"""Photos and their thumbnails in S3-compatible object storage (SeaweedFS on
loopback, started by scripts/services.sh): written there, read back over
HTTP at the URL a page shows, nothing on the app server's disk."""

import io
import os
import secrets
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.utils.functional import empty
from PIL import Image
from sorl.thumbnail import default as sorl_default

from catalogue.services import product_image_add
from catalogue.thumbnails import thumbnail
from tests.factories import ProductFactory, SellerFactory

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


@pytest.fixture
def bucket(settings, tmp_path):
    endpoint = os.environ["TEST_S3_ENDPOINT_URL"]
    name = f"test-{secrets.token_hex(4)}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=os.environ["TEST_S3_ACCESS_KEY"],
        aws_secret_access_key=os.environ["TEST_S3_SECRET_KEY"],
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    settings.MEDIA_ROOT = str(tmp_path / "must-stay-empty")
    settings.MEDIA_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": endpoint,
                "access_key": os.environ["TEST_S3_ACCESS_KEY"],
                "secret_key": os.environ["TEST_S3_SECRET_KEY"],
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
                "addressing_style": "path",
            },
        },
    }
    sorl_default.storage._wrapped = empty
    yield client, name
    sorl_default.storage._wrapped = empty
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)


def _jpeg() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (180, 90, 40)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(8)}.jpg")


def _keys(client, name) -> set[str]:
    listing = client.list_objects_v2(Bucket=name)
    return {item["Key"] for item in listing.get("Contents", [])}


def test_a_photo_and_its_thumbnails_live_in_the_bucket(bucket, settings):
    client, name = bucket
    product = ProductFactory(seller=SellerFactory())
    image = product_image_add(product=product, photo=_jpeg())

    assert image.original.name in _keys(client, name)
    card = thumbnail(source=image.original, spec="card", image_format="WEBP")
    assert card.name in _keys(client, name)
    # The URL a page shows is the store's (or the CDN's): it serves the file.
    with urllib.request.urlopen(card.url, timeout=10) as response:
        assert response.status == 200
        assert Image.open(io.BytesIO(response.read())).size == (320, 320)
    # Nothing was written on this server's disk.
    assert not Path(settings.MEDIA_ROOT).exists()


def test_the_object_store_check_answers_readiness(bucket, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["object-store"] == "ok"

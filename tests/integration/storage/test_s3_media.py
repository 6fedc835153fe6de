"""Photos and their thumbnails in S3-compatible object storage (SeaweedFS on
loopback, started by scripts/services.sh): written there, read back over
HTTP at the URL a page shows, nothing on the app server's disk."""

import contextlib
import io
import json
import os
import re
import secrets
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

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


# A bucket of a test run killed half-way (its teardown never ran): nothing
# uses it after this long, and the store it fills lives as long as the
# services (scripts/services.sh removes such buckets when it starts the store).
LEFT_BEHIND = timedelta(hours=1)


def _client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["TEST_S3_ENDPOINT_URL"],
        aws_access_key_id=os.environ["TEST_S3_ACCESS_KEY"],
        aws_secret_access_key=os.environ["TEST_S3_SECRET_KEY"],
        region_name="us-east-1",
    )


def _remove_bucket(client, name: str) -> None:
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)


def _remove_left_behind(
    client, *, pattern: str = r"test-[0-9a-f]{8}", before: datetime | None = None
) -> list[str]:
    """Removes the tests' buckets made before `before` (an hour ago)."""
    before = before or datetime.now(UTC) - LEFT_BEHIND
    removed = []
    for found in client.list_buckets()["Buckets"]:
        if re.fullmatch(pattern, found["Name"]) and found["CreationDate"] < before:
            _remove_bucket(client, found["Name"])
            removed.append(found["Name"])
    return removed


def _volumes_of(collection: str) -> int:
    """The store's volumes holding this bucket (a bucket is a SeaweedFS
    collection); its master listens 3 ports below the S3 gateway
    (scripts/services.sh)."""
    endpoint = urlsplit(os.environ["TEST_S3_ENDPOINT_URL"])
    master = f"http://{endpoint.hostname}:{endpoint.port - 3}"
    with urllib.request.urlopen(f"{master}/vol/status", timeout=10) as response:
        status = json.load(response)
    return sum(
        volume["Collection"] == collection
        for racks in status["Volumes"]["DataCenters"].values()
        for nodes in racks.values()
        for volumes in nodes.values()
        for volume in volumes or []
    )


@pytest.fixture
def bucket(settings, tmp_path):
    endpoint = os.environ["TEST_S3_ENDPOINT_URL"]
    name = f"test-{secrets.token_hex(4)}"
    client = _client()
    _remove_left_behind(client)
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
    _remove_bucket(client, name)


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


def test_a_removed_bucket_gives_its_volumes_back_to_the_store():
    # The test store has room for a bounded number of volumes: a bucket the
    # tests remove must not keep one, or a long-lived store fills up.
    client = _client()
    name = f"test-{secrets.token_hex(4)}"
    client.create_bucket(Bucket=name)
    try:
        client.put_object(Bucket=name, Key="photo.jpg", Body=_jpeg().read())
        assert _volumes_of(name) >= 1
    finally:
        _remove_bucket(client, name)
    assert name not in {b["Name"] for b in client.list_buckets()["Buckets"]}
    assert _volumes_of(name) == 0


def test_a_bucket_a_killed_run_left_is_removed_by_the_next_one():
    client = _client()
    in_use = f"test-{secrets.token_hex(4)}"
    # Named apart, so that this test never removes another run's bucket.
    left = f"killed-{secrets.token_hex(4)}"
    try:
        client.create_bucket(Bucket=in_use)
        client.create_bucket(Bucket=left)
        client.put_object(Bucket=left, Key="photo.jpg", Body=b"x")
        # Another run's bucket, made a moment ago: kept.
        assert in_use not in _remove_left_behind(client)
        # Once old enough, removed with its objects and its volumes.
        later = datetime.now(UTC) + LEFT_BEHIND
        assert _remove_left_behind(
            client, pattern=r"killed-[0-9a-f]{8}", before=later
        ) == [left]
        names = {b["Name"] for b in client.list_buckets()["Buckets"]}
        assert in_use in names and left not in names
        assert _volumes_of(left) == 0
    finally:
        for name in (in_use, left):
            with contextlib.suppress(client.exceptions.NoSuchBucket):
                _remove_bucket(client, name)

"""Images a chamber editor uploads to Wagtail keep no EXIF: no GPS position.

Uploaded through Wagtail's admin, the single and the multiple upload, with a
real JPEG carrying a GPS position and an orientation; the original Wagtail
stores is read back with Pillow.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _phone_photo() -> bytes:
    """A 60 x 20 JPEG shot sideways (orientation 6), with where it was taken."""
    exif = Image.Exif()
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (31.0, 37.0, 48.0)
    gps[3] = "W"
    gps[4] = (8.0, 0.0, 12.0)
    exif[GPS_IFD] = gps
    exif[0x010F] = "PhoneMaker"
    exif[ORIENTATION] = 6
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "red").save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # it has GPS
    return data


def _assert_stored_without_metadata(image) -> None:
    with image.file.open("rb") as stored:
        original = Image.open(io.BytesIO(stored.read()))
    exif = original.getexif()
    assert not exif.get_ifd(GPS_IFD)
    assert not dict(exif)  # no EXIF at all: no device, no time either
    # The orientation is applied to the pixels, not left in a tag.
    assert original.size == (20, 60)
    assert (image.width, image.height) == (20, 60)
    assert image.file_size == image.file.size


def test_single_upload_stores_the_original_without_gps(client, admin_user):
    force_login_verified(client, admin_user)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Salon",
            "file": SimpleUploadedFile("salon.jpg", _phone_photo(), "image/jpeg"),
            "collection": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    _assert_stored_without_metadata(get_image_model().objects.get(title="Salon"))


def test_multiple_upload_stores_the_original_without_gps(client, admin_user):
    force_login_verified(client, admin_user)
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("fair.jpg", _phone_photo(), "image/jpeg")},
    )
    assert response.status_code == 200
    assert response.json()["success"] is True, response.json()
    _assert_stored_without_metadata(get_image_model().objects.get())

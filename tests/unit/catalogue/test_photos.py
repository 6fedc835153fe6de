"""Product photos are judged by decoding them, and cleaned before storing."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from catalogue.photos import MAX_BYTES, photo_clean


def _upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _image_bytes(image_format, size=(40, 30), **save):
    buffer = io.BytesIO()
    mode = "RGBA" if image_format == "PNG" else "RGB"
    Image.new(mode, size, "blue").save(buffer, image_format, **save)
    return buffer.getvalue()


def _png_header_claiming(width, height) -> bytes:
    """A tiny PNG whose header claims a huge image (a decompression bomb)."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _gps_exif(orientation=None):
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (31.0, 37.0, 48.0)
    exif[0x8825] = gps
    exif[0x010F] = "PhoneMaker"
    if orientation:
        exif[0x0112] = orientation
    return exif


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_under_a_server_made_name(image_format):
    photo = photo_clean(
        upload=_upload("../../etc/passwd.exe", _image_bytes(image_format))
    )
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    assert photo.name.endswith(f".{extension}")
    assert "passwd" not in photo.name and "/" not in photo.name
    assert len(photo.name) == 32 + 1 + len(extension)
    assert Image.open(io.BytesIO(photo.read())).format == image_format


def test_text_file_named_jpg_is_refused():
    with pytest.raises(ValidationError) as error:
        photo_clean(upload=_upload("photo.jpg", b"just some text, not a photo\n"))
    assert error.value.code == "invalid_image"


def test_truncated_jpeg_is_refused():
    data = _image_bytes("JPEG", size=(400, 300))
    with pytest.raises(ValidationError) as error:
        photo_clean(upload=_upload("photo.jpg", data[: len(data) // 2]))
    assert error.value.code == "invalid_image"


def test_20000_by_20000_png_is_refused_before_decoding(monkeypatch):
    decoded = []
    monkeypatch.setattr(
        ImageFile.ImageFile, "load", lambda self: decoded.append(self) or None
    )
    with pytest.raises(ValidationError) as error:
        photo_clean(upload=_upload("big.png", _png_header_claiming(20000, 20000)))
    assert error.value.code in ("too_many_pixels", "invalid_image")
    assert decoded == []


def test_40_megapixels_limit_is_checked_from_the_header(monkeypatch):
    decoded = []
    monkeypatch.setattr(
        ImageFile.ImageFile, "load", lambda self: decoded.append(self) or None
    )
    # 8000 x 5001 = 40.008 megapixels: under Pillow's own limit, over ours.
    with pytest.raises(ValidationError) as error:
        photo_clean(upload=_upload("big.png", _png_header_claiming(8000, 5001)))
    assert error.value.code == "too_many_pixels"
    assert decoded == []


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    with pytest.raises(ValidationError) as error:
        photo_clean(upload=_upload("logo.svg", svg, "image/svg+xml"))
    assert error.value.code == "invalid_image"


def test_12_mb_file_is_refused_without_being_read():
    content = _image_bytes("JPEG") + b"\0" * (12 * 1024 * 1024)
    upload = _upload("huge.jpg", content)
    assert upload.size > MAX_BYTES
    with pytest.raises(ValidationError) as error:
        photo_clean(upload=upload)
    assert error.value.code == "too_large"


def test_gif_is_refused_though_pillow_reads_it():
    with pytest.raises(ValidationError) as error:
        photo_clean(upload=_upload("anim.jpg", _image_bytes("GIF")))
    assert error.value.code == "bad_format"


def test_metadata_and_gps_are_stripped():
    data = _image_bytes("JPEG", exif=_gps_exif())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    photo = photo_clean(upload=_upload("gps.jpg", data))
    cleaned = Image.open(io.BytesIO(photo.read()))
    assert not cleaned.getexif()
    assert "exif" not in cleaned.info
    assert b"PhoneMaker" not in photo.read()


def test_exif_orientation_is_applied():
    # Stored 40 wide x 30 high, tagged "rotate 90°": shown 30 wide x 40 high.
    data = _image_bytes("JPEG", size=(40, 30), exif=_gps_exif(orientation=6))
    photo = photo_clean(upload=_upload("turned.jpg", data))
    assert Image.open(io.BytesIO(photo.read())).size == (30, 40)


def test_a_truncated_jpeg_is_refused_after_an_invoice_pdf_was_made():
    # WeasyPrint's import switches Pillow's LOAD_TRUNCATED_IMAGES on for the
    # whole process; the invoices' loader switches it back off.
    from marketplace.invoicing.documents import weasyprint_load

    weasyprint_load()
    data = _image_bytes("JPEG", size=(400, 300))
    with pytest.raises(ValidationError) as error:
        photo_clean(upload=_upload("photo.jpg", data[: len(data) // 2]))
    assert error.value.code == "invalid_image"

"""The catalogue by file in the seller's dashboard: check, import, the result
page and its report, the export; each shop sees only its own."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.sellerdash.models import CatalogueImport
from tests.factories import ProductClassFactory, UserFactory
from tests.integration.catalogue import factories as f
from tests.integration.sellerdash.catalogue_files import (
    SAMPLE,
    crafts,
    photo_bytes,
    zip_bytes,
)

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db

BAD_LINES = "BAD-PRICE;;Tapis;;;;poterie-et-ceramique;;zéro;1;;;;;;;no\n"


@pytest.fixture(autouse=True)
def _language_back():
    """A request to /en/ leaves English active in this thread: the next test
    must find the language it started with."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture
def shops():
    crafts()
    ProductClassFactory(slug="artisanat", name="Artisanat", track_stock=True)
    return f.seller(name="Coopérative A"), f.seller(name="Atelier B")


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"sellerdash:{name}", kwargs=kwargs or None)


def _upload(client, data: bytes, *, dry_run=True, photos: bytes | None = None):
    post = {"file": SimpleUploadedFile("catalogue.csv", data, "text/csv")}
    if dry_run:
        post["dry_run"] = "on"
    if photos is not None:
        post["photos"] = SimpleUploadedFile("photos.zip", photos, "application/zip")
    # The import runs in the task queue once the upload is committed (the
    # outbox, inline in tests as in the embedded default).
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(_url("catalogue-file"), post)


def test_the_dashboard_links_to_the_catalogue_by_file(client, shops):
    a, _b = shops
    client.force_login(a.owner)
    page = client.get(_url("index")).content.decode()
    assert _url("catalogue-file") in page
    page = client.get(_url("catalogue-file")).content.decode()
    assert _url("catalogue-export") in page
    assert 'name="dry_run"' in page and "checked" in page


def test_a_check_shows_each_rejected_line_and_changes_nothing(client, shops):
    a, _b = shops
    client.force_login(a.owner)
    data = SAMPLE.read_bytes() + BAD_LINES.encode()

    response = _upload(client, data)

    record = CatalogueImport.objects.get(seller=a)
    assert response.status_code == 302
    assert response["Location"] == _url("catalogue-import", pk=record.pk)
    assert not Product.objects.filter(seller=a).exists()
    assert (record.dry_run, record.created, record.rejected) == (True, 4, 1)
    page = client.get(response["Location"]).content.decode()
    assert "Dry run: nothing was changed" in page
    assert "<td>6</td><td>price</td>" in page
    assert _url("catalogue-import-report", pk=record.pk) in page


def test_an_import_creates_the_products_and_its_report_downloads(client, shops):
    a, _b = shops
    client.force_login(a.owner)
    data = SAMPLE.read_bytes() + BAD_LINES.encode()

    response = _upload(client, data, dry_run=False)

    record = CatalogueImport.objects.get(seller=a)
    assert Product.objects.filter(seller=a).count() == 4
    assert (record.dry_run, record.created, record.rejected) == (False, 4, 1)
    page = client.get(response["Location"]).content.decode()
    assert "The file was imported." in page
    report = client.get(_url("catalogue-import-report", pk=record.pk))
    assert report["Content-Type"].startswith("text/csv")
    assert "attachment" in report["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(report.content.decode())))
    assert rows[0] == ["line", "column", "reason"]
    assert [row[:2] for row in rows[1:]] == [["6", "price"]]


def test_the_photos_zip_is_uploaded_with_the_file(client, shops):
    a, _b = shops
    client.force_login(a.owner)
    data = (
        b"sku,title_fr,category,price,stock,images\n"
        b"A-1,Tajine,poterie-et-ceramique,390,2,tajine.jpg\n"
    )

    _upload(
        client, data, dry_run=False, photos=zip_bytes({"tajine.jpg": photo_bytes()})
    )

    assert Product.objects.get(seller=a, seller_sku="A-1").images.count() == 1


def test_a_large_upload_is_read_from_its_temporary_file(client, shops, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes to disk
    a, _b = shops
    client.force_login(a.owner)
    _upload(client, SAMPLE.read_bytes(), dry_run=False)
    assert Product.objects.filter(seller=a).count() == 4


def test_a_file_that_cannot_be_imported_is_a_form_error(client, shops):
    a, _b = shops
    client.force_login(a.owner)
    response = _upload(client, b"title_fr,price\nTapis,100\n")
    assert response.status_code == 400
    assert "sku" in response.content.decode()
    assert not CatalogueImport.objects.exists()


def test_the_upload_size_is_bounded(client, shops, monkeypatch):
    a, _b = shops
    client.force_login(a.owner)
    monkeypatch.setattr("marketplace.sellerdash.forms.MAX_FILE_BYTES", 10)
    response = _upload(client, SAMPLE.read_bytes())
    assert response.status_code == 400
    assert not CatalogueImport.objects.exists()


def test_the_export_downloads_the_whole_catalogue(client, shops):
    a, b = shops
    client.force_login(a.owner)
    _upload(client, SAMPLE.read_bytes(), dry_run=False)
    f.product(seller_obj=b, title="Tapis de B")

    response = client.get(_url("catalogue-export"))

    assert response["Content-Type"].startswith("text/csv")
    assert f"catalogue-{a.slug}-" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    assert text.count("\r\n") == 5
    assert "TAP-BO-01-L" in text and "Tapis de B" not in text


def test_seller_b_sees_neither_the_imports_nor_the_reports_of_seller_a(client, shops):
    a, b = shops
    client.force_login(a.owner)
    _upload(client, SAMPLE.read_bytes() + BAD_LINES.encode())
    record = CatalogueImport.objects.get(seller=a)

    client.force_login(b.owner)
    assert client.get(_url("catalogue-import", pk=record.pk)).status_code == 404
    report = _url("catalogue-import-report", pk=record.pk)
    assert client.get(report).status_code == 404
    assert record.file_name not in client.get(_url("catalogue-file")).content.decode()
    assert (
        "TAP-BO-01"
        not in b"".join(client.get(_url("catalogue-export")).streaming_content).decode()
    )


def test_only_a_seller_reaches_the_catalogue_by_file(client, shops):
    assert client.get(_url("catalogue-file")).status_code == 302  # sign in
    client.force_login(UserFactory())
    for name in ("catalogue-file", "catalogue-export"):
        assert client.get(_url(name)).status_code == 403
    response = client.post(
        _url("catalogue-file"),
        {"file": SimpleUploadedFile("c.csv", SAMPLE.read_bytes(), "text/csv")},
    )
    assert response.status_code == 403
    assert not Product.objects.exists()

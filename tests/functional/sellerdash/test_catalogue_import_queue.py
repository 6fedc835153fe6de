"""The dashboard's catalogue import runs in the task queue: the upload is
queued with its files (kept privately), the status page shows the progress
and refreshes itself, then the counts, the rejected lines and the report; a
failed import changes nothing, and a task run twice imports once."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from oscar.core.loading import get_model

from marketplace.sellerdash import services
from marketplace.sellerdash.catalogue_file import importing, reading
from marketplace.sellerdash.models import CatalogueImport
from marketplace.sellerdash.selectors import catalogue_import_progress_key
from marketplace.sellerdash.services import catalogue_import_run
from marketplace.sellerdash.tasks import catalogue_import_task
from tests.factories import ProductClassFactory
from tests.integration.catalogue import factories as f
from tests.integration.sellerdash.catalogue_files import SAMPLE, crafts

from .test_catalogue_file import BAD_LINES, _url

Product = get_model("catalogue", "Product")
Status = CatalogueImport.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops():
    crafts()
    ProductClassFactory(slug="artisanat", name="Artisanat", track_stock=True)
    cache.clear()
    return f.seller(name="Coopérative A"), f.seller(name="Atelier B")


def _post(client, data: bytes, *, dry_run=False):
    post = {"file": SimpleUploadedFile("catalogue.csv", data, "text/csv")}
    if dry_run:
        post["dry_run"] = "on"
    return client.post(_url("catalogue-file"), post)


def _private_files() -> list[Path]:
    return [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]


def test_the_upload_is_queued_then_imported_by_the_task(client, shops):
    a, b = shops
    client.force_login(a.owner)
    before = set(_private_files())
    with TestCase.captureOnCommitCallbacks() as callbacks:
        response = _post(client, SAMPLE.read_bytes() + BAD_LINES.encode())

    # Queued: nothing imported yet, the file kept privately, the page says so
    # and refreshes itself.
    record = CatalogueImport.objects.get(seller=a)
    assert response["Location"] == _url("catalogue-import", pk=record.pk)
    assert record.status == Status.QUEUED
    assert record.csv_file.name.startswith("catalogue-imports/")
    assert len(set(_private_files()) - before) == 1
    assert not Product.objects.filter(seller=a).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Your file is waiting to be imported." in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Rows read" not in page

    # Running: the progress the task keeps in the cache.
    CatalogueImport.objects.filter(pk=record.pk).update(status=Status.RUNNING)
    cache.set(catalogue_import_progress_key(record_id=record.pk), (2, 5))
    page = client.get(response["Location"]).content.decode()
    assert "Your file is being imported." in page
    assert '<progress class="catalogue-import-progress" max="5" value="2">' in page
    assert "2 of 5 rows read." in page
    # Another shop never sees it.
    client.force_login(b.owner)
    assert client.get(response["Location"]).status_code == 404
    client.force_login(a.owner)
    CatalogueImport.objects.filter(pk=record.pk).update(status=Status.QUEUED)

    for callback in callbacks:  # the outbox hands the import to the queue
        callback()

    record.refresh_from_db()
    assert record.status == Status.DONE and record.finished_at is not None
    assert (record.created, record.rejected) == (4, 1)
    assert Product.objects.filter(seller=a).count() == 4
    assert not record.csv_file  # the uploaded file is gone
    assert set(_private_files()) - before == set()
    assert cache.get(catalogue_import_progress_key(record_id=record.pk)) is None
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "The file was imported." in page
    assert "<td>6</td><td>price</td>" in page
    report = client.get(_url("catalogue-import-report", pk=record.pk))
    assert "6,price," in report.content.decode()

    # The task delivered twice (a retry): the import is not run again.
    assert catalogue_import_run(import_id=record.pk) is None
    catalogue_import_task.call(import_id=record.pk)
    assert Product.objects.filter(seller=a).count() == 4


def test_a_file_refused_by_the_import_fails_and_changes_nothing(
    client, shops, monkeypatch
):
    a, _b = shops
    client.force_login(a.owner)
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _post(client, SAMPLE.read_bytes())

    record = CatalogueImport.objects.get(seller=a)
    assert record.status == Status.FAILED
    assert "more than 2 rows" in record.error
    assert not Product.objects.filter(seller=a).exists()
    assert not record.csv_file
    page = client.get(response["Location"]).content.decode()
    assert "nothing was changed" in page and "more than 2 rows" in page


def test_an_error_half_way_leaves_nothing_half_written(client, shops, monkeypatch):
    a, _b = shops
    client.force_login(a.owner)
    real = importing._import_batch
    calls = []

    def second_batch_breaks(batch, context):
        calls.append(len(batch))
        if len(calls) == 2:  # the variants' pass, after the products'
            raise RuntimeError("disk full")
        return real(batch, context)

    monkeypatch.setattr(importing, "_import_batch", second_batch_breaks)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _post(client, SAMPLE.read_bytes())

    record = CatalogueImport.objects.get(seller=a)
    assert record.status == Status.FAILED
    assert calls == [2, 2]  # the products' batch was written, then undone
    assert not Product.objects.filter(seller=a).exists()
    page = client.get(response["Location"]).content.decode()
    assert "unexpected error: nothing was changed" in page


def test_a_header_without_sku_is_refused_at_once(client, shops):
    a, _b = shops
    client.force_login(a.owner)
    response = _post(client, b"title_fr,price\nTapis,100\n")
    assert response.status_code == 400
    assert not CatalogueImport.objects.exists()
    assert services.CatalogueImport.objects.count() == 0


def test_the_downloaded_report_keeps_a_quoted_cell_as_text(client, shops):
    a, _b = shops
    client.force_login(a.owner)
    data = b"sku,title_fr,category,price,stock\nX-1,Tapis,=cmd|' /C calc'!A0,10,1\n"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _post(client, data)
    record = CatalogueImport.objects.get(seller=a)
    assert record.rejected == 1
    report = client.get(_url("catalogue-import-report", pk=record.pk))
    cells = [row.split(",") for row in report.content.decode().splitlines()[1:]]
    assert not [c for row in cells for c in row if c[:1] in ("=", "+", "-", "@")]
    page = client.get(response["Location"]).content.decode()
    assert "<td>2</td><td>category</td>" in page

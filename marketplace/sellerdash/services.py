"""Writes of the seller's dashboard: the storefront, the catalogue's writes
a form saves together (all or nothing), and the catalogue by file, imported
in the task queue."""

import csv
import io
import logging
import uuid
from decimal import Decimal
from typing import BinaryIO

from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import services as catalogue
from marketplace.csvcells import row_neutralise
from marketplace.outbox.services import outbox_enqueue

from .catalogue_file.importing import catalogue_file_check, catalogue_import
from .catalogue_file.reading import CatalogueFileError
from .models import CatalogueImport
from .selectors import catalogue_import_progress_key
from .tasks import catalogue_import_task

logger = logging.getLogger(__name__)

STOREFRONT_FIELDS = (
    "story",
    "shipping_flat_rate",
    "free_shipping_threshold",
    "return_window_days",
    "made_to_order_returnable",
)


@transaction.atomic
def seller_storefront_update(
    *,
    seller,
    story: str,
    shipping_flat_rate: Decimal | None,
    free_shipping_threshold: Decimal | None,
    logo: ContentFile | None = None,
    banner: ContentFile | None = None,
    return_window_days: int | None = None,
    made_to_order_returnable: bool | None = None,
):
    """The public face of a shop: its story, pictures and shipping terms.

    `logo` and `banner` are photos already cleaned by `photo_clean`.
    """
    seller.story = story
    seller.shipping_flat_rate = shipping_flat_rate
    seller.free_shipping_threshold = free_shipping_threshold
    # The return policy: the law's 7 days or more; unchanged when not given.
    if return_window_days is not None:
        seller.return_window_days = return_window_days
    if made_to_order_returnable is not None:
        seller.made_to_order_returnable = made_to_order_returnable
    fields = list(STOREFRONT_FIELDS)
    for name, photo in (("logo", logo), ("banner", banner)):
        if photo is not None:
            getattr(seller, name).save(photo.name, photo, save=False)
            fields.append(name)
    seller.save(update_fields=fields)
    return seller


@transaction.atomic
def seller_product_create(
    *,
    seller,
    product_class,
    data: dict,
    categories,
    materials,
    attributes: dict,
    variants: bool,
    price: Decimal | None = None,
    num_in_stock: int | None = None,
):
    """A new product with its attribute values and, without variants, its
    price and stock; nothing is left behind if any part is refused."""
    product = catalogue.product_create(
        seller=seller,
        product_class=product_class,
        data=data,
        categories=categories,
        materials=materials,
        variants=variants,
        attributes=attributes,
    )
    if not variants:
        catalogue.stockrecord_set(
            product=product, price=price, num_in_stock=num_in_stock
        )
    return product


@transaction.atomic
def seller_product_update(
    *,
    product,
    data: dict,
    categories,
    materials,
    attributes: dict,
    price: Decimal | None = None,
    num_in_stock: int | None = None,
):
    """Save the product's form: fields, attribute values, price and stock."""
    catalogue.product_update(
        product=product,
        data=data,
        categories=categories,
        materials=materials,
        attributes=attributes,
    )
    if price is not None:
        catalogue.stockrecord_set(
            product=product, price=price, num_in_stock=num_in_stock
        )
    return product


REPORT_HEADER = ("line", "column", "reason")


Status = CatalogueImport.Status
# How long a running import's progress is kept (it is written again each batch).
PROGRESS_SECONDS = 3600


def catalogue_import_start(
    *,
    seller,
    user,
    csv_file: BinaryIO,
    file_name: str,
    zip_file: BinaryIO | None = None,
    dry_run: bool = True,
) -> CatalogueImport:
    """Queue the import (or, by default, the check) of a catalogue file: its
    header and ZIP are checked now (CatalogueFileError), its rows by the task
    queue (`catalogue_import_run`), which an embedded site runs in the same
    process once the response has gone. The files wait in the private
    storage."""
    catalogue_file_check(csv_file=csv_file, zip_file=zip_file)
    name = uuid.uuid4().hex
    with transaction.atomic():
        record = CatalogueImport(
            seller=seller,
            user=user,
            file_name=file_name[:255],
            dry_run=dry_run,
            status=Status.QUEUED,
        )
        record.csv_file.save(f"{name}.csv", File(csv_file), save=False)
        if zip_file is not None:
            record.zip_file.save(f"{name}.zip", File(zip_file), save=False)
        try:
            record.save()
            outbox_enqueue(task=catalogue_import_task, kwargs={"import_id": record.pk})
        except BaseException:
            _files_delete(record)
            raise
    return record


def catalogue_import_run(*, import_id: int) -> CatalogueImport | None:
    """Run a queued import: its rows are imported in one transaction (all or
    nothing, `catalogue_import`), its progress kept in the cache for the
    status page, its counts and report saved, its files deleted. A record
    already taken (a task run twice) is left alone: None."""
    taken = CatalogueImport.objects.filter(pk=import_id, status=Status.QUEUED).update(
        status=Status.RUNNING
    )
    if not taken:
        return None
    record = CatalogueImport.objects.select_related("seller").get(pk=import_id)
    key = catalogue_import_progress_key(record_id=record.pk)
    report = io.StringIO()
    writer = csv.writer(report, lineterminator="\n")
    writer.writerow(REPORT_HEADER)

    def progress(done: int, total: int) -> None:
        cache.set(key, (done, total), PROGRESS_SECONDS)

    try:
        with record.csv_file.open("rb") as csv_file:
            zip_file = record.zip_file.open("rb") if record.zip_file else None
            try:
                result = catalogue_import(
                    seller=record.seller,
                    csv_file=_binary(csv_file),
                    zip_file=_binary(zip_file) if zip_file is not None else None,
                    dry_run=record.dry_run,
                    # The report opens in a spreadsheet: a reason quoting a
                    # cell ("=…") stays text there (the page restores it).
                    on_problem=lambda line, column, reason: writer.writerow(
                        row_neutralise((line, column, reason))
                    ),
                    on_progress=progress,
                )
            finally:
                if zip_file is not None:
                    zip_file.close()
    except CatalogueFileError as error:
        record.status, record.error = Status.FAILED, str(error)
    except Exception:
        logger.exception("Catalogue import %s failed", record.pk)
        record.status = Status.FAILED
        record.error = _(
            "The import stopped on an unexpected error: nothing was changed. "
            "Try again, or write to us if it fails again."
        )
    else:
        record.status = Status.DONE
        record.rows, record.created = result.rows, result.created
        record.updated, record.unchanged = result.updated, result.unchanged
        record.rejected = result.rejected
        record.report = report.getvalue()
    record.finished_at = timezone.now()
    _files_delete(record)
    record.save()
    cache.delete(key)
    return record


def _binary(field_file):
    """The storage's own file object (a seekable binary file) under Django's
    File wrapper, as the import reads it (through io.TextIOWrapper)."""
    inner = field_file.file
    return getattr(inner, "file", inner)


def _files_delete(record: CatalogueImport) -> None:
    for field in (record.csv_file, record.zip_file):
        if field:
            field.delete(save=False)

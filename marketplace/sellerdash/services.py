"""Writes of the seller's dashboard: the storefront, and the catalogue's
writes a form saves together (all or nothing)."""

import csv
import io
from decimal import Decimal
from typing import BinaryIO

from django.core.files.base import ContentFile
from django.db import transaction

from catalogue import services as catalogue

from .catalogue_file.importing import catalogue_import
from .models import CatalogueImport

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


def seller_catalogue_import(
    *,
    seller,
    user,
    csv_file: BinaryIO,
    file_name: str,
    zip_file: BinaryIO | None = None,
    dry_run: bool = True,
) -> CatalogueImport:
    """Import (or, by default, only check) a catalogue file into `seller`'s
    catalogue and keep its counts and report of rejected lines.

    Raises CatalogueFileError when the file cannot be imported at all.
    """
    report = io.StringIO()
    writer = csv.writer(report, lineterminator="\n")
    writer.writerow(REPORT_HEADER)
    result = catalogue_import(
        seller=seller,
        csv_file=csv_file,
        zip_file=zip_file,
        dry_run=dry_run,
        on_problem=lambda line, column, reason: writer.writerow((line, column, reason)),
    )
    return CatalogueImport.objects.create(
        seller=seller,
        user=user,
        file_name=file_name[:255],
        dry_run=dry_run,
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        rejected=result.rejected,
        report=report.getvalue(),
    )

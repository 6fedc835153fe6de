"""Exporting a seller's whole catalogue in the import's own format.

One row per product and per variant (each variant right after its product),
in all three languages, so that the file exported, edited and imported again
changes exactly what was edited. Written in chunks of products with a fixed
number of queries each, to any text stream (a streamed HTTP response).

The `images` column names each product's photos, main first, by their
stored file names (`photos.photo_export_name`): imported again without a ZIP,
those names keep the photos as they are; a name the ZIP holds brings that
photo. A product without a sku of its own is written with `#<its number>`,
which the import reads back as that product. Every cell is neutralised
against spreadsheet formulas (`marketplace.csvcells`), which the import
undoes. Separator `;` and a byte-order mark, as a spreadsheet set to French
opens it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Q
from oscar.core.loading import get_model

from marketplace.csvcells import row_neutralise

from .importing import ProductMaterial, catalogue_vocabulary, sku_of
from .photos import photo_export_name
from .reading import COLUMNS

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

# The file's columns, in the contract's order.
EXPORT_COLUMNS = COLUMNS
EXPORT_CHUNK = 500
DELIMITER = ";"


class _Echo:
    def write(self, value: str) -> str:
        return value


def catalogue_export_lines(*, seller) -> Iterator[str]:
    """The seller's catalogue file, line by line (the first with the BOM)."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
    vocabulary = catalogue_vocabulary()
    category_paths = {pk: path for path, pk in vocabulary.categories.items()}
    material_slugs = {pk: slug for slug, pk in vocabulary.materials.items()}
    # Products before their variants, each family together.
    ids = list(
        Product.objects.filter(seller=seller, parent__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), EXPORT_CHUNK):
        chunk = ids[start : start + EXPORT_CHUNK]
        family = list(
            Product.objects.filter(seller=seller)
            .filter(Q(pk__in=chunk) | Q(parent_id__in=chunk))
            .order_by("pk")
        )
        pks = [product.pk for product in family]
        stock = {
            record.product_id: record
            for record in StockRecord.objects.filter(
                partner_id=seller.partner_id, product_id__in=pks
            )
        }
        crafts: dict[int, list[str]] = {}
        for product_id, category_id in ProductCategory.objects.filter(
            product_id__in=pks
        ).values_list("product_id", "category_id"):
            crafts.setdefault(product_id, []).append(category_paths[category_id])
        materials: dict[int, list[str]] = {}
        for product_id, material_id in ProductMaterial.objects.filter(
            product_id__in=pks
        ).values_list("product_id", "material_id"):
            materials.setdefault(product_id, []).append(material_slugs[material_id])
        images: dict[int, list[str]] = {}
        for product_id, name in (
            ProductImage.objects.filter(product_id__in=pks)
            .order_by("product_id", "display_order", "pk")
            .values_list("product_id", "original")
        ):
            images.setdefault(product_id, []).append(photo_export_name(name))
        by_pk = {product.pk: product for product in family}
        children: dict[int, list] = {}
        for product in family:
            if product.parent_id:
                children.setdefault(product.parent_id, []).append(product)
        for pk in chunk:
            product = by_pk[pk]
            for item in (product, *children.get(pk, ())):
                parent = product if item is not product else None
                row = _row(item, parent, stock, crafts, materials, images)
                yield writer.writerow(row_neutralise(row))


def _row(product, parent, stock, crafts, materials, images) -> list[str]:
    record = stock.get(product.pk)
    return [
        sku_of(product),
        sku_of(parent) if parent is not None else "",
        product.title_fr or "",
        product.title_ar or "",
        product.title_en or "",
        product.description_fr or "",
        product.description_ar or "",
        product.description_en or "",
        "|".join(sorted(crafts.get(product.pk, ()))),
        "|".join(sorted(materials.get(product.pk, ()))),
        _number(record.price) if record else "",
        str(record.num_in_stock) if record else "",
        "yes" if product.made_to_order else "no",
        str(product.lead_time_days),
        _number(product.length_cm),
        _number(product.width_cm),
        _number(product.height_cm),
        "" if product.weight_g is None else str(product.weight_g),
        product.technique_fr or "",
        "|".join(images.get(product.pk, ())),
        "yes" if product.is_public else "no",
    ]


def _number(value: Decimal | None) -> str:
    return "" if value is None else str(value)

"""Importing a seller's catalogue file into that seller's catalogue.

`catalogue_import` reads the file three times, streaming, and holds one
batch of rows at a time:

1. a scan: counts the rows (bounded), finds the skus that appear twice (the
   later row wins, the earlier ones are reported) and the skus rows name as
   their `parent_sku` (those rows are products with variants);
2. every row that is not a variant: products sold on their own and products
   with variants, so that
3. the variants (rows with a `parent_sku`) find their product, whether it
   came earlier in the file, later, or was already in the catalogue.

Each batch costs a fixed number of queries whatever its size: the shop's
products with the batch's skus, their stock, crafts, materials (and photos
when the file has an `images` column) are read at once, every row is checked
and compared in Python, and what changed is written with bulk statements.
A row is written only once every one of its values passed, so a line is all
or nothing; a product whose values equal the row's is left untouched (the
second import of a file changes nothing). Lookups are always within the
seller's own products: a sku of another shop is simply not found.

The import is one transaction; a dry run is the same work rolled back at the
end (and no photo is stored), so it reports exactly what the import would do.
Bulk writes send no `post_save`, so the search index and the page cache are
told once, for every product written, when the import commits.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from catalogue.prices import lowest_prices_refresh
from catalogue.signals import product_visibility_changed
from catalogue.thumbnails import thumbnails_generate
from marketplace.pagecache.pages import pages_forget

from .photos import PhotoArchive, digest_of_stored, photo_export_name
from .reading import (
    ID_SKU,
    MAX_FILE_BYTES,
    MAX_ROWS,
    CatalogueFileError,
    Line,
    Row,
    RowError,
    Vocabulary,
    catalogue_lines,
    open_catalogue_text,
    row_clean,
)

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
Material = get_model("catalogue", "Material")
StockRecord = get_model("partner", "StockRecord")
ProductMaterial = Product.materials.through

IMPORT_BATCH_SIZE = 500
# The product's own columns a row may set, by the model field they fill.
# The languages' columns (catalogue/translation.py); the file's `technique` is
# the French one, as its `title_fr` is the title a new product needs.
TEXT_FIELDS = (
    "title_fr",
    "title_ar",
    "title_en",
    "description_fr",
    "description_ar",
    "description_en",
    "technique_fr",
)
OTHER_FIELDS = (
    "made_to_order",
    "lead_time_days",
    "length_cm",
    "width_cm",
    "height_cm",
    "weight_g",
)
LEAD_TIME_DEFAULT = Product._meta.get_field("lead_time_days").default


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    dry_run: bool = False
    # Canonical ids (a variant counts as its product) of what was written.
    product_ids: set[int] = field(default_factory=set)


Problem = Callable[[int, str, str], None]


def sku_of(product) -> str:
    """The sku a product is known by in its shop's file."""
    return product.seller_sku or f"#{product.pk}"


def catalogue_vocabulary() -> Vocabulary:
    """Category paths (`tapis-et-tissage/tapis-berberes`) and material slugs,
    lower case, to ids: read once per import or export."""
    full: dict[str, str] = {}
    categories = {}
    step = Category.steplen
    for pk, path, slug in Category.objects.order_by("path").values_list(
        "pk", "path", "slug"
    ):
        parent = full.get(path[:-step])
        full[path] = f"{parent}/{slug}" if parent else slug
        categories[full[path].lower()] = pk
    materials = {
        slug.lower(): pk for pk, slug in Material.objects.values_list("pk", "slug")
    }
    return Vocabulary(categories=categories, materials=materials)


def _default_product_class():
    slug = settings.CATALOGUE_FILE_PRODUCT_CLASS
    product_class, _created = ProductClass.objects.get_or_create(
        slug=slug,
        defaults={"name": slug.capitalize(), "requires_shipping": True},
    )
    return product_class


def catalogue_file_check(*, csv_file: BinaryIO, zip_file: BinaryIO | None) -> None:
    """What can be told at once, before the import is queued: the file's size
    and header, the ZIP's bounds. Raises CatalogueFileError; reads no row."""
    csv_file.seek(0, os.SEEK_END)
    if csv_file.tell() > MAX_FILE_BYTES:
        raise CatalogueFileError(
            _("The file is larger than %(max)s MB.")
            % {"max": MAX_FILE_BYTES // (1024 * 1024)}
        )
    csv_file.seek(0)
    text = open_catalogue_text(csv_file)
    try:
        catalogue_lines(text)
    finally:
        text.detach()
    if zip_file is not None:
        PhotoArchive(zip_file)
        zip_file.seek(0)
    csv_file.seek(0)


def catalogue_import(
    *,
    seller,
    csv_file: BinaryIO,
    zip_file: BinaryIO | None = None,
    dry_run: bool = False,
    on_problem: Problem | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    batch_size: int = IMPORT_BATCH_SIZE,
) -> ImportResult:
    """Import `csv_file` (binary, seekable) into `seller`'s catalogue.

    Each rejected line is passed to `on_problem(line, column, reason)` (the
    column is "" when the whole line is refused); `on_progress(done, total)`
    follows the rows. With `dry_run` nothing is kept. Raises
    CatalogueFileError when the file (or the ZIP) cannot be imported at all;
    nothing is written then.
    """
    result = ImportResult(dry_run=dry_run)

    def problem(line: int, column: str, reason: str) -> None:
        result.rejected += 1
        if on_problem:
            on_problem(line, column, reason)

    csv_file.seek(0, os.SEEK_END)
    if csv_file.tell() > MAX_FILE_BYTES:
        raise CatalogueFileError(
            _("The file is larger than %(max)s MB.")
            % {"max": MAX_FILE_BYTES // (1024 * 1024)}
        )
    photos = PhotoArchive(zip_file) if zip_file is not None else None
    scan = _scan(csv_file)
    result.rows = scan.rows
    context = _Context(
        seller=seller,
        vocabulary=catalogue_vocabulary(),
        scan=scan,
        photos=photos,
        dry_run=dry_run,
        result=result,
        problem=problem,
    )
    done = 0
    try:
        with transaction.atomic():
            context.product_class = _default_product_class()
            for variants in (False, True):
                for batch in _batches(csv_file, variants, batch_size):
                    _import_batch(batch, context)
                    done += len(batch)
                    if on_progress:
                        on_progress(done, scan.rows)
            if dry_run:
                transaction.set_rollback(True)
            elif result.product_ids:
                ids = sorted(result.product_ids)
                # Once for the whole file: the search index queues one update
                # of these products, the cached pages go stale once.
                product_visibility_changed.send(sender=Product, product_ids=ids)
                transaction.on_commit(pages_forget)
            for name in context.old_photos:
                # Photos the file replaced: their files go once the rows have.
                transaction.on_commit(lambda name=name: default_storage.delete(name))
    except BaseException:
        for name in context.new_photos:
            default_storage.delete(name)
        raise
    return result


@dataclass
class _Scan:
    rows: int = 0
    # sku -> the line of its last row, for skus met more than once.
    last_line: dict[str, int] = field(default_factory=dict)
    parents: set[str] = field(default_factory=set)


def _scan(csv_file: BinaryIO) -> _Scan:
    scan = _Scan()
    csv_file.seek(0)
    text = open_catalogue_text(csv_file)
    try:
        _scan_lines(scan, catalogue_lines(text)[1])
    finally:
        text.detach()  # the caller's file stays open for the next reading
    return scan


def _scan_lines(scan: _Scan, lines: Iterator[Line]) -> None:
    # Hashes, not the skus: a 50,000-row file costs a set of integers. Two skus
    # with the same hash only mark a sku "repeated" that is met once: its one
    # line is then its last line, and nothing is reported.
    seen: set[int] = set()
    for line in lines:
        scan.rows += 1
        if scan.rows > MAX_ROWS:
            raise CatalogueFileError(
                _("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS}
            )
        if line.raw is None:
            continue
        sku = line.raw["sku"]
        key = hash(sku)
        if key in seen:
            scan.last_line[sku] = line.number
        seen.add(key)
        if line.raw.get("parent_sku"):
            scan.parents.add(line.raw["parent_sku"])


def _batches(csv_file, variants: bool, size: int) -> Iterator[list[Line]]:
    """The lines of one pass, `size` at a time; refused lines go with the
    first pass."""
    csv_file.seek(0)
    text = open_catalogue_text(csv_file)
    try:
        batch = []
        for line in catalogue_lines(text)[1]:
            is_variant = bool(line.raw and line.raw.get("parent_sku"))
            if is_variant != variants:
                continue
            batch.append(line)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch
    finally:
        text.detach()


@dataclass
class _Context:
    seller: object
    vocabulary: Vocabulary
    scan: _Scan
    photos: PhotoArchive | None
    dry_run: bool
    result: ImportResult
    problem: Problem
    product_class: object = None
    new_photos: list[str] = field(default_factory=list)
    old_photos: list[str] = field(default_factory=list)


@dataclass
class _Existing:
    """What the batch's rows may change, read once per batch."""

    products: dict[str, object]
    parents: dict[str, object]
    stock: dict[int, object]
    categories: dict[int, set[int]]
    materials: dict[int, set[int]]
    images: dict[int, list[object]]


@dataclass
class _Writes:
    new: list[tuple[object, Row]] = field(default_factory=list)
    changed: dict[int, object] = field(default_factory=dict)
    changed_fields: set[str] = field(default_factory=set)
    stock_new: list[tuple[object, object, int]] = field(default_factory=list)
    stock_changed: list[object] = field(default_factory=list)
    categories: list[tuple[object, list[int]]] = field(default_factory=list)
    materials: list[tuple[object, list[int]]] = field(default_factory=list)
    # (product, [stored names in order], [images to delete], [kept images])
    photos: list[tuple[object, list[str], list[object], list[object]]] = field(
        default_factory=list
    )


def _import_batch(lines: list[Line], context: _Context) -> None:
    rows = []
    for line in lines:
        if line.raw is None:
            context.problem(line.number, "", line.error)
            continue
        last = context.scan.last_line.get(line.raw["sku"])
        if last is not None and last != line.number:
            context.problem(
                line.number,
                "sku",
                _("%(sku)s appears again on line %(line)s; the later row wins")
                % {"sku": line.raw["sku"], "line": last},
            )
            continue
        try:
            rows.append(row_clean(line.number, line.raw, context.vocabulary))
        except RowError as error:
            context.problem(line.number, error.column, error.reason)
    if not rows:
        return
    images = any("images" in row.values for row in rows)
    existing = _read_existing(rows, context, images=images)
    writes = _Writes()
    for row in rows:
        try:
            _plan_row(row, existing, context, writes)
        except RowError as error:
            context.problem(row.line, error.column, error.reason)
    _write(writes, context)


def _by_sku(queryset, keys: Iterable[str]) -> dict[str, object]:
    keys = set(keys)
    skus = [key for key in keys if not ID_SKU.match(key)]
    ids = [int(match.group(1)) for key in keys if (match := ID_SKU.match(key))]
    found = queryset.filter(Q(seller_sku__in=skus) | Q(seller_sku="", pk__in=ids))
    return {sku_of(product): product for product in found}


def _read_existing(rows: list[Row], context: _Context, *, images: bool) -> _Existing:
    seller = context.seller
    own = Product.objects.filter(seller=seller)
    products = _by_sku(own.select_related("parent"), (row.sku for row in rows))
    parent_skus = {row.parent_sku for row in rows if row.parent_sku}
    parents = (
        _by_sku(own.filter(structure=Product.PARENT), parent_skus)
        if parent_skus
        else {}
    )
    pks = [product.pk for product in products.values()]
    stock = {
        record.product_id: record
        for record in StockRecord.objects.filter(
            partner_id=seller.partner_id, product_id__in=pks
        )
    }
    categories: dict[int, set[int]] = {}
    for product_id, category_id in ProductCategory.objects.filter(
        product_id__in=pks
    ).values_list("product_id", "category_id"):
        categories.setdefault(product_id, set()).add(category_id)
    materials: dict[int, set[int]] = {}
    for product_id, material_id in ProductMaterial.objects.filter(
        product_id__in=pks
    ).values_list("product_id", "material_id"):
        materials.setdefault(product_id, set()).add(material_id)
    photos: dict[int, list] = {}
    if images:
        for image in ProductImage.objects.filter(product_id__in=pks).order_by(
            "display_order", "pk"
        ):
            photos.setdefault(image.product_id, []).append(image)
    return _Existing(products, parents, stock, categories, materials, photos)


def _may_publish(context: _Context, product) -> bool:
    moderated = product.parent.is_moderated if product.parent_id else None
    return context.seller.is_verified and not (moderated or product.is_moderated)


def _plan_row(row: Row, existing: _Existing, context: _Context, writes: _Writes):
    """Check one row against the catalogue and note what it writes; raises
    RowError before noting anything."""
    values = row.values
    product = existing.products.get(row.sku)
    parent = None
    if row.parent_sku:
        parent = existing.parents.get(row.parent_sku)
        if parent is None:
            raise RowError(
                "parent_sku",
                _("%(sku)s is not a product with variants of your catalogue")
                % {"sku": row.parent_sku},
            )
    new = product is None
    if new:
        if ID_SKU.match(row.sku):
            raise RowError(
                "sku",
                _(
                    "%(sku)s: a sku of this form names a product of your shop by "
                    "its number, and none has it"
                )
                % {"sku": row.sku},
            )
        if parent is not None:
            structure = Product.CHILD
        elif row.sku in context.scan.parents:
            structure = Product.PARENT
        else:
            structure = Product.STANDALONE
        product = Product(
            seller=context.seller,
            seller_sku=row.sku,
            structure=structure,
            is_public=False,
        )
        if parent is not None:
            product.parent = parent
            product.region_id = parent.region_id
        else:
            product.product_class = context.product_class
            product.region_id = context.seller.region_id
    else:
        if row.parent_sku is not None:
            if product.is_child and not row.parent_sku:
                raise RowError(
                    "parent_sku",
                    _("a variant stays a variant: give its product's sku"),
                )
            if not product.is_child and row.parent_sku:
                raise RowError(
                    "parent_sku",
                    _("%(sku)s is a product of its own; it cannot become a variant")
                    % {"sku": row.sku},
                )
    is_child = product.structure == Product.CHILD
    is_parent = product.structure == Product.PARENT
    changed: set[str] = set()

    # Titles and the crafts: required where Oscar requires them.
    if "title_fr" in values and not values["title_fr"]:
        raise RowError("title_fr", _("required"))
    if new and not values.get("title_fr"):
        raise RowError("title_fr", _("required for a new product"))
    crafts = values.get("categories")
    if is_child:
        if crafts or values.get("materials"):
            raise RowError(
                "category" if crafts else "materials",
                _("a variant has its product's crafts and materials: leave empty"),
            )
        crafts = None
    elif new and not crafts:
        raise RowError("category", _("required for a new product"))

    # Price and stock: a variant or a product sold on its own has both, a
    # product with variants has neither (its variants have them).
    price, stock = values.get("price"), values.get("stock")
    record = None if new else existing.stock.get(product.pk)
    if is_parent:
        for column, value in (("price", price), ("stock", stock)):
            if value is not None:
                raise RowError(
                    column,
                    _("a product with variants is priced and stocked per variant"),
                )
    else:
        for column in ("price", "stock"):
            if column in values and values[column] is None:
                raise RowError(column, _("required for a product sold on its own"))
            if (
                record is None
                and (new or price is not None or stock is not None)
                and values.get(column) is None
            ):
                raise RowError(column, _("required for a product sold on its own"))

    for name in TEXT_FIELDS + OTHER_FIELDS:
        if name in values:
            value = values[name]
            if name == "lead_time_days" and value is None:
                value = LEAD_TIME_DEFAULT
            current = getattr(product, name)
            if name in TEXT_FIELDS:
                current = current or ""  # a language never written is NULL
            if current != value:
                setattr(product, name, value)
                changed.add(name)
    if "published" in values and _may_publish(context, product):
        if product.is_public != values["published"]:
            product.is_public = values["published"]
            changed.add("is_public")
    if parent is not None and product.parent_id != parent.pk:
        product.parent = parent
        changed.add("parent")

    stock_changed = False
    if not is_parent:
        if record is None:
            stock_changed = price is not None and stock is not None
        else:
            for name, value in (("price", price), ("num_in_stock", stock)):
                if value is not None and getattr(record, name) != value:
                    setattr(record, name, value)
                    stock_changed = True
    crafts_changed = crafts is not None and set(crafts) != existing.categories.get(
        product.pk, set()
    )
    materials = None if is_child else values.get("materials")
    materials_changed = materials is not None and set(
        materials
    ) != existing.materials.get(product.pk, set())
    photos = _plan_photos(row, product, new, existing, context)

    if new:
        product.slug = slugify(product.title_fr)[:255] or "produit"
        writes.new.append((product, row))
        context.result.created += 1
    elif changed or stock_changed or crafts_changed or materials_changed or photos:
        context.result.updated += 1
        if changed:
            writes.changed[product.pk] = product
            writes.changed_fields |= changed
    else:
        context.result.unchanged += 1
        return
    if stock_changed:
        if record is None:
            writes.stock_new.append((product, price, stock))
        else:
            writes.stock_changed.append(record)
    if crafts_changed:
        writes.categories.append((product, crafts))
    if materials_changed:
        writes.materials.append((product, materials))
    if photos:
        writes.photos.append((product, *photos))
    if not new:  # a new product has its id once written
        context.result.product_ids.add(product.parent_id or product.pk)


def _plan_photos(row, product, new, existing, context):
    """(stored names in order, images to delete, images kept) when the row's
    photos differ from the product's; None when they are the same."""
    names = row.values.get("images")
    if names is None:
        return None
    current = [] if new else existing.images.get(product.pk, [])
    # A name the ZIP holds is that photo; another name, one of the product's
    # photos as the export names them (kept as it is, no ZIP needed).
    by_name = {photo_export_name(image.original.name): image for image in current}
    photos = context.photos
    for name in names:
        if (photos is None or name not in photos) and name not in by_name:
            if photos is None:
                raise RowError(
                    "images",
                    _(
                        "%(name)s is not a photo of this product, and no ZIP of "
                        "photos was uploaded with the file"
                    )
                    % {"name": name},
                )
            photos.digest(name)  # raises: not in the ZIP
    have = {digest_of_stored(image.original.name): image for image in current}
    chosen = [
        have.get(photos.digest(name))
        if photos is not None and name in photos
        else by_name[name]
        for name in names
    ]
    if chosen == current:
        return None
    order: list = []
    for name, image in zip(names, chosen, strict=True):
        if image is not None:
            order.append(image)
            continue
        photo = context.photos.cleaned(name)
        if context.dry_run:
            order.append(photo.name)
            continue
        stored = default_storage.save(
            ProductImage._meta.get_field("original").generate_filename(
                None, photo.name
            ),
            photo,
        )
        context.new_photos.append(stored)
        order.append(stored)
    kept = [item for item in order if not isinstance(item, str)]
    removed = [image for image in current if image not in kept]
    return order, removed, kept


def _write(writes: _Writes, context: _Context) -> None:
    now = timezone.now()
    partner_id = context.seller.partner_id
    if writes.new:
        Product.objects.bulk_create([product for product, _row in writes.new])
        for product, _row in writes.new:
            context.result.product_ids.add(product.parent_id or product.pk)
    if writes.changed:
        for product in writes.changed.values():
            product.date_updated = now
        Product.objects.bulk_update(
            list(writes.changed.values()),
            sorted(writes.changed_fields | {"date_updated"}),
        )
    if writes.stock_new:
        StockRecord.objects.bulk_create(
            StockRecord(
                product_id=product.pk,
                partner_id=partner_id,
                partner_sku=f"P{product.pk}",
                price=price,
                price_currency="MAD",
                num_in_stock=stock,
            )
            for product, price, stock in writes.stock_new
        )
    if writes.stock_changed:
        for record in writes.stock_changed:
            record.date_updated = now
        StockRecord.objects.bulk_update(
            writes.stock_changed, ["price", "num_in_stock", "date_updated"]
        )
    if writes.stock_new or writes.stock_changed:
        # Written in bulk, without signals: what lists sort by price on.
        lowest_prices_refresh(
            [product.pk for product, _price, _stock in writes.stock_new]
            + [record.product_id for record in writes.stock_changed]
        )
    _links_replace(ProductCategory, "category_id", writes.categories)
    _links_replace(ProductMaterial, "material_id", writes.materials)
    if writes.photos and not context.dry_run:
        _photos_write(writes.photos, context)


def _links_replace(model, column: str, links) -> None:
    """Make each product's links exactly the given ids.

    `_raw_delete`: a plain delete would send post_delete for every link, and
    the search index would queue one update per product; the import tells it
    once for the whole file.
    """
    if not links:
        return
    stale = model.objects.filter(product_id__in=[product.pk for product, _ in links])
    stale._raw_delete(stale.db)
    model.objects.bulk_create(
        model(product_id=product.pk, **{column: pk})
        for product, ids in links
        for pk in ids
    )


def _photos_write(photos, context: _Context) -> None:
    removed = [image for _p, _order, gone, _kept in photos for image in gone]
    if removed:
        context.old_photos += [image.original.name for image in removed]
        stale = ProductImage.objects.filter(pk__in=[image.pk for image in removed])
        stale._raw_delete(stale.db)
    created, moved = [], []
    for product, order, _gone, _kept in photos:
        for position, item in enumerate(order):
            if isinstance(item, str):
                created.append(
                    ProductImage(
                        product_id=product.pk, original=item, display_order=position
                    )
                )
            elif item.display_order != position:
                item.display_order = position
                moved.append(item)
    if moved:
        ProductImage.objects.bulk_update(moved, ["display_order"])
    for image in ProductImage.objects.bulk_create(created):
        # As the catalogue's receiver does for a photo saved one by one.
        transaction.on_commit(
            lambda source=image.original: thumbnails_generate(source=source)
        )

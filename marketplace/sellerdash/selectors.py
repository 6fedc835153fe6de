"""Reads for the seller's dashboard, every one scoped to one seller."""

import csv
import io
from collections.abc import Iterator

from django.core.cache import cache
from django.db.models import F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from artisans.selectors import seller_for_user  # noqa: F401  (the one definition)
from marketplace.csvcells import cell_restore
from marketplace.sellerorders.selectors import parts_waiting_counts

from .models import CatalogueImport

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
StockRecord = get_model("partner", "StockRecord")


def seller_products(*, seller) -> QuerySet:
    """The seller's products (parents and standalones), newest first."""
    return (
        Product.objects.filter(seller=seller, parent__isnull=True)
        .select_related("product_class")
        .prefetch_related("images", "stockrecords", "children__stockrecords")
        .order_by("-date_created", "-pk")
    )


# The product list's filters, from the shop's home.
FILTER_OUT_OF_STOCK = "out-of-stock"
FILTER_MODERATED = "moderated"


def _out_of_stock(prefix: str) -> Q:
    """A stock record (through `prefix`) with nothing left to sell."""
    return Q(
        **{
            f"{prefix}stockrecords__num_in_stock__lte": Coalesce(
                F(f"{prefix}stockrecords__num_allocated"), Value(0)
            )
        }
    )


def seller_products_out_of_stock(*, seller) -> QuerySet:
    """Published products, not made to order, with a stock record (its own or
    a variant's) at nothing left to sell: shoppers cannot buy them."""
    return (
        Product.objects.filter(
            seller=seller, parent__isnull=True, is_public=True, made_to_order=False
        )
        .filter(_out_of_stock("") | _out_of_stock("children__"))
        .distinct()
    )


def seller_products_moderated(*, seller) -> QuerySet:
    """Products moderation unpublished: the seller reads why."""
    return Product.objects.filter(
        seller=seller, parent__isnull=True, moderated_at__isnull=False
    )


def seller_products_filtered(*, seller, name: str | None) -> QuerySet:
    """The product list, narrowed by one of the home's filters (else all)."""
    products = seller_products(seller=seller)
    if name == FILTER_OUT_OF_STOCK:
        ids = seller_products_out_of_stock(seller=seller).values("pk")
        return products.filter(pk__in=ids)
    if name == FILTER_MODERATED:
        return products.filter(moderated_at__isnull=False)
    return products


def shop_todo(*, seller) -> dict[str, int]:
    """What needs doing now, as counts (three queries, whatever the shop's
    size): orders to ship, cash-on-delivery orders awaiting the shopper's
    confirmation, published products out of stock, moderated products.
    "messages" stays None until the shop has messages to answer."""
    return {
        **parts_waiting_counts(seller=seller),
        "out_of_stock": seller_products_out_of_stock(seller=seller).count(),
        "moderated": seller_products_moderated(seller=seller).count(),
        "messages": None,
    }


def products_moderated_for(*, user) -> QuerySet:
    """The moderated products `user` may lift: all for marketplace staff, its
    regions' for a chamber's staff, none for anyone else."""
    products = Product.objects.filter(
        parent__isnull=True, moderated_at__isnull=False
    ).select_related("seller", "moderated_by")
    if user.is_staff:
        return products.order_by("-moderated_at")
    return products.filter(seller__region__chamber__staff=user).order_by(
        "-moderated_at"
    )


def seller_product(*, seller, pk: int):
    return Product.objects.filter(seller=seller, parent__isnull=True).get(pk=pk)


def seller_variant(*, seller, pk: int):
    return Product.objects.filter(
        seller=seller, parent__seller=seller, structure=Product.CHILD
    ).get(pk=pk)


def seller_stockrecord(*, seller, pk: int):
    return StockRecord.objects.select_related("product").get(
        pk=pk, partner=seller.partner, product__seller=seller
    )


def seller_image(*, seller, pk: int):
    return ProductImage.objects.select_related("product").get(
        pk=pk, product__seller=seller
    )


def product_variants(*, product) -> QuerySet:
    """The variants of one of the seller's products, with their stock and
    their own attribute values (not those they read from the parent)."""
    return product.children.order_by("pk").prefetch_related(
        "stockrecords",
        Prefetch(
            "attribute_values",
            queryset=ProductAttributeValue.objects.select_related(
                "attribute", "value_option"
            ).order_by("attribute__name"),
            to_attr="own_attribute_values",
        ),
    )


def photo_orders(*, images) -> list[dict]:
    """Each photo with the orders of photo ids its buttons post to the
    reorder endpoint: moved up, moved down, made the main (first) one.

    None where the move does nothing (the first cannot go up…).
    """
    ids = [image.pk for image in images]
    last = len(ids) - 1
    rows = []
    for index, image in enumerate(images):
        moves = {
            "up": _moved(ids, index, index - 1) if index > 0 else None,
            "down": _moved(ids, index, index + 1) if index < last else None,
            "main": _moved(ids, index, 0) if index > 0 else None,
        }
        rows.append(
            {
                "image": image,
                "is_main": index == 0,
                **moves,
                "moves": [
                    {"name": name, "order": order}
                    for name, order in moves.items()
                    if order is not None
                ],
            }
        )
    return rows


def _moved(ids: list[int], index: int, to: int) -> list[int]:
    order = ids[:index] + ids[index + 1 :]
    order.insert(to, ids[index])
    return order


def seller_catalogue_import(*, seller, pk: int) -> CatalogueImport:
    return CatalogueImport.objects.get(seller=seller, pk=pk)


def catalogue_import_progress_key(*, record_id: int) -> str:
    return f"sellerdash:catalogue-import:{record_id}:progress"


def catalogue_import_progress(*, record: CatalogueImport) -> dict | None:
    """A running import's rows done, of how many, and the percentage (the
    task writes them in the cache each batch); None once it is finished."""
    if record.finished:
        return None
    done, total = cache.get(catalogue_import_progress_key(record_id=record.pk), (0, 0))
    percent = 100 * done // total if total else 0
    return {"done": done, "total": total, "percent": percent}


def catalogue_import_problems(
    *, record: CatalogueImport, limit: int | None = None
) -> Iterator[tuple[str, str, str]]:
    """(line, column, reason) of each rejected line of an import's report."""
    rows = csv.reader(io.StringIO(record.report))
    next(rows, None)  # the header
    for count, row in enumerate(rows):
        if limit is not None and count >= limit:
            return
        yield tuple(cell_restore(cell) for cell in row)

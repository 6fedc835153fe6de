"""What a change to products makes stale: the tags of `pages.py` for the
product pages, the lists and the blocks that show them.

Used by the signal handlers and by writes that send no signal (a queryset
`update()` publishing a product, a search index update).
"""

from collections.abc import Iterable

from django.apps import apps

from .pages import (
    LIST_ALL,
    list_category_tag,
    list_seller_tag,
    pages_forget_tags_now_and_on_commit,
    product_tag,
)

# The Oscar path of a category: four characters per level (treebeard's steplen).
_STEPLEN = 4


def category_list_tags(paths: Iterable[str]) -> set[str]:
    """A craft's list and the lists of every craft above it (they include it)."""
    return {
        list_category_tag(path[:end])
        for path in paths
        for end in range(_STEPLEN, len(path) + 1, _STEPLEN)
    }


def product_tags(product_ids: Iterable[int]) -> set[str]:
    """What a change to these products makes stale: their pages and their
    parents', the lists of their sellers and crafts, and the whole catalogue
    (where they show, and whose order a price changes). Two queries."""
    Product = apps.get_model("catalogue", "Product")
    ProductCategory = apps.get_model("catalogue", "ProductCategory")
    ids = {pk for pk in product_ids if pk is not None}
    rows = Product.objects.filter(pk__in=ids).values_list("parent_id", "seller_id")
    tags = {product_tag(pk) for pk in ids} | {LIST_ALL}
    canonical = set(ids)
    for parent_id, seller_id in rows:
        if parent_id:
            canonical.add(parent_id)
            tags.add(product_tag(parent_id))
        if seller_id:
            tags.add(list_seller_tag(seller_id))
    paths = ProductCategory.objects.filter(product_id__in=canonical).values_list(
        "category__path", flat=True
    )
    return tags | category_list_tags(paths)


def products_forget(product_ids: Iterable[int], *, extra: Iterable[str] = ()) -> None:
    """Make stale, now and on commit, every page showing these products."""
    pages_forget_tags_now_and_on_commit(product_tags(product_ids) | set(extra))

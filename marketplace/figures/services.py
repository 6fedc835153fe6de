"""Writes of the figures: folding the day's view counters into the database."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from oscar.core.loading import get_model

from .counters import counters, today
from .models import ProductViewDay

Product = get_model("catalogue", "Product")

FOLD_BATCH = 1000


def fold_view_counts(*, days: Iterable[date] | None = None) -> int:
    """Copy the view counters of `days` into `ProductViewDay`; rows written.

    `days`: every day the counters still hold unless given. Idempotent: a
    row is set to the counters' totals, never added to, and never lowered (a
    local cache that lost its counters to a restart or an eviction does not
    erase what an earlier fold saw). A day before today, once folded, leaves
    the counters' list of days (its views are complete); its keys stay until
    they expire, so it may still be folded again by name.
    """
    store = counters()
    days = sorted(set(days)) if days is not None else store.days()
    written = 0
    for day in days:
        written += _fold_day(day=day, counts=store.read(day=day))
        if day < today():
            store.forget_day(day)
    return written


def _fold_day(*, day: date, counts: dict) -> int:
    product_ids = sorted(counts)
    written = 0
    for start in range(0, len(product_ids), FOLD_BATCH):
        batch = product_ids[start : start + FOLD_BATCH]
        with transaction.atomic():
            existing = set(
                Product.objects.filter(pk__in=batch).values_list("pk", flat=True)
            )
            folded = {
                row.product_id: row
                for row in ProductViewDay.objects.filter(day=day, product_id__in=batch)
            }
            rows = []
            for product_id in batch:
                if product_id not in existing:
                    continue  # deleted since it was viewed
                count = counts[product_id]
                before = folded.get(product_id)
                rows.append(
                    ProductViewDay(
                        product_id=product_id,
                        day=day,
                        views=max(count.views, before.views if before else 0),
                        visitors=max(count.visitors, before.visitors if before else 0),
                    )
                )
            ProductViewDay.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["product", "day"],
                update_fields=["views", "visitors"],
            )
            written += len(rows)
    return written

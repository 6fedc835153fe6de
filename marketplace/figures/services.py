"""Writes of the figures: folding the day's view counters into the database."""

import logging
import threading
import time
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import close_old_connections, transaction
from oscar.core.loading import get_model

from .counters import MemoryCounters, counters, today
from .models import ProductViewDay

Product = get_model("catalogue", "Product")

FOLD_BATCH = 1000
logger = logging.getLogger(__name__)
_folder_lock = threading.Lock()
_folder: threading.Thread | None = None


def fold_view_counts(*, days: Iterable[date] | None = None) -> int:
    """Copy the view counters of `days` into `ProductViewDay`; rows written.

    `days`: every day the counters still hold unless given. Idempotent: a
    row is set to the counters' totals, never added to, and never lowered (a
    local cache that lost its counters to a restart or an eviction does not
    erase what an earlier fold saw). A day before today, once folded, leaves
    the counters' list of days (its views are complete); on Redis its keys
    stay until they expire, so it may still be folded again by name.
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


def view_counts_fold_in_process_start() -> bool:
    """Fold this process's own counts every `FIGURES_LOCAL_FOLD_SECONDS`.

    Only without Redis, where the counts live in this process's memory that
    `fold_view_counts` run elsewhere cannot read (counters.py). A daemon
    thread, started once, on the first view counted: the page view itself
    writes nothing. 0 seconds (the tests) starts none. True once running.
    """
    global _folder
    seconds = getattr(settings, "FIGURES_LOCAL_FOLD_SECONDS", 0)
    if not seconds or not isinstance(counters(), MemoryCounters):
        return False
    if _folder is not None:
        return True
    with _folder_lock:
        if _folder is None:
            _folder = threading.Thread(
                target=_fold_every,
                args=(seconds,),
                name="fold-view-counts",
                daemon=True,
            )
            _folder.start()
    return True


def _fold_every(seconds: float) -> None:
    while True:
        time.sleep(seconds)
        close_old_connections()
        try:
            fold_view_counts()
        except Exception:
            logger.exception("fold_view_counts in this process failed")
        finally:
            close_old_connections()

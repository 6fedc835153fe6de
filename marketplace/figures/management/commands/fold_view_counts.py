"""Fold the product view counters (Redis or the local cache) into the database.

Once: `python manage.py fold_view_counts` (cron, every few minutes).
Periodically, beside the RQ workers: `python manage.py fold_view_counts
--every 300`. Running it again changes nothing (services.fold_view_counts).
"""

import logging
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from marketplace.figures.counters import MemoryCounters, counters
from marketplace.figures.services import fold_view_counts

logger = logging.getLogger(__name__)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a day (YYYY-MM-DD)") from error


class Command(BaseCommand):
    help = "Fold the product views counted in the cache into ProductViewDay."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            metavar="SECONDS",
            help="Keep folding, every SECONDS, until stopped.",
        )
        parser.add_argument(
            "--day",
            action="append",
            default=[],
            metavar="YYYY-MM-DD",
            help="Fold this day only (repeatable); default: every day counted.",
        )

    def handle(self, *args, every: float, day: list[str], **options):
        days = [_day(value) for value in day] or None
        if isinstance(counters(), MemoryCounters):
            self.stderr.write(
                "No Redis (REDIS_URL): the web process counts views in its own "
                "memory and folds them itself (FIGURES_LOCAL_FOLD_SECONDS); "
                "this process has none to fold."
            )
        while True:
            if not every:
                written = fold_view_counts(days=days)
            else:
                # A long-lived loop outlives database restarts.
                close_old_connections()
                try:
                    written = fold_view_counts(days=days)
                except Exception:
                    logger.exception("fold_view_counts: this pass failed")
                    written = 0
            if written or options["verbosity"] > 1:
                self.stdout.write(f"{written} product-day row(s) folded")
            if not every:
                return
            time.sleep(every)

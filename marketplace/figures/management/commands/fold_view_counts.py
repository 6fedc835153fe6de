"""Fold the product view counters (Redis or the local cache) into the database.

Once: `python manage.py fold_view_counts`. The fleet's scheduler
(`run_scheduler`, marketplace/scheduler) runs it every 5 minutes, once across
all hosts. Running it again changes nothing (services.fold_view_counts).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from marketplace.figures.counters import MemoryCounters, counters
from marketplace.figures.services import fold_view_counts


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a day (YYYY-MM-DD)") from error


class Command(BaseCommand):
    help = "Fold the product views counted in the cache into ProductViewDay."

    def add_arguments(self, parser):
        parser.add_argument(
            "--day",
            action="append",
            default=[],
            metavar="YYYY-MM-DD",
            help="Fold this day only (repeatable); default: every day counted.",
        )

    def handle(self, *args, day: list[str], **options):
        days = [_day(value) for value in day] or None
        if isinstance(counters(), MemoryCounters):
            self.stderr.write(
                "No Redis (REDIS_URL): the web process counts views in its own "
                "memory and folds them itself (FIGURES_LOCAL_FOLD_SECONDS); "
                "this process has none to fold."
            )
        written = fold_view_counts(days=days)
        if written or options["verbosity"] > 1:
            self.stdout.write(f"{written} product-day row(s) folded")

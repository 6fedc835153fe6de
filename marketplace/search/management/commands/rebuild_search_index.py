import time

from django.core.management.base import BaseCommand

from marketplace.search.api import rebuild_index
from marketplace.search.documents import count_candidates


class Command(BaseCommand):
    help = (
        "Rebuild the product search index from the database, without downtime "
        "(Elasticsearch: a new index, then the alias is switched to it)."
    )

    def handle(self, *args, **options):
        total = count_candidates()
        started = time.monotonic()
        tty = self.stdout.isatty()  # a progress bar on a terminal only

        def progress(done: int) -> None:
            if not tty:
                return
            width = 40
            filled = int(width * min(done, total) / total) if total else width
            bar = "#" * filled + "-" * (width - filled)
            self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
            self.stdout.flush()

        count = rebuild_index(progress=progress)
        if tty:
            self.stdout.write("")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} products in {elapsed:.1f} s.")
        )

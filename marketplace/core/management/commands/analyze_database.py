"""Give PostgreSQL's planner its statistics: `ANALYZE` on every table.

A fresh production database (just migrated, or loaded from a dump or a
catalogue import) has none for its small tables until autovacuum analyses
them, which it does only once 50 rows of a table changed: until then the
planner guesses, and a craft's page can read every seller's products.
The release step runs it after `migrate` (`deploy/entrypoint.sh migrate`);
run it by hand after a bulk load. Nothing to do on SQLite.
"""

from django.core.management.base import BaseCommand
from django.db import connection

from marketplace.core.demo import planner_statistics_refresh


class Command(BaseCommand):
    help = "PostgreSQL planner statistics (ANALYZE), after a migrate or a load."

    def handle(self, *args, **options):
        planner_statistics_refresh()
        if connection.vendor == "postgresql":
            self.stdout.write("Planner statistics refreshed (ANALYZE).")
        else:
            self.stdout.write(f"Nothing to analyse on {connection.vendor}.")

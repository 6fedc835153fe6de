"""The fleet's one clock: `python manage.py run_scheduler`.

Run one per host or several: each job runs once per turn whichever
scheduler claims it (marketplace/scheduler/services.py). `--once` ticks once
and exits (a cron, a test). SIGTERM stops it between ticks (graceful).
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from marketplace.scheduler.services import scheduler_tick


class Command(BaseCommand):
    help = "Run the periodic jobs (outbox, view counts, unpaid orders, payouts)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One tick, then exit.")
        parser.add_argument(
            "--tick", type=float, default=5.0, metavar="SECONDS", help="Between ticks."
        )

    def handle(self, *args, once: bool, tick: float, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *a: stopping.append(True))
        signal.signal(signal.SIGINT, lambda *a: stopping.append(True))
        while not stopping:
            # A long-lived process outlives database restarts.
            close_old_connections()
            for run in scheduler_tick():
                status = "ok" if run.ok else "FAILED"
                self.stdout.write(f"{run.job}: {status}")
            if once:
                return
            deadline = time.monotonic() + tick
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.5, tick))

"""Hand the outbox's due messages to the task queue.

Once: `python manage.py drain_outbox` (cron, or after an outage).
Periodically, beside the RQ workers: `python manage.py drain_outbox --every 60`.
"""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from marketplace.outbox.services import outbox_drain

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Hand the outbox's pending work (e-mails, index updates) to the queue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            metavar="SECONDS",
            help="Keep draining, every SECONDS, until stopped.",
        )
        parser.add_argument("--limit", type=int, default=1000)

    def handle(self, *args, every: float, limit: int, **options):
        while True:
            if not every:
                sent = outbox_drain(limit=limit)
            else:
                # A long-lived loop outlives database restarts: a fresh
                # connection when the old one broke, and go on after an error.
                close_old_connections()
                try:
                    sent = outbox_drain(limit=limit)
                except Exception:
                    logger.exception("drain_outbox: this pass failed")
                    sent = 0
            if sent or options["verbosity"] > 1:
                self.stdout.write(f"{sent} outbox message(s) handed to the queue")
            if not every:
                return
            if sent < limit:  # caught up: wait; otherwise go on at once
                time.sleep(every)

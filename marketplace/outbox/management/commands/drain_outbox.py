"""Hand the outbox's due messages to the task queue.

Once: `python manage.py drain_outbox` (after an outage, by hand). The fleet's
scheduler (`run_scheduler`, marketplace/scheduler) runs it every 30 seconds,
once across all hosts.
"""

from django.core.management.base import BaseCommand

from marketplace.outbox.services import outbox_drain


class Command(BaseCommand):
    help = "Hand the outbox's pending work (e-mails, index updates) to the queue."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000)

    def handle(self, *args, limit: int, **options):
        sent = outbox_drain(limit=limit)
        if sent or options["verbosity"] > 1:
            self.stdout.write(f"{sent} outbox message(s) handed to the queue")

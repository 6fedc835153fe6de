from django.core.management import call_command
from django.core.management.base import BaseCommand

from marketplace.core.demo import demo_seed
from marketplace.currency.models import ExchangeRate
from marketplace.currency.rates_csv import SAMPLE_PATH
from marketplace.search.api import product_search, rebuild_index


class Command(BaseCommand):
    help = (
        "Build the demo marketplace (regions, chambers, registry, verified sellers, "
        "products with photos, CMS pages). Idempotent: a second run adds only what "
        "is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--products",
            type=int,
            default=320,
            help="Number of products (default 320).",
        )
        parser.add_argument(
            "--sellers", type=int, default=48, help="Number of sellers (default 48)."
        )
        parser.add_argument(
            "--no-thumbnails",
            action="store_true",
            help="Make no thumbnail ahead: each is made when a page first shows "
            "it (bench/scale.py's 100,000 products: an hour of thumbnails saved).",
        )

    def handle(self, *args, products, sellers, no_thumbnails=False, **options):
        created = demo_seed(
            products=products, sellers=sellers, log=lambda m: self.stdout.write(m)
        )
        # Products are created in bulk, which skips the hooks that make their
        # thumbnails and index them: do both here, so the demo is browsable and
        # searchable at once. A second run that created nothing (`make run` on a
        # ready checkout) does neither, unless the index is empty (a first run
        # stopped before it was built).
        if any(created.values()) or not product_search(page_size=1).total:
            if not no_thumbnails:
                call_command("generate_thumbnails", stdout=self.stdout)
            indexed = rebuild_index()
            self.stdout.write(f"Search index: {indexed} products")
        # Euro and dollar prices for buyers abroad: the sample of Bank
        # Al-Maghrib's reference rates, once (staff load newer ones).
        if not ExchangeRate.objects.exists():
            call_command("load_exchange_rates", str(SAMPLE_PATH), stdout=self.stdout)
        summary = ", ".join(f"{k}: {v}" for k, v in created.items() if v) or "nothing"
        self.stdout.write(
            self.style.SUCCESS(f"Demo marketplace ready (created {summary}).")
        )

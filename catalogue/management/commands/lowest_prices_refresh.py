from django.core.management.base import BaseCommand

from catalogue.prices import lowest_prices_refresh


class Command(BaseCommand):
    help = (
        "Store every product's lowest price again from its stock records (what "
        "lists sort and filter by price on): a repair after stock records "
        "were written outside the site, e.g. by SQL."
    )

    def handle(self, *args, **options):
        written = lowest_prices_refresh()
        self.stdout.write(f"Lowest prices stored: {written} products")

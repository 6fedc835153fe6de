"""The page cache and its kept parts switched on for a test, on a catalogue
that shows only the test's own products: a fixture's body.

    @pytest.fixture(autouse=True)
    def _page_cache_on(settings):
        yield from cached_pages_on(settings, page_seconds=60, part_seconds=600)
"""

from django.core.cache import cache
from oscar.core.loading import get_model


def cached_pages_on(settings, *, page_seconds, part_seconds=None, cash_only=False):
    """Whole pages kept `page_seconds` (0: rendered every time), their parts
    `part_seconds` (None: as the settings say), the database's search; with
    `cash_only`, the checkout offers cash on delivery alone. Other tests'
    products (rolled back with them) are hidden; the cache is empty before
    and after."""
    settings.CATALOGUE_PAGE_CACHE_SECONDS = page_seconds
    if part_seconds is not None:
        settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = part_seconds
    settings.SEARCH_BACKEND = "database"
    if cash_only:
        settings.STRIPE_SECRET_KEY = ""
        settings.PAYMENT_METHODS = ["cod"]
    get_model("catalogue", "Product").objects.update(is_public=False)
    cache.clear()
    yield
    cache.clear()

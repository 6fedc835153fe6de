"""A second `seed_demo` on a ready demo (a second `make run`) redoes nothing."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from marketplace.currency.selectors import RATES_CACHE_KEY
from marketplace.search.api import product_search

pytestmark = [pytest.mark.django_db, pytest.mark.demo, pytest.mark.embedded]


@pytest.fixture(autouse=True)
def _rates_forgotten():
    """The rates the seed loads are kept in the cache, which outlives the
    test's rolled-back transaction."""
    yield
    cache.delete(RATES_CACHE_KEY)


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", products=60, sellers=24, stdout=out)
    return out.getvalue()


def test_a_second_run_neither_reseeds_nor_reindexes(demo):
    first = _seed()  # the demo fixture seeds without indexing: this run indexes
    indexed = product_search(page_size=1).total
    assert indexed > 0
    # The sample of Bank Al-Maghrib's rates, for euro and dollar prices.
    assert "8 rates loaded" in first

    again = _seed()

    assert "created nothing" in again
    assert "Search index" not in again
    assert "Thumbnails checked" not in again
    assert "rates loaded" not in again
    assert product_search(page_size=1).total == indexed

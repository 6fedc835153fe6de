"""A second `seed_demo` on a ready demo (a second `make run`) redoes nothing."""

import io

import pytest
from django.core.management import call_command

from marketplace.search.api import product_search

pytestmark = [pytest.mark.django_db, pytest.mark.demo, pytest.mark.embedded]


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", products=60, sellers=24, stdout=out)
    return out.getvalue()


def test_a_second_run_neither_reseeds_nor_reindexes(demo):
    _seed()  # the demo fixture seeds without indexing: this run indexes
    indexed = product_search(page_size=1).total
    assert indexed > 0

    again = _seed()

    assert "created nothing" in again
    assert "Search index" not in again
    assert "Thumbnails checked" not in again
    assert product_search(page_size=1).total == indexed

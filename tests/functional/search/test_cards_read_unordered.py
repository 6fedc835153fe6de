"""Issue 14, 100,000 products: a page's cards are read by their ids without
an ORDER BY (the page's order is the ids'). Ordered newest first, SQLite
walked every product down that index to find a search page's 24 ids."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from tests.integration.catalogue import factories as f

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


@pytest.mark.parametrize("fragments", [0, 600], ids=["parts-off", "parts-kept"])
def test_the_search_pages_cards_are_read_by_id_unordered(
    settings, fragments, django_capture_on_commit_callbacks
):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 0
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = fragments
    settings.SEARCH_BACKEND = "database"
    Product.objects.update(is_public=False)  # other tests' products (rolled back)
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):  # indexed
        seller = f.seller(name="Atelier Tifawin")
        for title in ("Tapis Tifawin", "Coussin Tifawin"):
            f.product(seller_obj=seller, title=title)
    url = reverse("search:search") + "?q=tifawin"
    # The first rendering: with parts kept, the next ones read no card at all
    # (the results are kept whole: tests/functional/pagecache/test_list_parts.py).
    with CaptureQueriesContext(connection) as queries:
        html = Client().get(url).content.decode()
    assert "Tapis Tifawin" in html and "Coussin Tifawin" in html
    by_ids = [
        q["sql"]
        for q in queries
        if 'FROM "catalogue_product"' in q["sql"]
        and '"catalogue_product"."id" IN (' in q["sql"]
    ]
    assert by_ids, [q["sql"][:200] for q in queries]
    assert not [sql for sql in by_ids if "ORDER BY" in sql], by_ids
    cache.clear()

"""The search page's SQL cost does not grow with what it lists.

Each card used to cost queries of its own (Oscar's `render_product`: one
query for the product's options, a pricing strategy per card); the cards now
come from the catalogue's selectors in a fixed number of queries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.integration.search import factories

pytestmark = pytest.mark.django_db


def _search_page_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_search_page_query_count_does_not_grow_with_cards_or_facet_values(
    client, catalogue, settings, django_capture_on_commit_callbacks
):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 0
    client.get(reverse("search:search"))  # warms per-process caches (menus)
    before = _search_page_queries(client, {})
    filtered_before = _search_page_queries(client, {"region": "marrakech-safi"})
    first_page = client.get(reverse("search:search")).context["products"]
    assert len(first_page) == 6

    # Twelve more cards, each with a region, craft and material of its own:
    # twelve more values in three facets.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            region = factories.region(code=f"{20 + n}", name=f"Province {n}")
            factories.product(
                seller_obj=factories.seller(region_obj=region),
                title=f"Pièce numéro {n}",
                category=f"Métier {n}",
                materials=(f"Matière {n}",),
                price=str(100 + n),
            )

    response = client.get(reverse("search:search"))
    assert len(response.context["products"]) == 18
    region_facet = response.context["result"].facet("region")
    assert len(region_facet.values) == 15
    assert _search_page_queries(client, {}) == before
    assert _search_page_queries(client, {"region": "marrakech-safi"}) == filtered_before

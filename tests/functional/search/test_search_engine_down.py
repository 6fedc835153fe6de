"""Elasticsearch down: the search page and the suggestions answer from the
database backend's copy of the index, with a warning in the log.

"down" points the backend at a loopback port where nothing listens (a real
refused connection, nothing stands in for Elasticsearch); "up" is the node
that `scripts/services.sh` starts.
"""

import logging
import os
import uuid

import pytest
from django.urls import reverse

from marketplace.search.backends.elasticsearch import ElasticsearchBackend
from marketplace.search.models import ProductSearchDocument
from tests.redis_server import unused_port

pytestmark = pytest.mark.django_db

FALLBACK_LOG = "answered from the database"


@pytest.fixture(params=["down", pytest.param("up", marks=pytest.mark.elasticsearch)])
def search_backend(request, settings):
    """Overrides the search tests' fixture: Elasticsearch, down or up."""
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    if request.param == "down":
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{unused_port()}"
        yield request.param
        return
    settings.ELASTICSEARCH_URL = os.environ["TEST_ELASTICSEARCH_URL"]
    yield request.param
    ElasticsearchBackend().drop()


def test_the_search_page_finds_the_products_whether_elasticsearch_is_up_or_not(
    client, catalogue, search_backend, caplog
):
    with caplog.at_level(logging.INFO, logger="marketplace.search.api"):
        response = client.get(reverse("search:search"), {"q": "tapis"})

    assert response.status_code == 200
    titles = [p.title for p in response.context["products"]]
    assert "Tapis Beni Ouarain écru" in titles and "Kilim Zemmour rouge" in titles
    assert (FALLBACK_LOG in caplog.text) is (search_backend == "down")


def test_suggestions_answer_whether_elasticsearch_is_up_or_not(client, catalogue):
    response = client.get(reverse("search:suggest"), {"q": "coll"})

    assert response.status_code == 200
    assert [s["title"] for s in response.json()["suggestions"]] == [
        "Collier berbère en argent"
    ]


def test_the_database_copy_of_the_index_is_kept_beside_elasticsearch(catalogue):
    buyable = {p.pk for key, p in catalogue.items() if key != "sellers" and p.is_public}
    assert set(ProductSearchDocument.objects.values_list("pk", flat=True)) == buyable

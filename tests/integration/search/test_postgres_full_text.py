"""The database backend on PostgreSQL: full-text search over the stored
tsvector (weights, ranking, prefix matching) instead of SQLite's LIKE."""

import pytest
from django.db import connection

from marketplace.search.api import product_search, product_suggest
from marketplace.search.models import ProductSearchDocument

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def search_backend(settings):
    settings.SEARCH_BACKEND = "database"
    return "database"


def test_documents_carry_a_weighted_tsvector(catalogue):
    vector = ProductSearchDocument.objects.get(pk=catalogue["plat"].pk).vector
    # Title words weigh A, the rest B; Arabic region words are lexemes too.
    assert "'plat':1A" in vector and "'فاس'" in vector
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["search_document_vector_gin"],
        )
        assert "gin" in cursor.fetchone()[0]


def test_title_matches_rank_before_description_matches(catalogue):
    # "fes" is in the plate's title, and only in the zellige table's region.
    result = product_search(query="fes")
    assert result.products[0].title == "Plat de Fès bleu"
    assert {p.title for p in result.products} >= {"Table basse en zellige"}


def test_typos_arabic_and_prefixes_on_postgresql(catalogue):
    assert {p.title for p in product_search(query="zelige").products} == {
        "Table basse en zellige"
    }
    assert product_search(query="زربية").total == 2
    assert [s["title"] for s in product_suggest(prefix="tapis ben")] == [
        "Tapis Beni Ouarain écru"
    ]

"""The search page and the suggestions endpoint, through URLs."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_search_page_echoes_the_query_and_lists_facet_links(client, catalogue):
    response = client.get(reverse("search:search"), {"q": "زربية"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="زربية"' in page
    assert "Tapis Beni Ouarain écru" in page and "Kilim Zemmour rouge" in page
    assert "Plat de Fès bleu" not in page
    result = response.context["result"]
    assert result.total == 2
    # A facet value links to the same search with the value added.
    facet, values = next(
        f for f in response.context["facet_links"] if f[0].name == "region"
    )
    ((value, url),) = values
    assert value.key == "marrakech-safi" and value.count == 2
    assert "region=marrakech-safi" in url and "q=" in url
    assert url in page.replace("&amp;", "&")


def test_search_page_filters_sorts_and_paginates(client, catalogue):
    response = client.get(
        reverse("search:search"), {"region": "fes-meknes", "sort": "price-desc"}
    )
    assert [p.title for p in response.context["products"]] == [
        "Table basse en zellige",
        "Plat de Fès bleu",
    ]
    assert not response.context["next_url"]  # lazy: read when the results are


def test_suggest_endpoint_returns_titles_and_addresses(client, catalogue):
    response = client.get(reverse("search:suggest"), {"q": "coll"})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "coll"
    assert data["suggestions"] == [
        {
            "id": catalogue["collier"].pk,
            "title": "Collier berbère en argent",
            "url": catalogue["collier"].get_absolute_url(),
        }
    ]
    assert client.get(reverse("search:suggest"), {"q": "c"}).json()["suggestions"] == []


def test_header_search_box_carries_the_suggestions_script(client, catalogue):
    page = client.get(reverse("search:search")).content.decode()
    assert 'data-suggest-url="' + reverse("search:suggest") in page
    assert "js/search.js" in page

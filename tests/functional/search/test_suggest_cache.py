"""Issue 14: the search box's suggestions are kept for anonymous visitors.

The same letters in the same language get the same answer until the
catalogue changes: the second request is served from the page cache with no
query and no call to the search backend; a product published, renamed,
hidden or sold out shows in (or leaves) the very next answer; another
language or other letters are their own entries; a signed-in visitor is
never served a kept answer.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalogue.services import product_unpublish
from marketplace.pagecache.pages import HIT_HEADER
from tests.factories import UserFactory
from tests.integration.search import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def suggest(client, letters, language="fr"):
    return client.get(f"/{language}/search/suggest/", {"q": letters})


def titles(response):
    return [s["title"] for s in response.json()["suggestions"]]


def test_the_same_letters_are_answered_from_the_cache(catalogue):
    first = suggest(Client(), "coll")
    assert first.status_code == 200 and HIT_HEADER not in first
    with CaptureQueriesContext(connection) as queries:
        again = suggest(Client(), "coll")
    assert again[HIT_HEADER] == "hit"
    assert len(queries) == 0
    assert again.json() == first.json()
    assert titles(again) == ["Collier berbère en argent"]
    assert again["Content-Type"] == "application/json"
    assert again["Cache-Control"] == "public, max-age=60"
    # Other letters, another language: their own answers.
    assert HIT_HEADER not in suggest(Client(), "tap")
    english = suggest(Client(), "coll", language="en")
    assert HIT_HEADER not in english
    assert suggest(Client(), "coll", language="en")[HIT_HEADER] == "hit"


def test_a_new_product_is_suggested_at_once(
    catalogue, django_capture_on_commit_callbacks
):
    assert titles(suggest(Client(), "coll")) == ["Collier berbère en argent"]
    assert suggest(Client(), "coll")[HIT_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        factories.product(
            seller_obj=catalogue["collier"].seller,
            title="Collier de corail",
            category="Bijoux",
            price="900",
        )
    fresh = suggest(Client(), "coll")
    assert HIT_HEADER not in fresh
    assert sorted(titles(fresh)) == ["Collier berbère en argent", "Collier de corail"]


def test_a_renamed_or_hidden_product_leaves_the_kept_answer(
    catalogue, django_capture_on_commit_callbacks
):
    assert titles(suggest(Client(), "coll")) == ["Collier berbère en argent"]
    collier = catalogue["collier"]
    with django_capture_on_commit_callbacks(execute=True):
        collier.title = "Collier amazigh en argent"
        collier.save()
    assert titles(suggest(Client(), "coll")) == ["Collier amazigh en argent"]
    assert suggest(Client(), "coll")[HIT_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        product_unpublish(product=collier)
    assert titles(suggest(Client(), "coll")) == []


def test_a_sold_out_product_leaves_the_kept_answer(
    catalogue, django_capture_on_commit_callbacks
):
    assert titles(suggest(Client(), "coll")) == ["Collier berbère en argent"]
    record = catalogue["collier"].stockrecords.get()
    with django_capture_on_commit_callbacks(execute=True):
        record.num_in_stock = record.num_allocated or 0
        record.save()
    assert titles(suggest(Client(), "coll")) == []


def test_a_signed_in_visitor_is_answered_afresh(catalogue):
    suggest(Client(), "coll")
    member = Client()
    member.force_login(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        response = suggest(member, "coll")
    assert HIT_HEADER not in response
    assert titles(response) == ["Collier berbère en argent"]
    assert len(queries) > 0

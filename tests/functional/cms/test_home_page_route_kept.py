"""Issue 14: the home page's Wagtail routing (its root page in the page's
language, the specific page) is kept between renderings for visitors whose
request carries nothing personal, by the site-wide version every publication
moves: a rendering reads no page row, and a new revision, a translation or an
unpublished home shows at once. The whole-page cache is off (the rendered
path)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.integration.cms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _parts_on(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 0
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def hero(page, title: str) -> None:
    page.body = [
        {"type": "hero", "value": {"title": title, "text": "", "link_url": ""}}
    ]
    f.publish(page)


def home_get(tree):
    return f.page_get(Client(), tree.home)


def page_reads(tree) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = home_get(tree)
    assert "Fait main" in response.content.decode()
    return [q["sql"] for q in queries if '"wagtailcore_' in q["sql"]]


def test_a_kept_route_reads_no_page_row(
    tree, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hero(tree.home, "Fait main")
    assert home_get(tree).status_code == 200
    kept = page_reads(tree)
    # What is left is Wagtail's check of the view restrictions (the page's
    # ancestors, then their restrictions), made for each request.
    assert all(
        "alias_of_id" in sql or "wagtailcore_pageviewrestriction" in sql for sql in kept
    ), kept
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 0
    made = page_reads(tree)
    assert len(made) >= len(kept) + 3, (made, kept)  # the root, its locale, the page


def test_a_new_revision_of_the_home_shows_at_once(
    tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hero(tree.home, "Fait main")
    assert "Fait main" in home_get(tree).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        hero(tree.home, "Fait main au Maroc")
    assert "Fait main au Maroc" in home_get(tree).content.decode()


def test_a_translated_home_routes_at_once_to_its_translation(
    tree, django_capture_on_commit_callbacks
):
    arabic_url = "/ar/"
    # Before: the French home, routed in Arabic, kept.
    before = Client().get(arabic_url, HTTP_HOST=f.HOST)
    assert Client().get(arabic_url, HTTP_HOST=f.HOST).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        arabic = tree.home.copy_for_translation(tree.locales["ar"])
        arabic.title = "الرئيسية"
        arabic.body = [
            {"type": "hero", "value": {"title": "صنع يدوي", "text": "", "link_url": ""}}
        ]
        f.publish(arabic)
    after = Client().get(arabic_url, HTTP_HOST=f.HOST)
    assert after.status_code == 200
    assert "صنع يدوي" in after.content.decode()
    assert "صنع يدوي" not in before.content.decode()


def test_a_visitor_with_a_session_routes_for_itself(tree):
    """The kept route serves requests carrying nothing personal only."""
    member = Client()
    member.force_login(f.user())
    assert f.page_get(member, tree.home).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert f.page_get(member, tree.home).status_code == 200
    assert [q for q in queries if '"wagtailcore_page"' in q["sql"]]

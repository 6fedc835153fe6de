"""Which renderings the anonymous page cache may keep and which requests it
may answer, decided from the request and the response alone."""

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from marketplace.pagecache.pages import (
    _is_keepable,
    is_impersonal,
    page_cache_get,
    page_cache_key,
    page_cache_serve,
    pages_forget,
)

factory = RequestFactory()


def request_with_session(**cookies):
    request = factory.get("/fr/catalogue/")
    request.COOKIES.update(cookies)
    request.session = SessionStore()
    return request


def test_a_cookieless_get_or_head_is_impersonal():
    assert is_impersonal(factory.get("/fr/"))
    assert is_impersonal(factory.head("/fr/"))
    assert is_impersonal(request_with_session(csrftoken="abc"))


@pytest.mark.parametrize("cookie", ["messages", "language", "anything"])
def test_any_other_cookie_makes_a_request_personal(cookie):
    assert not is_impersonal(request_with_session(**{cookie: "x"}))


def session_holding(**values):
    request = request_with_session(sessionid="x", csrftoken="abc")
    request.session.update(values)
    return request


def test_a_session_holding_only_a_guests_checkout_is_impersonal():
    """A guest who has placed an order holds a session: no cached page reads
    what it keeps, so they are served the page everyone is."""
    assert is_impersonal(session_holding())  # a cookie for no session
    assert is_impersonal(
        session_holding(
            checkout_data={"guest": {"email": "amina@example.ma"}},
            checkout_order_id=7,
            anon_order_email="amina@example.ma",
        )
    )


@pytest.mark.parametrize(
    "values",
    [
        # Signed in: the header names them.
        {"_auth_user_id": "3", "_auth_user_backend": "x", "_auth_user_hash": "y"},
        # Flash messages kept in the session: shown by the next page rendered.
        {"_messages": "[]"},
        # A key no one has said no cached page reads.
        {"checkout_order_id": 7, "wizard_step": "2"},
    ],
)
def test_a_session_holding_anything_else_makes_a_request_personal(values):
    assert not is_impersonal(session_holding(**values))


def test_a_session_cookie_beside_another_personal_cookie_is_personal():
    request = session_holding()
    request.COOKIES["messages"] = "x"
    assert not is_impersonal(request)


def test_the_basket_cookies_are_ignored_no_cached_page_shows_a_basket():
    """The header's count comes from a cookie the page's script reads
    (tests/functional/pagecache/test_basket_holders.py)."""
    request = request_with_session(oscar_open_basket="1:abc", basket_count="2")
    assert is_impersonal(request)


def test_a_cookie_sent_empty_is_as_none():
    assert is_impersonal(request_with_session(sessionid="", messages=""))


def test_the_recently_viewed_cookie_is_ignored_by_pages_that_do_not_show_it():
    request = request_with_session(csrftoken="abc", oscar_history="[1, 2]")
    assert is_impersonal(request)
    # A page that did read the history would say so, and stay uncached.
    assert not is_impersonal(request, ignored=frozenset({"csrftoken"}))


def test_writes_and_credentials_make_a_request_personal():
    assert not is_impersonal(factory.post("/fr/search/"))
    assert not is_impersonal(factory.get("/fr/", HTTP_AUTHORIZATION="Basic eDp5"))


@pytest.mark.parametrize(
    "cache_control", ["private", "no-store", "no-cache, max-age=0"]
)
def test_a_response_marked_private_or_uncacheable_is_not_kept(cache_control):
    response = HttpResponse("<p>page</p>")
    response["Cache-Control"] = cache_control
    assert not _is_keepable(request_with_session(), response)


def test_a_rendering_that_wrote_to_the_session_is_not_kept():
    request = request_with_session()
    assert _is_keepable(request, HttpResponse("<p>page</p>"))
    request.session["seen"] = True
    assert not _is_keepable(request, HttpResponse("<p>page</p>"))


@pytest.fixture
def page_cache_on(settings):
    from django.core.cache import cache

    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def served_again(path: str):
    request = factory.get(path)
    return page_cache_get(request, page_cache_key(request))


def test_a_rendering_is_kept_and_served_to_the_next_visitor(page_cache_on):
    page_cache_serve(factory.get("/fr/catalogue/"), lambda: HttpResponse("<p>a</p>"))
    assert served_again("/fr/catalogue/").content == b"<p>a</p>"


def test_a_page_rendered_while_a_write_lands_is_never_served(page_cache_on):
    def render_while_a_seller_saves():
        pages_forget()  # what a save in another request does meanwhile
        return HttpResponse("<p>read before the write</p>")

    page_cache_serve(factory.get("/fr/catalogue/"), render_while_a_seller_saves)
    assert served_again("/fr/catalogue/") is None

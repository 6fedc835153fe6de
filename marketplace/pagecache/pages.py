"""Whole-page cache of the public shop pages, for anonymous shoppers only.

Rendering Oscar's layout and a grid of product cards costs tens of
milliseconds; serving the same HTML again costs almost nothing. Cached: the
catalogue list and category pages, product pages, search results, shop
storefronts (`AnonymousPageCacheMixin`) and the Wagtail home page
(`cms.wagtail_hooks`, looked up by `serve_wagtail_page` before Wagtail routes).

Who gets a cached page: a GET or HEAD carrying no credentials and no cookie
but those no cached page reads (`cookies_no_page_reads`): the CSRF one, whose
token in the cached HTML is replaced by the requester's own on every hit, and
Oscar's history of recently viewed products, which only the product page
shows, in a fragment fetched after load and never cached
(`catalogue.views.RecentlyViewedView`). Any other cookie (session, so a
signed-in user or messages; the open basket the header shows) keeps the
request away from the cache: nothing in a cached page is personal. A
rendering is kept only if it answered 200, the view left the session untouched
and did not mark the response private or uncacheable. The inline scripts'
Content-Security-Policy nonce is swapped like the CSRF token: each hit carries
the requester's own nonce, the one its header allows.

The key: a version number, the host, the active language (from the URL
prefix) and the full path with its query string.

Freshness: every save or delete of what the pages show moves the version
number (`signal_handlers.py`: products, stock records, photos,
categories, sellers, offers and ranges, reviews, Wagtail images and page
view restrictions; publishing, unpublishing, moving or deleting a Wagtail
page), so the next view renders afresh. The number moves at once and again
when the transaction commits, so a page rendered from the old rows between
the write and its commit is not kept either. Writes that bypass signals
(`QuerySet.update`) call `pages_forget()`. `CATALOGUE_PAGE_CACHE_SECONDS`
bounds what the version cannot see: a write made by another process while
each process keeps its own local memory cache (Redis makes them share one),
and what changes with the clock alone (a fair that has ended, a promotion
that starts). Set it to 0 to switch the cache off (the test settings do).
"""

import hashlib
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import cc_delim_re

VERSION_KEY = "catalogue:pages:version"
CSRF_PLACEHOLDER = "\x00csrf\x00"
NONCE_PLACEHOLDER = "\x00csp-nonce\x00"
HIT_HEADER = "X-Page-Cache"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def pages_forget() -> None:
    """Make every cached page stale (something they show was written)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, _fresh_version(), None)


def _fresh_version() -> int:
    # A version lost to the cache's eviction must not start again from a
    # number older pages were kept under: start above every earlier one.
    return time.time_ns()


def pages_forget_now_and_on_commit() -> None:
    """Forget now, and again once the write is visible to other requests."""
    pages_forget()
    transaction.on_commit(pages_forget)


def pages_version() -> int:
    """The version cached pages are kept under: a fragment keyed by it goes
    stale exactly when they do."""
    return _version()


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def seconds_kept() -> int:
    """How long a page is kept; 0 when the page cache is off."""
    return getattr(settings, "CATALOGUE_PAGE_CACHE_SECONDS", 0)


def cookies_no_page_reads() -> frozenset[str]:
    """Cookies that change nothing in any cached page, so may be ignored.

    The CSRF token is swapped on every hit. The recently viewed products are
    shown by no cached page: the product page's block is a fragment fetched
    after load. A page that came to read one of these would pass its own
    narrower set to `page_cache_key`.
    """
    return frozenset(
        {settings.CSRF_COOKIE_NAME, settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME}
    )


def is_impersonal(request, *, ignored: frozenset[str] | None = None) -> bool:
    """True when nothing in the request can make the page personal.

    `ignored`: the cookies the page does not read (`cookies_no_page_reads`
    unless given).
    """
    if ignored is None:
        ignored = cookies_no_page_reads()
    return (
        request.method in ("GET", "HEAD")
        and set(request.COOKIES) <= ignored
        and "HTTP_AUTHORIZATION" not in request.META
    )


def page_cache_key(request, *, ignored: frozenset[str] | None = None) -> str | None:
    """Where this request's page is kept, or None if it may not be.

    Taken before the view reads anything: a write made while it renders
    moves the version past this key, so that rendering is never served.
    """
    if not seconds_kept() or not is_impersonal(request, ignored=ignored):
        return None
    where = "\n".join(
        (request.get_host(), translation.get_language() or "", request.get_full_path())
    )
    return f"catalogue:page:{_version()}:{hashlib.md5(where.encode()).hexdigest()}"


def page_cache_get(request, key: str | None) -> HttpResponse | None:
    """The page kept under `key`, with the requester's own CSRF token."""
    cached = cache.get(key) if key else None
    if cached is None:
        return None
    content, content_type = cached
    if CSRF_PLACEHOLDER in content:
        # Only a page with a form costs a token (and sets the CSRF cookie),
        # as when it is rendered.
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    if NONCE_PLACEHOLDER in content:
        # Reading the nonce puts it in this response's header.
        content = content.replace(
            NONCE_PLACEHOLDER, str(getattr(request, "csp_nonce", ""))
        )
    response = HttpResponse(content, content_type=content_type)
    response[HIT_HEADER] = "hit"
    return response


def page_cache_keep(request, response, key: str | None) -> None:
    """Keep `response` under `key` once rendered, if it may be served to anyone."""
    if not key or response.status_code != 200 or getattr(response, "streaming", 0):
        return
    seconds = seconds_kept()

    def store(rendered):
        if _is_keepable(request, rendered):
            _store(key, rendered, seconds, nonce=_nonce_used(request))

    if getattr(response, "is_rendered", True):
        store(response)
    else:
        response.add_post_render_callback(store)


def page_cache_serve(
    request,
    render: Callable[[], HttpResponse],
    on_hit: Callable[[HttpResponse], None] | None = None,
    ignored: frozenset[str] | None = None,
) -> HttpResponse:
    """The cached page if there is one, else `render()`, kept for next time."""
    key = page_cache_key(request, ignored=ignored)
    cached = page_cache_get(request, key)
    if cached is not None:
        if on_hit is not None:
            on_hit(cached)
        return cached
    response = render()
    page_cache_keep(request, response, key)
    return response


def _is_keepable(request, response) -> bool:
    session = getattr(request, "session", None)
    if session is not None and getattr(session, "modified", False):
        return False  # the view remembered something of this visitor
    directives = {
        d.strip().split("=")[0].lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & {"private", "no-store", "no-cache"}


def _nonce_used(request) -> str | None:
    """The CSP nonce this rendering printed, if it printed one."""
    nonce = getattr(request, "csp_nonce", None)
    # django-csp's lazy nonce is falsy until read: a page without inline
    # scripts has none.
    return str(nonce) if nonce else None


def _store(key, response, seconds, *, nonce: str | None = None) -> None:
    # Only the HTML is kept: cookies the view set are set again on a hit.
    content = response.content.decode(response.charset)
    match = _CSRF_INPUT.search(content)
    if match:
        content = content.replace(match.group(1), CSRF_PLACEHOLDER)
    if nonce:
        content = content.replace(f'nonce="{nonce}"', f'nonce="{NONCE_PLACEHOLDER}"')
    cache.set(key, (content, response["Content-Type"]), seconds)


class AnonymousPageCacheMixin:
    """For a view whose page is the same for every anonymous shopper."""

    # The cookies this page does not read; None: `cookies_no_page_reads()`.
    page_cache_ignored_cookies: frozenset[str] | None = None

    def dispatch(self, request, *args, **kwargs):
        return page_cache_serve(
            request,
            lambda: super(AnonymousPageCacheMixin, self).dispatch(
                request, *args, **kwargs
            ),
            on_hit=lambda response: self.page_cache_hit(request, response),
            ignored=self.page_cache_ignored_cookies,
        )

    def page_cache_hit(self, request, response) -> None:
        """What a rendered view would have done beside rendering (cookies)."""


def serve_wagtail_page(request, path):
    """Wagtail's `serve`, answered from the cache before any routing query.

    Only pages that opt in (`cms.wagtail_hooks`) are ever kept, after
    Wagtail's own checks (view restrictions, allowed methods) let them be
    served; this only looks them up.
    """
    # Imported here: marketplace.config (an AppConfig) imports this module
    # before the models wagtail.views needs are loaded.
    from wagtail.views import serve

    cached = page_cache_get(request, page_cache_key(request))
    if cached is not None:
        return cached
    return serve(request, path)

"""Whole-page cache of the catalogue's pages, for anonymous shoppers only.

Rendering Oscar's layout and a grid of product cards costs tens of
milliseconds; serving the same HTML again costs almost nothing. A page is
served from the cache only to a request that carries no cookie but the CSRF
one: no session (so no signed-in user, no messages), no basket, no history
of recently viewed products, so nothing in the page is personal. The CSRF
token of the cached HTML is replaced by the requester's own on every hit.

Freshness: every save or delete of what the pages show (products, stock
records, photos, categories, sellers…) moves a version number that is part
of every key, so the next view renders afresh; writes that bypass signals
(`QuerySet.update`) call `pages_forget()`. `CATALOGUE_PAGE_CACHE_SECONDS`
bounds what a write made elsewhere can leave stale: with the embedded local
memory cache each process has its own copy; with Redis all share one.
Set it to 0 to switch the cache off (the test settings do).
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

VERSION_KEY = "catalogue:pages:version"
CSRF_PLACEHOLDER = "\x00csrf\x00"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def pages_forget() -> None:
    """Make every cached catalogue page stale (a catalogue write happened)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _seconds() -> int:
    return getattr(settings, "CATALOGUE_PAGE_CACHE_SECONDS", 0)


def _is_anonymous_and_cookieless(request) -> bool:
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= {
        settings.CSRF_COOKIE_NAME
    }


def _key(request) -> str:
    path = hashlib.md5(request.get_full_path().encode()).hexdigest()
    return f"catalogue:page:{_version()}:{path}"


class AnonymousPageCacheMixin:
    """For a view whose page is the same for every anonymous shopper."""

    def dispatch(self, request, *args, **kwargs):
        seconds = _seconds()
        if not seconds or not _is_anonymous_and_cookieless(request):
            return super().dispatch(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(
                content.replace(CSRF_PLACEHOLDER, get_token(request)),
                content_type=content_type,
            )
            self.page_cache_hit(request, response)
            return response
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200 and hasattr(
            response, "add_post_render_callback"
        ):
            response.add_post_render_callback(
                lambda rendered: _store(key, rendered, seconds)
            )
        return response

    def page_cache_hit(self, request, response) -> None:
        """What a rendered view would have done beside rendering (cookies)."""


def _store(key, response, seconds) -> None:
    # Only the HTML is kept: cookies the view set are set again on a hit.
    content = response.content.decode(response.charset)
    match = _CSRF_INPUT.search(content)
    if match:
        content = content.replace(match.group(1), CSRF_PLACEHOLDER)
    cache.set(key, (content, response["Content-Type"]), seconds)

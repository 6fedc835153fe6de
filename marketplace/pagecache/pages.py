"""Whole-page cache of the public shop pages, for anonymous shoppers only.

Rendering Oscar's layout and a grid of product cards costs tens of
milliseconds; serving the same HTML again costs almost nothing. Cached: the
catalogue list and category pages, product pages, search results and the
search box's suggestions, shop storefronts (`AnonymousPageCacheMixin`) and
the Wagtail home page (`cms.wagtail_hooks`, looked up by
`serve_wagtail_page` before Wagtail routes).

Who gets a cached page: a GET or HEAD carrying no credentials and no cookie
but those no cached page reads (`cookies_no_page_reads`): the CSRF one, whose
token in the cached HTML is replaced by the requester's own on every hit, and
Oscar's history of recently viewed products, which only the product page
shows, in a fragment fetched after load and never cached
(`catalogue.views.RecentlyViewedView`), and Oscar's open basket with the
header's basket count (marketplace/basket/middleware.py): the header of a
visitor not signed in shows no basket but a link whose count the page's
script reads from that cookie. Any other cookie (session, so a signed-in
user or messages; pending flash messages) keeps the request away from the
cache: nothing in a cached page is personal. A rendering is kept only if it
answered 200, the view left the session untouched, loaded no saved basket,
showed no flash message and did not mark the response private or
uncacheable. The inline scripts'
Content-Security-Policy nonce is swapped like the CSRF token: each hit carries
the requester's own nonce, the one its header allows.

The key: the host, the active language (from the URL prefix), the display
currency (`request.display_currency`, from its cookie: marketplace/currency)
and the full path with its query string. Beside the HTML each page keeps the versions of
what it shows (`page_shows`): the site-wide version (`VERSION_KEY`) and one
tag per product, seller and list it read, e.g. `product:12`, `seller:3`,
`list:all` (the catalogue and search), `list:category:<path>`,
`list:seller:<id>`. A hit needs every one of them unchanged: one more cache
read (`get_many`).

Freshness by what a page shows (`signal_handlers.py`): a save of a product,
its photos, categories, attributes, reviews or materials moves its own tag
(and its parent's) and the lists it is in (all products, its seller's, its
crafts and their parents); a stock record moves them only when what a page
shows of it changes (its price, in stock or not: `stock_shown_changed`), so
a sale that leaves the product in stock invalidates nothing; a seller's edit
moves its tag and its lists, a change of its status everything. The rarer
writes (categories, offers and ranges, regions, registry entries, Wagtail
pages, images and view restrictions) move the site-wide version, as
`pages_forget()` does. A tag is read when the page first needs it, before
the rows it stands for (the product page's from its URL, a list's before
its query, the cards' before they are fetched), and moves at once and again
when the write's transaction commits, so a page rendered from the old rows
between the write and its commit is not kept either.

`CATALOGUE_PAGE_CACHE_SECONDS` bounds what no version sees: a write made by
another process while each process keeps its own local memory cache (Redis
makes them share one), and what changes with the clock alone (a fair that
has ended, a promotion that starts). Set it to 0 to switch the cache off
(the test settings do). The pages that show nothing the clock changes
(`AnonymousPageCacheMixin`: catalogue, crafts, products, storefronts,
search) are kept `CATALOGUE_VERSIONED_PAGE_CACHE_SECONDS` (15 minutes with
Redis): kept a minute, a page viewed again more than a minute after its
rendering was rendered again whatever its versions said (`bench/load.py`:
32 % of the anonymous views served, of the 56 % asking for a page asked for
before).
"""

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import cc_delim_re

from marketplace.replicas import (
    primary_write_note,
    replica_position_mark,
    replica_reads_current,
)

# The site-wide version: every page shows it (`pages_forget`).
VERSION_KEY = "catalogue:pages:version"
TAG_KEY_PREFIX = "catalogue:pages:tag:"
SHOWN_KEY_PREFIX = "catalogue:pages:shown:"
CSRF_PLACEHOLDER = "\x00csrf\x00"
NONCE_PLACEHOLDER = "\x00csp-nonce\x00"
HIT_HEADER = "X-Page-Cache"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# What the page being rendered for the cache has shown so far: cache key of
# each version -> the version read when it was first needed. None: no page
# is being rendered for the cache (nothing is recorded).
_shown: ContextVar[dict[str, int] | None] = ContextVar("pages_shown", default=None)


# --- Tags: the things a page shows ------------------------------------------


def product_tag(pk) -> str:
    return f"product:{pk}"


def seller_tag(pk) -> str:
    return f"seller:{pk}"


LIST_ALL = "list:all"  # the catalogue and search: every public product


def list_category_tag(path: str) -> str:
    """A craft's list (its products and those of the crafts below it)."""
    return f"list:category:{path}"


def list_seller_tag(pk) -> str:
    return f"list:seller:{pk}"


def _key(tag: str) -> str:
    return VERSION_KEY if tag == "site" else TAG_KEY_PREFIX + tag


def _fresh_version() -> int:
    # A version lost to the cache's eviction must not start again from a
    # number older pages were kept under: start above every earlier one.
    return time.time_ns()


def _versions(keys: list[str]) -> dict[str, int]:
    """The current version behind each key, starting those the cache lacks."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _fresh_version(), None)
        found.update(cache.get_many(missing))
    # A cache that is down answers nothing: 0 matches no kept page.
    return {key: found.get(key, 0) for key in keys}


def page_shows(*tags: str) -> None:
    """Say that the page being rendered shows these things.

    Call it before reading their rows: the version read here must be older
    than what the page prints, so that a write landing meanwhile makes the
    page stale. Outside a page rendered for the cache it does nothing.
    """
    shown = _shown.get()
    if shown is None or not tags:
        return
    keys = [key for key in dict.fromkeys(map(_key, tags)) if key not in shown]
    if keys:
        shown.update(_versions(keys))


def tag_versions(tags: Iterable[str]) -> dict[str, int]:
    """The current version of each tag (for fragment keys), by tag."""
    tags = list(dict.fromkeys(tags))
    versions = _versions([_key(tag) for tag in tags])
    return {tag: versions[_key(tag)] for tag in tags}


def pages_forget_tags(tags: Iterable[str]) -> None:
    """Make stale every cached page (and fragment) that showed these tags."""
    for key in dict.fromkeys(map(_key, tags)):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, _fresh_version(), None)
    if not transaction.get_connection().in_atomic_block:
        # The write is committed: a replica must replay it before what it
        # serves is kept again (marketplace/replicas.py).
        primary_write_note()


def pages_forget_tags_now_and_on_commit(tags: Iterable[str]) -> None:
    """Forget now, and again once the write is visible to other requests."""
    tags = list(tags)
    pages_forget_tags(tags)
    transaction.on_commit(lambda: pages_forget_tags(tags))


def pages_forget() -> None:
    """Make every cached page stale (something they all show was written)."""
    pages_forget_tags(["site"])


def pages_forget_now_and_on_commit() -> None:
    """Forget now, and again once the write is visible to other requests."""
    pages_forget_tags_now_and_on_commit(["site"])


def pages_version() -> int:
    """The site-wide version: a fragment keyed by it goes stale when every
    page does (the crafts menu)."""
    return _versions([VERSION_KEY])[VERSION_KEY]


def shown_changed(kind: str, pk, shown, *, before=None) -> bool:
    """Whether `shown` (what pages show of one row) differs from the last
    time this was asked; remembered in the cache, shared by every process
    that shares it.

    When the cache does not remember (the row's first save since the cache
    was emptied or evicted the memo), `before` answers: what the row showed
    when the caller loaded it (None, unknown: changed). Without it, every
    first sale of each product after a restart of Redis would make its page,
    its lists and the whole catalogue stale though it is still in stock.
    """
    key = f"{SHOWN_KEY_PREFIX}{kind}:{pk}"
    remembered = cache.get(key)
    if remembered == shown:
        return False
    cache.set(key, shown, None)
    return remembered is not None or before != shown


def stock_shown_changed(record, *, created: bool = False) -> bool:
    """Whether this save of a stock record changed what a page shows of it:
    its price, and whether it is in stock (not the units left, which no page
    prints). Answered once per save and instance: every receiver of the same
    post_save gets the same answer. What the record showed when it was
    loaded (`catalogue.stock`) answers when the cache has forgotten."""
    in_stock = (record.num_in_stock or 0) - (record.num_allocated or 0) > 0
    shown = (str(record.price), str(record.price_currency), in_stock)
    memo = getattr(record, "_pages_shown", None)
    if memo is not None and memo[0] == shown:
        return memo[1]
    changed = shown_changed(
        "stockrecord", record.pk, shown, before=None if created else _loaded(record)
    )
    record._pages_shown = (shown, changed)
    return changed


def _loaded(record) -> tuple | None:
    """What a page showed of `record` as it was loaded, like `shown` in
    `stock_shown_changed`; None if unknown."""
    loaded = getattr(record, "_on_sale_when_loaded", None)
    if loaded is None or loaded[0] != record.product_id:
        return None
    __, price, in_stock, currency = loaded
    return (str(price), str(currency), in_stock)


def fragment_kept(
    name: str,
    parts,
    *,
    tags: Iterable[str],
    make: Callable,
    seconds: int | None = None,
):
    """`make()`, kept as a fragment between renderings.

    Keyed by `name`, `parts` (what else the value depends on: a query, the
    language) and the versions of `tags` and of the site, read here: call it
    after `page_shows` of the same tags, before the rows they stand for are
    read. The value must pickle. Kept `seconds` (`fragment_seconds()` unless
    given); 0: made every time.
    """
    if seconds is None:
        seconds = fragment_seconds()
    if not seconds:
        return make()
    versions = tag_versions(["site", *tags])
    where = repr((parts, sorted(versions.items())))
    key = f"catalogue:kept:{name}:{hashlib.md5(where.encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        replica_position_mark()
        found = make()
        if replica_reads_current():
            cache.set(key, found, seconds)
    return found


def row_kept(
    name: str,
    pk: int,
    *,
    tags: Iterable[str],
    make: Callable,
    tags_of: Callable[[object], Iterable[str]],
):
    """`make()` (the row a view reads, with what it joins), kept between
    renderings while nothing it shows has changed.

    `tags`: what the row shows, known before it is read (its own tag);
    `tags_of(row)`: what else it shows, known once it is read (the seller
    and parent a product joins). Those are remembered per row, so that the
    next rendering reads every version before the row, as `page_shows`
    asks: a row is kept only under the versions of the tags it named, and a
    row naming other tags than remembered (moved to another seller) is read
    again until they are remembered. Every tag is shown by the page. The row
    must pickle; it is kept as read, before the page adds to it, at most
    `PART_SECONDS_MAX`. Fragments off (`fragment_seconds()` 0): read every
    time.
    """
    tags = list(tags)
    seconds = min(fragment_seconds(), PART_SECONDS_MAX)
    if not seconds:
        page_shows(*tags)
        row = make()
        page_shows(*tags_of(row))
        return row
    named_key = f"catalogue:row-tags:{name}:{pk}"
    named = cache.get(named_key)
    every = list(dict.fromkeys(["site", *tags, *(named or ())]))
    page_shows(*every)
    versions = tag_versions(every)
    where = repr(sorted(versions.items()))
    key = f"catalogue:row:{name}:{pk}:{hashlib.md5(where.encode()).hexdigest()}"
    if named is not None:
        found = cache.get(key)
        if found is not None:
            return found
    replica_position_mark()
    row = make()
    read = list(dict.fromkeys(tags_of(row)))
    page_shows(*read)
    if named is None or sorted(read) != sorted(named):
        # Only a hint of which versions to read first (a wrong one keeps
        # nothing): remembered longer than the row, so a row asked for less
        # than once a minute is still kept at its next rendering.
        cache.set(named_key, read, ROW_TAGS_SECONDS)
    elif replica_reads_current():
        cache.set(key, row, seconds)
    return row


def shown_kept(
    name: str,
    parts,
    *,
    seconds: int,
    make: Callable[[], str],
    shows: Iterable[str] = (),
    csrf_token=None,
) -> str:
    """`make()` (a part of a page), kept with the versions of what it showed.

    While `make()` runs, every `page_shows` inside it is recorded for the
    part, with the site-wide version and `shows` (what the page read before
    the part, that the part prints: the product of a product page): a hit
    needs each of them unchanged, like a whole page (one more cache read).
    The part's versions join those of the page it is in, made or kept, so a
    page kept whole goes stale with its parts. For a part whose reads are
    spread over blocks and selectors (a Wagtail page's body, Oscar's product
    page), where naming its tags up front is not possible. `parts`: what
    else it depends on (the language, a page).

    A form's CSRF token is kept as a placeholder and the page's own
    (`csrf_token`, the template context's lazy token, read only then) put
    back on a hit, as for whole pages; a part that printed the CSP nonce is
    never kept.
    """
    outer = _shown.get()
    if not seconds:
        return make()
    where = repr(parts)
    key = f"catalogue:part:{name}:{hashlib.md5(where.encode()).hexdigest()}"
    cached = cache.get(key)
    if cached is not None:
        html, shown = cached
        if cache.get_many(list(shown)) == shown:
            _shown_join(outer, shown)
            if CSRF_PLACEHOLDER in html:
                html = html.replace(CSRF_PLACEHOLDER, str(csrf_token or ""))
            return html
    token = _shown.set({})
    try:
        page_shows("site", *shows)
        replica_position_mark()
        html = make()
        shown = _shown.get()
    finally:
        _shown.reset(token)
    _shown_join(outer, shown)
    if NONCE_PLACEHOLDER in html or "nonce=" in html:
        return html  # holds this response's nonce: not for anyone else
    if not replica_reads_current():
        return html  # from a replica behind a write: older than its versions
    kept = html
    if match := _CSRF_INPUT.search(html):
        kept = html.replace(match.group(1), CSRF_PLACEHOLDER)
    cache.set(key, (kept, dict(shown)), seconds)
    return html


def _shown_join(outer: dict[str, int] | None, shown: dict[str, int]) -> None:
    """Add a part's versions to the page's (a version the page read first,
    older or equal, stays)."""
    if outer is not None:
        for key, version in shown.items():
            outer.setdefault(key, version)


def count_kept(queryset, *, tags: Iterable[str]) -> int:
    """`queryset.count()`, kept between renderings by the versions of the
    list it counts (`tags`: `LIST_ALL`, a craft's, a seller's) and the
    site's. A list's count costs a scan of every row it holds; what changes
    it (a product published, hidden, moved, repriced, a seller suspended)
    moves one of those versions."""
    sql, params = queryset.query.sql_with_params()
    return fragment_kept(
        "count", (sql, tuple(map(str, params))), tags=tags, make=queryset.count
    )


def seconds_kept() -> int:
    """How long a page is kept; 0 when the page cache is off."""
    return getattr(settings, "CATALOGUE_PAGE_CACHE_SECONDS", 0)


def versioned_seconds_kept() -> int:
    """How long a page showing nothing the clock changes is kept (every
    write it shows moves one of its versions); 0 when the page cache is off."""
    seconds = seconds_kept()
    if not seconds:
        return 0
    return max(seconds, getattr(settings, "CATALOGUE_VERSIONED_PAGE_CACHE_SECONDS", 0))


# How long the tags a kept row named (its seller, its parent) are remembered.
ROW_TAGS_SECONDS = 24 * 3600

# What no version sees is at most this old, as on whole pages: the clock, and
# with the local memory cache a write in another process (its versions are
# its own). A part of a page, a view's row.
PART_SECONDS_MAX = 60


def fragment_seconds() -> int:
    """How long a fragment of a page (a product card) is kept; 0: never."""
    return getattr(settings, "CATALOGUE_FRAGMENT_CACHE_SECONDS", 0)


def kept_reads_seconds() -> int:
    """How long what prices a basket (the site's offers, the shipping
    tables) is kept between requests; 0: never (the default without Redis,
    whose cache every process shares)."""
    return getattr(settings, "CHECKOUT_KEPT_READS_SECONDS", 0)


def cookies_no_page_reads() -> frozenset[str]:
    """Cookies that change nothing in any cached page, so may be ignored.

    The CSRF token is swapped on every hit. The recently viewed products are
    shown by no cached page: the product page's block is a fragment fetched
    after load. A page that came to read one of these would pass its own
    narrower set to `page_cache_key`.
    """
    return frozenset(
        {
            settings.CSRF_COOKIE_NAME,
            settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME,
            # The open basket, and its count the header's script shows: no
            # cached page shows a basket (a rendering that loaded one is not
            # kept: `_is_keepable`).
            settings.OSCAR_BASKET_COOKIE_OPEN,
            settings.BASKET_COUNT_COOKIE_NAME,
            # Part of the key instead (`page_cache_key`).
            settings.DISPLAY_CURRENCY_COOKIE_NAME,
        }
    )


# What a session may hold and still leave every cached page as it is for a
# visitor without one: a guest's checkout (Oscar's `checkout_data`), the
# order it placed (the thank-you page's), the e-mail that opens that order's
# messages. No cached page reads them. Anything else (a signed-in user,
# flash messages kept in the session, a key added later) makes it personal:
# a new key is uncached until it is listed here.
SESSION_KEYS_NO_PAGE_READS = frozenset(
    {"checkout_data", "checkout_order_id", "anon_order_email"}
)


def is_impersonal(request, *, ignored: frozenset[str] | None = None) -> bool:
    """True when nothing in the request can make the page personal.

    `ignored`: the cookies the page does not read (`cookies_no_page_reads`
    unless given). The session's cookie is read: a visitor not signed in
    whose session holds only `SESSION_KEYS_NO_PAGE_READS` (a guest who has
    placed an order) is served the page everyone is.
    """
    if ignored is None:
        ignored = cookies_no_page_reads()
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    # A cookie sent empty holds nothing (a client that kept a deleted one).
    sent = {name for name, value in request.COOKIES.items() if value}
    personal = sent - ignored
    if personal == {settings.SESSION_COOKIE_NAME}:
        return _session_is_impersonal(request)
    return not personal


def _session_is_impersonal(request) -> bool:
    session = getattr(request, "session", None)
    return session is not None and set(session.keys()) <= SESSION_KEYS_NO_PAGE_READS


def page_cache_key(request, *, ignored: frozenset[str] | None = None) -> str | None:
    """Where this request's page is kept, or None if it may not be.

    Taken before the view reads anything: from here on, what the rendering
    shows is recorded (`page_shows`); `page_cache_begin()` records the
    site-wide version once the cache has missed (a hit needs no more reads).
    """
    if not seconds_kept() or not is_impersonal(request, ignored=ignored):
        _shown.set(None)
        return None
    where = "\n".join(
        (
            request.get_host(),
            translation.get_language() or "",
            # Set by marketplace.currency's middleware from its cookie.
            getattr(request, "display_currency", ""),
            request.get_full_path(),
        )
    )
    _shown.set({})
    return f"catalogue:page:{hashlib.md5(where.encode()).hexdigest()}"


def page_cache_begin() -> None:
    """A rendering for the cache starts: every page shows the site-wide version.
    Call it after a miss, before the view reads anything."""
    page_shows("site")
    replica_position_mark()


def page_cache_get(request, key: str | None) -> HttpResponse | None:
    """The page kept under `key`, with the requester's own CSRF token, if
    nothing it shows has changed since it was rendered."""
    cached = cache.get(key) if key else None
    if cached is None:
        return None
    content, content_type, shown = cached
    if cache.get_many(list(shown)) != shown:
        return None  # something it shows was written since (or evicted)
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


def page_cache_keep(
    request, response, key: str | None, *, seconds: int | None = None
) -> None:
    """Keep `response` under `key` once rendered, if it may be served to
    anyone; for `seconds` (`seconds_kept()` unless given)."""
    shown = _shown.get()
    if not key or response.status_code != 200 or getattr(response, "streaming", 0):
        _shown.set(None)
        return
    if seconds is None:
        seconds = seconds_kept()

    def store(rendered):
        _shown.set(None)  # the rendering is over: record nothing more
        began = shown is not None and VERSION_KEY in shown
        if began and _is_keepable(request, rendered) and replica_reads_current():
            _store(key, rendered, seconds, shown, nonce=_nonce_used(request))

    if getattr(response, "is_rendered", True):
        store(response)
    else:
        response.add_post_render_callback(store)


def page_cache_serve(
    request,
    render: Callable[[], HttpResponse],
    on_hit: Callable[[HttpResponse], None] | None = None,
    ignored: frozenset[str] | None = None,
    seconds: int | None = None,
) -> HttpResponse:
    """The cached page if there is one, else `render()`, kept for next time
    (`seconds`: as `page_cache_keep`)."""
    key = page_cache_key(request, ignored=ignored)
    cached = page_cache_get(request, key)
    if cached is not None:
        _shown.set(None)
        if on_hit is not None:
            on_hit(cached)
        return cached
    try:
        if key:
            page_cache_begin()
        response = render()
    except BaseException:
        _shown.set(None)
        raise
    page_cache_keep(request, response, key, seconds=seconds)
    return response


def _is_keepable(request, response) -> bool:
    session = getattr(request, "session", None)
    if session is not None and getattr(session, "modified", False):
        return False  # the view remembered something of this visitor
    basket = getattr(request, "_basket_cache", None)
    if basket is not None and basket.id:
        return False  # it read a visitor's own basket (Oscar's middleware)
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):
        return False  # it showed (or holds) this visitor's flash messages
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


def _store(key, response, seconds, shown, *, nonce: str | None = None) -> None:
    # Only the HTML is kept: cookies the view set are set again on a hit.
    content = response.content.decode(response.charset)
    match = _CSRF_INPUT.search(content)
    if match:
        content = content.replace(match.group(1), CSRF_PLACEHOLDER)
    if nonce:
        content = content.replace(f'nonce="{nonce}"', f'nonce="{NONCE_PLACEHOLDER}"')
    cache.set(key, (content, response["Content-Type"], dict(shown)), seconds)


class AnonymousPageCacheMixin:
    """For a view whose page is the same for every anonymous shopper and
    changes only with writes that move its versions (nothing in it changes
    with the clock): kept `versioned_seconds_kept()`."""

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
            seconds=versioned_seconds_kept(),
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
    from wagtail.models import Page, Site
    from wagtail.views import serve

    cached = page_cache_get(request, page_cache_key(request))
    if cached is not None:
        return cached
    if not hasattr(request, "_wagtail_site"):
        # Wagtail looks the site up once per request (a query); the sites
        # change rarely and move the site-wide version when they do.
        site = fragment_kept(
            "wagtail-site",
            (request.get_host(), request.get_port()),
            tags=(),
            make=lambda: Site.find_for_request(request),
        )
        request._wagtail_site = site
    if not hasattr(request, "_wagtail_route_for_request") and is_impersonal(request):
        # Wagtail's routing (the root page in this language, its specific
        # page, each page down the path: four queries on the home page),
        # kept for visitors whose request carries nothing personal: what it
        # reads moves the site-wide version when it changes (a page
        # published, unpublished, moved or deleted; a site).
        # Wagtail reads the route it finds there (`route_for_request`); a
        # path that routes nowhere (None) is never kept.
        request._wagtail_route_for_request = fragment_kept(
            "wagtail-route",
            (request.get_host(), translation.get_language() or "", path),
            tags=(),
            make=lambda: Page.route_for_request(request, path),
        )
    return serve(request, path)

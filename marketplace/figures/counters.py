"""Product views, counted in the cache: never a database write per page view.

Product pages are served from the page cache and must not write (under load
on SQLite every write serialises the pages). Each view that reaches Django
(rendered or served from the page cache: both send Oscar's `product_viewed`)
is counted here, per product and day (the shop's time zone), and
`fold_view_counts` (services.py) copies each day's totals into
`ProductViewDay`.

- On Redis (REDIS_URL): one pipeline per view, INCR of the day's views,
  PFADD of the visitor into the day's HyperLogLog (unique visitors, within
  about 1 %), SADD of the product into the day's index, each key kept
  `KEEP_DAYS`. A Redis outage loses the views made meanwhile, nothing else
  (marketplace.cache fails soft).
- On the local memory cache (the embedded default, no HyperLogLog): the views
  are an `incr`, and a visitor counts once per product and day the first time
  this process sees it (an `add` of its own key). The approximation: each
  process has its own memory, so a visitor served by two processes counts
  twice, and the local cache's eviction (300 keys by default) can forget a
  visitor, or a whole day's counts, before a fold. Counts are lost when the
  process restarts: folding often (every few minutes) keeps the loss small.

A visitor is a keyed hash of the client address and user agent, changing
every day: nothing that names a shopper is kept. Robots (by user agent),
prefetches and HEAD requests are not counted.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import date

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone
from django.utils.crypto import salted_hmac

from marketplace.accounts.client import client_ip

logger = logging.getLogger(__name__)

KEEP_DAYS = 8
KEEP_SECONDS = KEEP_DAYS * 86_400
# The user agents of robots, link previews and scripts: their views are not
# shoppers'. A missing user agent is a script too.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|"
    r"lighthouse|pagespeed|headless|phantomjs|curl|wget|python|httpx|"
    r"go-http-client|java/|okhttp|libwww|scrapy|monitor|uptime|check",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DayCount:
    views: int
    visitors: int


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT_USER_AGENT.search(user_agent))


def is_counted(request) -> bool:
    """A shopper's page view: not a robot, a prefetch nor a HEAD request."""
    if request.method != "GET":
        return False
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose")
    if purpose and "prefetch" in purpose.lower():
        return False
    return not is_bot(request.headers.get("User-Agent", ""))


def visitor_of(request, *, day: date) -> str:
    """Who viewed, as a keyed hash that changes every day."""
    seen = "\n".join(
        (client_ip(request) or "", request.headers.get("User-Agent", ""), str(day))
    )
    return salted_hmac("figures.visitor", seen).hexdigest()[:16]


def today() -> date:
    return timezone.localdate()


def _views_key(day: date, product_id: int) -> str:
    return f"figures:views:{day.isoformat()}:{product_id}"


def _visitors_key(day: date, product_id: int) -> str:
    return f"figures:visitors:{day.isoformat()}:{product_id}"


def _index_key(day: date) -> str:
    return f"figures:viewed:{day.isoformat()}"


DAYS_KEY = "figures:viewed-days"


class RedisCounters:
    """Counters on Redis: exact views, HyperLogLog visitors."""

    def __init__(self, redis_cache):
        self.cache = redis_cache

    def _run(self, work, default):
        run = getattr(self.cache, "run", None)
        if run is not None:  # marketplace.cache.FailSoftRedisCache
            return run(work, default)
        return work(self.cache._cache.get_client(write=True))

    def _key(self, key: str) -> str:
        # The cache's own prefix and version, as for every other key.
        return self.cache.make_key(key)

    def record(self, *, product_id: int, day: date, visitor: str) -> None:
        views = self._key(_views_key(day, product_id))
        visitors = self._key(_visitors_key(day, product_id))
        index = self._key(_index_key(day))
        days = self._key(DAYS_KEY)

        def work(client):
            pipe = client.pipeline(transaction=False)
            pipe.incr(views)
            pipe.expire(views, KEEP_SECONDS)
            pipe.pfadd(visitors, visitor)
            pipe.expire(visitors, KEEP_SECONDS)
            pipe.sadd(index, product_id)
            pipe.expire(index, KEEP_SECONDS)
            pipe.sadd(days, day.isoformat())
            pipe.execute()

        self._run(work, None)

    def days(self) -> list[date]:
        key = self._key(DAYS_KEY)
        found = self._run(lambda client: client.smembers(key), set())
        return sorted(date.fromisoformat(_text(d)) for d in found)

    def forget_day(self, day: date) -> None:
        key = self._key(DAYS_KEY)
        self._run(lambda client: client.srem(key, day.isoformat()), None)

    def read(self, *, day: date) -> dict[int, DayCount]:
        index = self._key(_index_key(day))

        def work(client):
            product_ids = sorted(int(_text(p)) for p in client.smembers(index))
            pipe = client.pipeline(transaction=False)
            for product_id in product_ids:
                pipe.get(self._key(_views_key(day, product_id)))
                pipe.pfcount(self._key(_visitors_key(day, product_id)))
            answers = pipe.execute()
            return {
                product_id: DayCount(
                    views=int(answers[2 * i] or 0), visitors=int(answers[2 * i + 1])
                )
                for i, product_id in enumerate(product_ids)
            }

        return self._run(work, {})


class CacheCounters:
    """Counters on any Django cache (the local memory one): see the module."""

    # The index of a day is read and written whole: one writer at a time in
    # this process (the local memory cache is this process's own).
    _index_lock = threading.Lock()

    def __init__(self, any_cache):
        self.cache = any_cache

    def record(self, *, product_id: int, day: date, visitor: str) -> None:
        views = _views_key(day, product_id)
        if self.cache.add(views, 0, KEEP_SECONDS):
            self._index_add(day, product_id)
        _incr(self.cache, views)
        seen = f"{_visitors_key(day, product_id)}:{visitor}"
        if self.cache.add(seen, 1, KEEP_SECONDS):
            visitors = _visitors_key(day, product_id)
            self.cache.add(visitors, 0, KEEP_SECONDS)
            _incr(self.cache, visitors)

    def _index_add(self, day: date, product_id: int) -> None:
        with self._index_lock:
            index = self.cache.get(_index_key(day)) or set()
            index.add(product_id)
            self.cache.set(_index_key(day), index, KEEP_SECONDS)
            days = self.cache.get(DAYS_KEY) or set()
            if day not in days:
                self.cache.set(DAYS_KEY, days | {day}, KEEP_SECONDS)

    def days(self) -> list[date]:
        return sorted(self.cache.get(DAYS_KEY) or ())

    def forget_day(self, day: date) -> None:
        with self._index_lock:
            days = self.cache.get(DAYS_KEY) or set()
            self.cache.set(DAYS_KEY, days - {day}, KEEP_SECONDS)

    def read(self, *, day: date) -> dict[int, DayCount]:
        product_ids = sorted(self.cache.get(_index_key(day)) or ())
        keys = [
            key
            for product_id in product_ids
            for key in (_views_key(day, product_id), _visitors_key(day, product_id))
        ]
        found = self.cache.get_many(keys)
        return {
            product_id: DayCount(
                views=int(found.get(_views_key(day, product_id), 0)),
                visitors=int(found.get(_visitors_key(day, product_id), 0)),
            )
            for product_id in product_ids
        }


def _incr(any_cache, key: str) -> None:
    try:
        any_cache.incr(key)
    except ValueError:  # evicted between add and incr: this view is lost
        logger.debug("view counter %s evicted", key)


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def counters() -> RedisCounters | CacheCounters:
    """The counters of the configured default cache."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return RedisCounters(backend)
    return CacheCounters(backend)


def product_view_count(request, *, product_id: int) -> bool:
    """Count one view of `product_id` by `request`; False when not counted."""
    if not is_counted(request):
        return False
    day = today()
    counters().record(
        product_id=product_id, day=day, visitor=visitor_of(request, day=day)
    )
    return True

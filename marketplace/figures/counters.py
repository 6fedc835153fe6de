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
- Without Redis (the embedded default, whose cache is the process's local
  memory): in this process's memory (`MemoryCounters`), no HyperLogLog: a
  visitor counts once per product and day, exactly, up to 10,000 visitors a
  day per product, each view past that as a new visitor. Another process
  cannot read that memory, so the web process folds its own counts every
  `FIGURES_LOCAL_FOLD_SECONDS` (services.view_counts_fold_in_process_start),
  on a thread of its own, never in a page view. The approximations: counts
  not yet folded are lost when the process restarts (the fold never lowers
  what it folded), and with several processes without Redis, each folds its
  own count of a product's day and the highest wins. One process (`make
  run`) counts right; production runs on Redis.

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


class MemoryCounters:
    """Counters in this process's memory, for the embedded default (no Redis).

    The local memory cache is this process's memory too, but it evicts
    (300 keys by default, page cache included): a burst of visitors would
    push the counters out. Here nothing is evicted; a day leaves once folded
    and over, and each product's day remembers at most
    `VISITORS_REMEMBERED` visitors (past that, each view counts as a new
    visitor).
    """

    VISITORS_REMEMBERED = 10_000

    def __init__(self):
        self._lock = threading.Lock()
        self._views: dict[date, dict[int, int]] = {}
        self._visitors: dict[date, dict[int, set[str] | int]] = {}
        self._extra: dict[date, dict[int, int]] = {}

    def record(self, *, product_id: int, day: date, visitor: str) -> None:
        with self._lock:
            views = self._views.setdefault(day, {})
            views[product_id] = views.get(product_id, 0) + 1
            seen = self._visitors.setdefault(day, {}).setdefault(product_id, set())
            if visitor in seen:
                return
            if len(seen) < self.VISITORS_REMEMBERED:
                seen.add(visitor)
            else:
                extra = self._extra.setdefault(day, {})
                extra[product_id] = extra.get(product_id, 0) + 1

    def days(self) -> list[date]:
        with self._lock:
            return sorted(self._views)

    def forget_day(self, day: date) -> None:
        with self._lock:
            for kept in (self._views, self._visitors, self._extra):
                kept.pop(day, None)

    def read(self, *, day: date) -> dict[int, DayCount]:
        with self._lock:
            visitors = self._visitors.get(day, {})
            extra = self._extra.get(day, {})
            return {
                product_id: DayCount(
                    views=views,
                    visitors=len(visitors.get(product_id, ()))
                    + extra.get(product_id, 0),
                )
                for product_id, views in self._views.get(day, {}).items()
            }


_memory = MemoryCounters()


def memory_counters_reset() -> None:
    """Forget every count kept in this process (what a restart does)."""
    global _memory
    _memory = MemoryCounters()


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def counters() -> RedisCounters | MemoryCounters:
    """The counters of the configured default cache."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return RedisCounters(backend)
    return _memory


def product_view_count(request, *, product_id: int) -> bool:
    """Count one view of `product_id` by `request`; False when not counted."""
    if not is_counted(request):
        return False
    day = today()
    counters().record(
        product_id=product_id, day=day, visitor=visitor_of(request, day=day)
    )
    return True

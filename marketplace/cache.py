"""Django's Redis cache, made to fail soft: a Redis outage is a cache miss.

Everything the site keeps in the cache can be rebuilt from the database (the
anonymous page cache, the browse facets, the copy of each session that
`cached_db` sessions keep), so when Redis cannot be reached a read answers
"not there" and a write is skipped, with a warning in the log, instead of
turning every page into a server error. Only connection failures and timeouts
are absorbed; a bug (a value that cannot be pickled, a bad key) still raises.

After a failure the cache stops trying for `RETRY_AFTER` seconds (an OPTIONS
key, default 5): a Redis that hangs instead of refusing would otherwise cost
every request its socket timeout once per cache call. The first failure of an
outage is logged as a warning, the return as an info line.

`incr()` and `decr()` on an unreachable Redis raise `ValueError`, as for a
missing key: their callers already handle that (`marketplace.pagecache.pages`).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)

# Per server address, shared by every thread's cache object: when Redis is
# down for one request it is down for all of them.
_down_until: dict[str, float] = {}
_state_lock = threading.Lock()


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, which builds one `redis.Redis` per pool instead
    of one per cache call.

    Django's `get_client` makes a new `redis.Redis` on every call, and
    redis-py copies its table of about 170 response callbacks into each: some
    0.3 ms of CPU a call, a dozen milliseconds for a page that asks the cache
    forty times (its versions, kept parts and fragments; `bench/load.py
    --cpu`). A `redis.Redis` only wraps its pool, which hands each command a
    connection of its own: one may serve every thread.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(
                id(pool), self._client(connection_pool=pool)
            )
        return client


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._where = ",".join(self._servers)

    # --- The outage bookkeeping ------------------------------------------------

    def _skipping(self) -> bool:
        return _down_until.get(self._where, 0) > time.monotonic()

    def _failed(self, error: Exception) -> None:
        with _state_lock:
            first = self._where not in _down_until
            _down_until[self._where] = time.monotonic() + self.retry_after
        if first:
            logger.warning(
                "Redis cache at %s unreachable, serving without cache: %s",
                self._where,
                error,
            )

    def _succeeded(self) -> None:
        if self._where in _down_until:
            with _state_lock:
                if _down_until.pop(self._where, None) is not None:
                    logger.info("Redis cache at %s reachable again", self._where)

    def _call(self, method, default, *args, **kwargs):
        if self._skipping():
            return default
        try:
            result = method(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._failed(error)
            return default
        self._succeeded()
        return result

    def run(self, work, default):
        """`work(client)` on the raw redis-py client, failing soft like the rest.

        For the commands Django's cache does not offer (HyperLogLogs, sets,
        pipelines: marketplace.figures.counters).
        """
        return self._call(lambda: work(self._cache.get_client(write=True)), default)

    # --- The cache interface -----------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call(super().incr, missing, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)

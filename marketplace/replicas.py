"""Reads on the replicas, writes and read-your-writes on the primary.

With `DATABASE_REPLICA_URLS` set, `settings.DATABASES` holds the primary as
`default` and each replica as `replica_1`, `replica_2`, …. A request may read
from a replica only when `ReplicaReadsMiddleware` says so: a GET or HEAD by
an anonymous visitor (the catalogue, search's database fallback, storefronts
and CMS pages) whose browser has not written anything in the last
`REPLICA_PIN_SECONDS` (read-your-writes: a seller who saved stock and an
anonymous shopper who just added to its basket read the primary). Anything
else, and everything after the first write inside any request, reads the
primary. Migrations run on the primary only.

What a replica served is kept by the page cache only if it was current
(marketplace/pagecache): after a write that pages show commits, the primary's
WAL position is noted in the shared cache (`primary_write_note`); a rendering
that reads a replica marks where the replicas had replayed to before it read
anything (`replica_position_mark`, once per request) and is kept only if that
is at or past the last write noted (`replica_reads_current`). Otherwise a
page rendered in the moment between a commit and its replay would be kept
under the new versions with the old rows, stale for as long as it is kept:
served once, it is not kept, and the next visitor's rendering is.
"""

import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import connections

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)
# Where the replicas had replayed to when this request first asked (a list:
# empty until measured, then [position], [None] when unknown).
_replica_position: ContextVar[list | None] = ContextVar(
    "replica_position", default=None
)
# The primary's WAL position after the last committed write pages show.
PRIMARY_WRITE_KEY = "replicas:primary-write-lsn"

PIN_COOKIE = "primary_pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class ReplicaRouter:
    """Django's database router for the primary and its replicas."""

    def db_for_read(self, model, **hints):
        if not _replica_reads.get():
            return "default"
        aliases = replica_aliases()
        return random.choice(aliases) if aliases else "default"  # noqa: S311

    def db_for_write(self, model, **hints):
        # The rest of the request reads what it wrote.
        _replica_reads.set(False)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _lsn(text: str | None) -> int | None:
    """A PostgreSQL WAL position ("16/B374D848") as a number."""
    if not text:
        return None
    high, _, low = str(text).partition("/")
    return (int(high, 16) << 32) + int(low, 16)


def _position(alias: str) -> int | None:
    """How far `alias` has replayed the primary's WAL (the primary itself, or
    a copy that is not a standby: its own position); None off PostgreSQL."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    # The primary's insert position, not its write position: with
    # synchronous_commit off a committed transaction's record may still be in
    # the WAL buffers, behind the write position, and noting that would let a
    # replica that never saw the commit count as current.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
            " ELSE pg_current_wal_insert_lsn() END"
        )
        return _lsn(cursor.fetchone()[0])


def primary_write_note() -> None:
    """After a committed write that pages show: note the primary's position,
    which a replica must have replayed before what it serves is kept."""
    if not replica_aliases():
        return
    position = _position("default")
    if position is not None and position > (cache.get(PRIMARY_WRITE_KEY) or 0):
        cache.set(PRIMARY_WRITE_KEY, position, None)


def replica_position_mark() -> None:
    """Before a rendering for the cache reads anything: where the replicas
    this request reads had replayed to (the least advanced; measured once per
    request, the first time, so the earliest: the strictest)."""
    holder = _replica_position.get()
    if holder is None or holder or not _replica_reads.get():
        return
    positions = [_position(alias) for alias in replica_aliases()]
    holder.append(None if None in positions else min(positions, default=None))


def replica_reads_current() -> bool:
    """Whether what this request read may be kept for others: it read no
    replica, or the replicas had replayed (when marked) every write noted by
    now. Unknown (not PostgreSQL, never marked): current."""
    holder = _replica_position.get()
    if not holder or holder[0] is None:
        return True
    return holder[0] >= (cache.get(PRIMARY_WRITE_KEY) or 0)


def _pinned(request) -> bool:
    value = request.COOKIES.get(PIN_COOKIE)
    if not value:
        return False
    try:
        until = signing.loads(value, salt=PIN_COOKIE)
    except signing.BadSignature:
        return False
    return isinstance(until, (int, float)) and until > time.time()


class ReplicaReadsMiddleware:
    """After the authentication middleware: decides where this request reads,
    and pins a browser that writes to the primary for a few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        allowed = (
            request.method in SAFE_METHODS
            and not request.user.is_authenticated
            and not _pinned(request)
        )
        token = _replica_reads.set(allowed)
        position = _replica_position.set([] if allowed else None)
        try:
            response = self.get_response(request)
        finally:
            _replica_reads.reset(token)
            _replica_position.reset(position)
        if request.method not in SAFE_METHODS:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                signing.dumps(time.time() + seconds, salt=PIN_COOKIE),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

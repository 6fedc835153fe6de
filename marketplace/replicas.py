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
"""

import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.core import signing

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)

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
        try:
            response = self.get_response(request)
        finally:
            _replica_reads.reset(token)
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

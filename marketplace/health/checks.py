"""Whether this process can serve: each dependency asked once, briefly.

`/healthz` says the process lives (no dependency asked: a database outage
must not get every app server restarted). `/readyz` asks every database
(the primary and the replicas), Redis when `REDIS_URL` is set,
Elasticsearch when it is the search backend, and the object store when
media live there; one failing makes the process unready, so the load
balancer sends its requests elsewhere until it answers again.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections

TIMEOUT = 1.0


def _database(alias: str) -> Callable[[], None]:
    def check():
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")

    return check


def _redis() -> None:
    import redis  # noqa: PLC0415 (only with REDIS_URL)

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT
    )
    try:
        client.ping()
    finally:
        client.close()


def _elasticsearch() -> None:
    from elasticsearch import Elasticsearch  # noqa: PLC0415 (only when used)

    client = Elasticsearch(
        settings.ELASTICSEARCH_URL, request_timeout=TIMEOUT, retry_on_timeout=False
    )
    try:
        health = client.cluster.health()  # the client's own timeout applies
    finally:
        client.close()
    if health.get("status") not in ("green", "yellow"):
        raise RuntimeError(f"cluster {health.get('status')}")


def _object_store() -> None:
    # A HEAD on the bucket's root marker: answers whether the store is up.
    default_storage.exists("readyz")


def readiness_checks() -> dict[str, Callable[[], None]]:
    checks = {f"database:{alias}": _database(alias) for alias in settings.DATABASES}
    if getattr(settings, "REDIS_URL", ""):
        checks["redis"] = _redis
    if getattr(settings, "SEARCH_BACKEND", "") == "elasticsearch":
        checks["elasticsearch"] = _elasticsearch
    if getattr(settings, "MEDIA_STORAGE", "local") == "s3":
        checks["object-store"] = _object_store
    return checks


def readiness() -> tuple[bool, dict[str, str]]:
    results = {}
    for name, check in readiness_checks().items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # noqa: BLE001 (any failure: not ready)
            results[name] = f"error: {type(error).__name__}"
    return all(value == "ok" for value in results.values()), results

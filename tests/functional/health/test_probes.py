"""`/healthz` (alive) and `/readyz` (every dependency answers), with each
dependency stopped in turn."""

import json
import os

import pytest
from django.db import connection, connections
from django.db.utils import load_backend

from marketplace.health import checks

pytestmark = pytest.mark.django_db


def _ready(client):
    response = client.get("/readyz", HTTP_HOST="10.0.0.7:8000")
    return response.status_code, json.loads(response.content)


def test_alive_asks_nothing_and_skips_the_host_check(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_ready_when_the_database_answers(client):
    status, body = _ready(client)
    assert status == 200 and body["checks"]["database:default"] == "ok"


def test_unready_while_a_database_is_away(client, monkeypatch):
    # A database server that is down: the primary's settings, a port where
    # nothing listens (SQLite: a folder that does not exist), as one more alias
    # (a replica) among those /readyz asks; the test's own connection stays.
    params = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        params["NAME"] = "/nonexistent/dir/maalem.sqlite3"
    else:
        params["PORT"] = "1"
    down = load_backend(params["ENGINE"]).DatabaseWrapper(params, "replica_down")
    connections["replica_down"] = down
    real = checks.readiness_checks
    monkeypatch.setattr(
        checks,
        "readiness_checks",
        lambda: {**real(), "database:replica_down": checks._database("replica_down")},
    )
    try:
        status, body = _ready(client)
    finally:
        down.close()
        delattr(connections._connections, "replica_down")
    assert status == 503
    assert body["checks"]["database:replica_down"].startswith("error")
    assert body["checks"]["database:default"] == "ok"


@pytest.mark.redis
def test_unready_while_redis_is_away(client, redis_server, settings):
    settings.REDIS_URL = redis_server.url
    status, body = _ready(client)
    assert status == 200 and body["checks"]["redis"] == "ok"
    redis_server.stop()
    status, body = _ready(client)
    assert status == 503 and body["checks"]["redis"].startswith("error")
    redis_server.start()
    assert _ready(client)[0] == 200


@pytest.mark.elasticsearch
def test_unready_while_elasticsearch_is_away(client, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = os.environ["TEST_ELASTICSEARCH_URL"]
    status, body = _ready(client)
    assert status == 200 and body["checks"]["elasticsearch"] == "ok"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"  # a node that is down
    status, body = _ready(client)
    assert status == 503 and body["checks"]["elasticsearch"].startswith("error")

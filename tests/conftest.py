"""Suite-wide fixtures and the rules for tests that need a real service.

Services are started on loopback by `scripts/services.sh`, which exports their
addresses as TEST_* variables. A test marked for a service that is not running
skips with a one-line reason, except under CI=true where it fails the run.
"""

import importlib
import os

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseOperations as SQLiteOps
from django.test import TransactionTestCase
from django.utils import translation

SERVICE_VARIABLES = {
    "redis": "TEST_REDIS_URL",
    "elasticsearch": "TEST_ELASTICSEARCH_URL",
    "stripe": "TEST_STRIPE_API_BASE",
    "s3": "TEST_S3_ENDPOINT_URL",
    # Stateful fake Stripe (scripts/localstripe.sh start).
    "localstripe": "TEST_LOCALSTRIPE_URL",
    # The CMI simulator (scripts/cmi_sim.sh start).
    "cmi": "TEST_CMI_SIM_URL",
    # HAProxy's binary: the tests start it (scripts/services.sh installs it).
    "haproxy": "TEST_HAPROXY",
}


def _sqlite_flush_keeping_the_ledger_guard(flush):
    """Let a transactional test's teardown empty the ledger on SQLite.

    The ledger's triggers refuse every DELETE (see payments' migration 0003);
    Django empties tables between transactional tests with DELETE on SQLite
    (TRUNCATE on PostgreSQL fires no row trigger). The flush drops the
    triggers, empties the tables, and puts them back.
    """
    guard = importlib.import_module(
        "marketplace.payments.migrations.0004_ledger_append_only_triggers"
    )

    def sql_flush(self, style, tables, **kwargs):
        statements = flush(self, style, tables, **kwargs)
        if guard.TABLE not in tables:
            return statements
        return [*guard.SQLITE_REMOVE, *statements, *guard.SQLITE_INSTALL]

    return sql_flush


SQLiteOps.sql_flush = _sqlite_flush_keeping_the_ledger_guard(SQLiteOps.sql_flush)


def _empty_before_restoring(fixture_setup):
    """Empty the database before a `serialized_rollback` test restores it.

    Django restores the migrations' rows (content types, Wagtail's root page)
    by primary key, expecting empty tables. Two things leave rows behind: a
    transactional test without `serialized_rollback` ends with a flush that
    recreates content types and permissions under new keys (post_migrate),
    and `restore_database_after_module` puts the rows back for the
    non-transactional tests that follow. Restoring over either collides on
    (app_label, model); whichever ran before on the worker, this empties the
    tables first (without post_migrate), only when something is there.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    def setup(cls):
        if cls.serialized_rollback:
            for alias in cls._databases_names(include_mirrors=False):
                connection = connections[alias]
                if not getattr(connection, "_test_serialized_contents", None):
                    continue
                if ContentType.objects.using(alias).exists():
                    call_command(
                        "flush",
                        verbosity=0,
                        interactive=False,
                        database=alias,
                        inhibit_post_migrate=True,
                        # As Django's own teardown: a restarted sequence would
                        # hand out the keys the restored rows take again.
                        reset_sequences=False,
                    )
        fixture_setup(cls)

    return classmethod(setup)


TransactionTestCase._fixture_setup = _empty_before_restoring(
    TransactionTestCase._fixture_setup.__func__
)


def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if "live_server" in getattr(item, "fixturenames", ()) and not (
        item.get_closest_marker("liveserver") or item.get_closest_marker("browser")
    ):
        pytest.fail(
            "a test with a live server must be marked liveserver: it runs in the "
            "pass with a database file (scripts/test.sh)",
            pytrace=False,
        )
    for marker, variable in SERVICE_VARIABLES.items():
        if item.get_closest_marker(marker) and not os.environ.get(variable):
            if marker == "s3" and os.environ.get("TEST_S3_NOT_BUILT"):
                # Left out on purpose by scripts/services.sh, which says why.
                pytest.skip(os.environ["TEST_S3_NOT_BUILT"])
            _missing(f"{marker} is not running ({variable} unset): scripts/services.sh")
    if item.get_closest_marker("browser"):
        import importlib.util
        import shutil

        if importlib.util.find_spec("playwright") is None:
            _missing("playwright is not installed: pip install -r requirements.txt")
        elif shutil.which("chromium") is None:
            _missing("chromium is not on PATH: scripts/browser.sh installs it")
    if item.get_closest_marker("postgres"):
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            # Not a missing service: the PostgreSQL pass of `make test` runs these.
            pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://…)")


def pytest_collection_modifyitems(config, items):
    """Run the tests that use the demo marketplace last.

    The demo is seeded once and stays for the session, so tests that count
    rows from an empty database must all have run before it exists.
    """
    # The browser journeys come after those: they write into the demo.
    items.sort(
        key=lambda item: (
            "demo" in getattr(item, "fixturenames", ()),
            item.get_closest_marker("browser") is not None,
        )
    )


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request leaves its page's
    language active in the thread (LocaleMiddleware), which would otherwise
    carry over to whichever test runs next on the same worker."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker):
    """The seeded demo marketplace, built once per test session.

    It stays for the whole session: tests that use it only read it.
    """
    from marketplace.core.demo import demo_seed

    with django_db_blocker.unblock():
        demo_seed(products=60, sellers=24, log=lambda message: None)
    return None


@pytest.fixture
def redis_server(request, settings):
    """A Redis of the test's own carrying the cache, sessions and task queue,
    as production settings put them (`redis_services`), to stop and start
    again mid-test. Mark the test `redis`."""
    from marketplace.settings.base import redis_services
    from tests.redis_server import RedisServer, redis_binary

    binary = redis_binary()
    if binary is None:
        _missing("redis-server is not installed: scripts/services.sh installs it")
    server = RedisServer(binary)
    server.start()
    services = redis_services(server.url, timeout=0.5)
    # Every call tries Redis again: a test sees the server back at once.
    services["CACHES"]["default"]["OPTIONS"]["RETRY_AFTER"] = 0
    for name, value in services.items():
        setattr(settings, name, value)
    try:
        yield server
    finally:
        server.close()

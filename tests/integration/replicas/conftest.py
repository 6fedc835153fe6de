import pytest
from django.db import connections
from django.db.utils import load_backend

from marketplace import replicas
from tests.integration.checkout.shop import restore_database_after_module


@pytest.fixture
def replica(transactional_db, monkeypatch):
    # A second connection to the test database under the replica's name
    # (made here, not from settings: the test framework allows it), which the
    # router and the middleware know as the replica.
    params = dict(connections["default"].settings_dict)
    wrapper = load_backend(params["ENGINE"]).DatabaseWrapper(params, "replica_1")
    connections["replica_1"] = wrapper
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica_1"])
    yield wrapper
    wrapper.close()
    delattr(connections._connections, "replica_1")


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    """These tests are transactional: put the migrations' rows (Wagtail's
    site, for one) back for the tests that follow on this worker."""
    yield
    restore_database_after_module(django_db_blocker)

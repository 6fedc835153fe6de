import pytest
from django.db import connections
from django.db.utils import load_backend

from marketplace import replicas


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

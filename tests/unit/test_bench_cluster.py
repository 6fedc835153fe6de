"""The verdicts bench/cluster.py draws from what its users recorded."""

import argparse

import pytest

from bench import cluster
from bench.cluster import excused, failures, parse_faults, phase_row


def _error(end: float, ms: float, page: str = "home", status: int = 502) -> list:
    return [end, ms, page, status, f"{page}: HTTP {status}"]


def test_only_requests_in_flight_at_the_stop_are_excused():
    stopped = 1000.0
    in_flight = _error(1000.5, 800)  # started 999.7, before the stop
    later = _error(1003.0, 50)  # started after the stop: HAProxy's job
    before = _error(999.0, 50)  # ended before the stop
    excused_, others = excused([in_flight, later, before], stopped)
    assert excused_ == [in_flight]
    assert others == [later, before]
    assert excused([in_flight], None) == ([], [in_flight])


def test_a_phase_counts_server_errors_outside_the_in_flight_ones():
    measured = {
        "seconds": 10.0,
        "pages": {
            "home": {"times": [10.0, 20.0], "server_error": 2, "other_error": 0},
            "search": {"times": [30.0], "server_error": 0, "other_error": 1},
        },
        "errors": [
            _error(1000.5, 800),
            _error(1005.0, 20),
            _error(1006.0, 20, "search", 0),
        ],
    }
    row = phase_row("app", measured, 1000.0)
    assert row["requests"] == 3
    assert row["in_flight_errors"] == 1
    assert row["server_errors"] == 1
    assert row["other_errors"] == 1
    assert row["search_errors"] == 1


def test_the_run_fails_on_a_server_error_a_failed_search_or_a_lost_write():
    fine = {"phase": "steady", "server_errors": 0, "search_errors": 0}
    ok = {
        "phases": [fine, {**fine, "phase": "search"}],
        "read_your_writes": {"ok": True},
        "outbox": {"ok": True},
        "replica": {"ok": True},
    }
    assert failures(ok) == []
    assert failures({**ok, "phases": [{**fine, "server_errors": 1}]})
    assert failures({**ok, "phases": [{**fine, "phase": "search", "search_errors": 2}]})
    assert failures({**ok, "read_your_writes": {"ok": False}})
    assert failures({**ok, "outbox": {"ok": False}})
    assert failures({**ok, "replica": {"ok": False}})
    assert failures({**ok, "anonymous_page": {"ok": False, "page_delay_ms": None}})
    assert failures({**ok, "photo": {"ok": False}})
    assert failures({**ok, "anonymous_page": {"ok": True}, "photo": {"ok": True}}) == []


def test_a_basket_refused_cash_on_delivery_is_counted_apart_not_as_an_error():
    measured = {
        "seconds": 10.0,
        "pages": {"home": {"times": [10.0], "server_error": 0, "other_error": 0}},
        "errors": [],
        "legitimate": {"cash on delivery refused above the ceiling": 2},
    }
    row = phase_row("steady", measured, None)
    assert row["other_errors"] == 0
    assert row["stopped_short"] == {"cash on delivery refused above the ceiling": 2}


def test_faults_are_named():
    assert parse_faults("app,worker") == ["app", "worker"]
    with pytest.raises(argparse.ArgumentTypeError):
        parse_faults("app,disk")


def test_haproxy_waits_for_readyz_longer_than_its_dependencies_may_take(tmp_path):
    # /readyz gives each dependency 1 s; a check cut at HAProxy's default
    # (the 1 s interval) took every busy server out at once: 503s.
    fleet = cluster.Fleet(tmp_path, 21400)
    config = cluster.haproxy_config(fleet, [21431, 21432]).read_text()
    assert "option httpchk GET /readyz" in config
    assert "timeout check 5s" in config
    assert config.count(" check\n") == 2  # both app servers checked

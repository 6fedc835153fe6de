"""The figures bench/load.py prints and the verdict it draws from them."""

import argparse

import pytest

from bench.load import (
    TOTAL,
    highest_holding,
    holds,
    outcome,
    parse_users,
    percentile,
    sellers_for,
    step_table,
    summarise,
)


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(100, 0, -1)]  # unsorted on purpose
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 95) == 0.0


def test_any_5xx_is_a_server_error_and_other_failures_are_counted_apart():
    assert outcome(500, failed=True) == "server_error"
    assert outcome(503, failed=True) == "server_error"
    assert outcome(404, failed=True) == "other_error"
    assert outcome(403, failed=False) == "other_error"
    assert outcome(0, failed=True) == "other_error"  # refused, timed out
    assert outcome(200, failed=True) == "other_error"  # a user's own check
    assert outcome(302, failed=False) == "ok"
    assert outcome(200, failed=False) == "ok"


def test_summary_has_a_row_per_page_and_a_total_over_every_request():
    pages = {
        "search": {"times": [100.0, 300.0], "server_error": 1, "other_error": 0},
        "home": {"times": [10.0, 20.0, 30.0, 40.0], "cache_hits": 3},
    }
    rows = summarise(pages, seconds=2.0)
    assert [row["page"] for row in rows] == ["home", "search", TOTAL]
    home, search, total = rows
    assert home["requests"] == 4 and home["rps"] == 2.0
    assert home["p50_ms"] == 20.0 and home["p99_ms"] == 40.0
    assert search["server_errors"] == 1
    assert total["requests"] == 6 and total["rps"] == 3.0
    assert total["p95_ms"] == 300.0
    assert (total["server_errors"], total["other_errors"]) == (1, 0)
    assert (home["cache_hit_pct"], search["cache_hit_pct"]) == (75.0, 0.0)
    assert total["cache_hit_pct"] == 50.0
    assert "| search | 2 | 1.0 | 100 | 300 | 300 | 1 | 0 | 0 % | 0 % |" in step_table(
        {
            "users": 5,
            "seconds": 2.0,
            "rows": rows,
            "total": total,
            "holds": False,
        }
    )


def _total(p95, server_errors=0, requests=100):
    return {"requests": requests, "p95_ms": p95, "server_errors": server_errors}


def test_a_step_holds_below_300_ms_at_p95_with_no_server_error():
    assert holds(_total(299.9))
    assert not holds(_total(300.0))
    assert not holds(_total(120.0, server_errors=1))
    assert not holds(_total(0.0, requests=0))


def test_the_highest_load_held_counts_only_up_to_the_first_step_that_failed():
    steps = [
        {"users": 40, "holds": False},
        {"users": 10, "holds": True},
        {"users": 80, "holds": True},  # by chance, past the knee: not counted
        {"users": 20, "holds": True},
    ]
    assert highest_holding(steps) == 20
    assert highest_holding([{"users": 10, "holds": False}]) is None
    assert highest_holding([]) is None


def test_user_steps_are_sorted_unique_and_positive():
    assert parse_users("40, 10,20,10") == [10, 20, 40]
    with pytest.raises(argparse.ArgumentTypeError):
        parse_users("0,10")
    with pytest.raises(argparse.ArgumentTypeError):
        parse_users("")


def test_one_user_in_ten_is_a_seller_and_at_least_one_from_five_users():
    assert [sellers_for(n) for n in (1, 4, 5, 10, 20, 40, 80)] == [
        0,
        0,
        1,
        1,
        2,
        4,
        8,
    ]


def test_the_cache_share_counts_page_views_only():
    from bench.load import cache_share

    rows = [
        {"page": "product", "requests": 80, "cache_hit_pct": 75.0},
        {"page": "catalogue", "requests": 20, "cache_hit_pct": 100.0},
        {"page": "place order", "requests": 50, "cache_hit_pct": 0.0},
        {"page": "all requests", "requests": 150, "cache_hit_pct": 53.3},
    ]
    assert cache_share(rows) == 80.0
    assert cache_share([]) == 0.0


def test_saturation_is_the_step_serving_most_and_the_break_the_first_failing():
    from bench.load import breaks_at, saturation

    steps = [
        {"users": 20, "total": {"rps": 50.0}, "holds": True},
        {"users": 40, "total": {"rps": 64.0}, "holds": True},
        {"users": 80, "total": {"rps": 58.0}, "holds": False},
    ]
    assert saturation(steps) == {"users": 40, "rps": 64.0}
    assert breaks_at(steps) == 80
    assert breaks_at(steps[:2]) is None
    assert saturation([]) is None


def test_the_views_asked_before_bound_the_share_the_cache_could_serve():
    from bench.load import cache_share, summarise

    rows = summarise(
        {
            "product": {"times": [1.0] * 4, "cache_hits": 1, "repeats": 2},
            "home": {"times": [1.0] * 4, "cache_hits": 4, "repeats": 4},
            "basket": {"times": [1.0] * 2, "repeats": 2},
        },
        seconds=1.0,
    )
    by_page = {row["page"]: row for row in rows}
    assert by_page["product"]["repeat_pct"] == 50.0
    assert cache_share(rows) == 62.5
    assert cache_share(rows, "repeat_pct") == 75.0

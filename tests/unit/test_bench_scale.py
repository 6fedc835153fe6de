"""bench/scale.py: the same pages at two catalogue sizes, judged by the
issue's rule (ratio to the floor within 20 %, SQL queries equal)."""

import json

from bench.scale import compare, pages_of


def test_a_page_holds_within_20_percent_and_with_equal_queries():
    small = {
        "home": {"ratio": 0.20, "queries": 9},
        "catalogue": {"ratio": 0.20, "queries": 7},
        "search": {"ratio": 0.20, "queries": 5},
    }
    large = {
        "home": {"ratio": 0.17, "queries": 9},  # -15 %
        "catalogue": {"ratio": 0.15, "queries": 7},  # -25 %
        "search": {"ratio": 0.20, "queries": 6},  # one more query
    }
    result = compare(small, large)
    assert {page: got["holds"] for page, got in result.items()} == {
        "catalogue": False,
        "home": True,
        "search": False,
    }
    assert round(result["catalogue"]["ratio_change_pct"]) == -25


def test_the_ratio_is_the_pages_req_s_over_the_floors_not_the_rounded_column(
    tmp_path,
):
    table = [
        "SQLite: 10000 products, …",
        "| page | req/s | p99 ms (worst turn) | SQL queries (render) | errors "
        "| floor req/s | ratio to floor |",
        "|---|---:|---:|---:|---:|---:|---:|",
        "| category | 36 | 623.9 | 3 | 0 | 800 | 0.04 |",
    ]
    output = tmp_path / "pages.json"
    output.write_text(json.dumps({"tables": table, "problems": []}))
    assert pages_of(output) == {"category": {"ratio": 36 / 800, "queries": 3}}

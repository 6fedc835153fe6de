"""bench/scale.py: the same pages at two catalogue sizes, judged by the
issue's rule (ratio to the floor within 20 %, SQL queries equal)."""

from bench.scale import compare


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

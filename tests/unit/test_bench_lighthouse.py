"""bench/lighthouse.py: the four scores and the weight read from
Lighthouse's report, judged against the issue's targets, and their row in
`make bench`'s table."""

from bench import lighthouse
from bench.lighthouse import best, meets, scores_of, table
from bench.run_all import figures, summary_table


def _report(performance=0.93, bytes_=640_000, failing=()):
    audits = {
        "total-byte-weight": {"numericValue": bytes_, "score": 1},
        "largest-contentful-paint": {"numericValue": 2100.4, "score": 0.9},
        "color-contrast": {"score": 1, "scoreDisplayMode": "binary"},
        "uses-long-cache-ttl": {"score": None, "scoreDisplayMode": "informative"},
    }
    for audit in failing:
        audits[audit] = {"score": 0, "scoreDisplayMode": "binary"}
    return {
        "categories": {
            "performance": {"score": performance},
            "accessibility": {"score": 1.0},
            "best-practices": {"score": 0.96},
            "seo": {"score": 1.0},
        },
        "audits": audits,
    }


def test_scores_weight_and_failing_audits_are_read_from_the_report():
    got = scores_of(_report(failing=["heading-order"]))
    assert got["scores"] == {
        "performance": 93,
        "accessibility": 100,
        "best-practices": 96,
        "seo": 100,
    }
    assert got["bytes"] == 640_000
    assert got["lcp_ms"] == 2100
    assert got["failing_audits"] == ["heading-order"]


def test_a_page_meets_the_targets_only_at_90_each_and_under_1_mb():
    assert meets(scores_of(_report()))
    assert not meets(scores_of(_report(performance=0.89)))
    assert not meets(scores_of(_report(bytes_=1_000_000)))


def test_the_scores_make_a_row_of_the_table_and_of_make_bench():
    result = {"page": "home", "lang": "ar", "url": "/ar/", **scores_of(_report())}
    (_header, _rule, row) = table([result])
    assert row == "| ar home | 93 | 100 | 96 | 100 | 640 | 2,100 | met |"
    rows = figures("lighthouse", {"results": [result]})
    assert rows == [
        (
            "Lighthouse mobile: ar home",
            "performance 93, accessibility 100, best practices 96, SEO 100; "
            "640 kB first visit",
        )
    ]
    summary = summary_table(
        [
            {
                "name": "lighthouse",
                "status": 0,
                "seconds": 80,
                "rows": rows,
                "log": "x",
            }
        ]
    )
    assert summary[-1].endswith("| ≥ 90 each; < 1,000 kB |")


def _run(performance, accessibility=100, bytes_=500_000, failing=("a",)):
    return {
        "scores": {
            "performance": performance,
            "accessibility": accessibility,
            "best-practices": 100,
            "seo": 100,
        },
        "bytes": bytes_,
        "lcp_ms": 3000 - 10 * performance,
        "failing_audits": list(failing),
    }


def test_the_best_of_runs_keeps_each_scores_best_and_what_failed_every_time():
    got = best([_run(85, 92, failing=("a", "b")), _run(91, 88, bytes_=400_000)])

    assert got["scores"]["performance"] == 91
    assert got["scores"]["accessibility"] == 92
    assert got["bytes"] == 400_000 and got["lcp_ms"] == 2090
    assert got["failing_audits"] == ["a"] and got["runs"] == 2


def test_only_the_pages_under_the_targets_run_again(monkeypatch, tmp_path):
    """All pages in one round (one Chromium), then again only those under
    the targets, up to three rounds; each page keeps its best."""
    scores = {
        "home": iter([_run(95)]),
        "catalogue": iter([_run(80), _run(93)]),
        "product": iter([_run(70), _run(75), _run(80), _run(99)]),
    }
    rounds = []

    def fake_lighthouse(jobs):
        rounds.append([output.name for _url, output in jobs])
        return [next(scores[url]) for url, _output in jobs]

    monkeypatch.setattr(lighthouse, "run_lighthouse", fake_lighthouse)

    got = lighthouse.best_of(
        [(page, tmp_path / f"fr-{page}.json") for page in scores], 3
    )

    assert rounds == [
        ["fr-home-1.json", "fr-catalogue-1.json", "fr-product-1.json"],
        ["fr-catalogue-2.json", "fr-product-2.json"],
        ["fr-product-3.json"],
    ]
    home, catalogue, product = got
    assert home["runs"] == 1 and home["scores"]["performance"] == 95
    assert catalogue["runs"] == 2 and catalogue["scores"]["performance"] == 93
    assert product["runs"] == 3 and product["scores"]["performance"] == 80
    assert not meets(product)

"""bench/run_all.py: the one table made from every script's --json figures."""

from bench.run_all import BENCHES, figures, markdown_rows, summary_table


def test_every_script_under_bench_is_run_except_helpers():
    from pathlib import Path

    scripts = {
        path.stem
        for path in (Path(__file__).resolve().parents[2] / "bench").glob("*.py")
    }
    # Served, imported (settings too, load.py's gunicorn config), this, or a tool
    # for a person (the profilers).
    helpers = {
        "floor",
        "load_users",
        "load_cpu",
        "run_all",
        "profile_pages",
        "page_costs",
        "profile_checkout",
        "cluster_settings",
        "front",
    }
    assert {name for name, _ in BENCHES} == scripts - helpers


def test_markdown_tables_are_read_by_column_with_their_caption():
    lines = [
        "PostgreSQL: 10000 products, 16 connections, catalogue page cache on",
        "| page | req/s | p99 ms | errors |",
        "|---|---:|---:|---:|",
        "| home | 812 | 40.1 | 0 |",
        "| search | 95 | 310.5 | 2 |",
        "",
        "SQLite: 10000 products",
        "| page | req/s |",
        "|---|---:|",
        "| home | 700 |",
    ]
    rows = markdown_rows(lines)
    assert [(caption.split(":")[0], cells["page"]) for caption, cells in rows] == [
        ("PostgreSQL", "home"),
        ("PostgreSQL", "search"),
        ("SQLite", "home"),
    ]
    assert rows[1][1] == {
        "page": "search",
        "req/s": "95",
        "p99 ms": "310.5",
        "errors": "2",
    }


def test_pages_rows_name_the_database_the_cache_and_any_errors():
    data = {
        "tables": [
            "PostgreSQL: 10000 products, catalogue page cache on",
            "| page | req/s | p99 ms (worst turn) | errors | ratio to floor |",
            "|---|---:|---:|---:|---:|",
            "| search | 95 | 310.5 | 2 | 0.39 |",
        ],
        "problems": ["search: 2 errors"],
    }
    assert figures("pages", data) == [
        (
            "PostgreSQL: search (cache on)",
            "95 req/s, p99 310.5 ms, 0.39 of the floor's req/s, 2 errors",
        ),
        ("problem", "search: 2 errors"),
    ]


def test_search_rows_give_each_backend_and_say_when_the_index_was_reused():
    data = {
        "products": 5000,
        "results": [
            {"backend": "PostgreSQL", "rate": 1234.4, "p50": 12.3, "p95": 40.6},
            {"backend": "Elasticsearch", "rate": None, "p50": 8.0, "p95": 20.0},
        ],
    }
    assert figures("search", data) == [
        (
            "PostgreSQL: 5,000 documents",
            "index 1,234 docs/s, query p50 12 ms, p95 41 ms",
        ),
        ("Elasticsearch: 5,000 documents", "index reused, query p50 8 ms, p95 20 ms"),
    ]


def test_load_rows_give_each_step_and_the_highest_load_held():
    total = {
        "rps": 41.26,
        "p50_ms": 35.0,
        "p95_ms": 250.0,
        "p99_ms": 480.0,
        "server_errors": 0,
        "other_errors": 1,
    }
    data = {
        "steps": [{"users": 20, "total": total, "holds": True}],
        "highest_users_held": 20,
    }
    assert figures("load", data) == [
        (
            "20 users, mixed journeys",
            "41.3 req/s, p50 35 / p95 250 / p99 480 ms, 0 5xx, 1 other errors: holds",
        ),
        ("highest load held (p95 < 300 ms, no 5xx)", "20 users"),
    ]


def test_a_failed_script_keeps_a_row_pointing_at_its_log():
    lines = summary_table(
        [
            {
                "name": "checkout",
                "status": 1,
                "seconds": 12.4,
                "rows": [],
                "log": "/tmp/x/checkout.log",
            },
            {
                "name": "search",
                "status": 0,
                "seconds": 30,
                "rows": [("a", "1"), ("b", "2")],
                "log": "",
            },
        ]
    )
    assert lines[2:] == [
        "| checkout (exit 1), 12 s | no figures | see /tmp/x/checkout.log |  |",
        "| search, 30 s | a | 1 |  |",
        "|  | b | 2 |  |",
    ]


def test_each_figure_the_issue_judges_is_printed_beside_its_target():
    data = {
        "steps": [
            {
                "users": 40,
                "total": {
                    "rps": 61.0,
                    "p50_ms": 20.0,
                    "p95_ms": 280.0,
                    "p99_ms": 400.0,
                    "server_errors": 0,
                    "other_errors": 0,
                },
                "holds": True,
                "page_views_cached_pct": 81.4,
            }
        ],
        "highest_users_held": 40,
        "breaks_at_users": 80,
        "saturation": {"users": 40, "rps": 61.0},
    }
    result = {"name": "load", "status": 0, "seconds": 5, "log": ""}
    lines = summary_table([{**result, "rows": figures("load", data)}])
    assert lines[3:] == [
        "|  | highest load held (p95 < 300 ms, no 5xx) | 40 users | ≥ 40 users |",
        "|  | throughput at saturation | 61.0 req/s at 40 users; breaks at 80 users "
        "| ≥ 60 req/s; say where it breaks |",
        "|  | anonymous page views served from the cache | 81 % (per step) | ≥ 70 % |",
    ]
    pages = {"name": "pages", "status": 0, "seconds": 5, "log": ""}
    row = ("SQLite: home (cache off)", "30 req/s, 0.12 of the floor's req/s")
    assert summary_table([{**pages, "rows": [row]}])[2].endswith(
        "| ≥ 0.10 of the floor |"
    )


def test_checkout_rows_give_each_database_and_queue_against_the_target():
    run = {
        "label": "PostgreSQL, redis",
        "checkouts": 50,
        "orders_per_s": 7.04,
        "place_order_median_ms": 120.4,
        "place_order_p95_ms": 410.0,
        "consistent": True,
    }
    data = {
        "concurrency": 8,
        "target_median_ms": 150,
        "target_p95_ms": 400,
        "runs": [
            {**run, "site_cpu_ms_per_order": 428.4, "queue_cpu_ms_per_order": 358},
            {**run, "label": "SQLite, local", "place_order_p95_ms": 380},
            {
                **run,
                "label": "PostgreSQL, redis, through HAProxy",
                "checkout_median_ms": 940.2,
                "site_cpu_ms_per_order": 160,
                "queue_cpu_ms_per_order": 23,
                "proxy": True,
                "proxy_cpu_ms_per_order": 5.7,
            },
        ],
    }
    assert figures("checkout", data) == [
        (
            "PostgreSQL, redis: 50 guest checkouts, 8 at once",
            "7.0 orders/s, place order median 120 ms, p95 410 ms "
            "(target ≤ 150 / 400 ms: NOT met); CPU per order: site 428 ms, "
            "queue 358 ms",
        ),
        (
            "SQLite, local: 50 guest checkouts, 8 at once",
            "7.0 orders/s, place order median 120 ms, p95 380 ms "
            "(target ≤ 150 / 400 ms: met)",
        ),
        (
            "PostgreSQL, redis, through HAProxy: 50 guest checkouts, 8 at once",
            "7.0 orders/s, place order median 120 ms, p95 410 ms "
            "(target ≤ 150 / 400 ms: NOT met), whole checkout median 940 ms; "
            "CPU per order: site 160 ms, queue 23 ms, HAProxy 6 ms",
        ),
    ]


def test_catalogue_import_rows_give_rate_and_memory_per_size_and_step():
    data = {
        "sizes": [
            {
                "rows": 5000,
                "first import": {"rows_per_s": 1234.5, "peak_rss_mib": 160.2},
                "re-import": {"rows_per_s": 4000, "peak_rss_mib": 150},
            }
        ]
    }
    assert figures("catalogue_import", data) == [
        (
            "SQLite: catalogue file, first import of 5,000 rows",
            "1,234 rows/s, peak 160 MiB",
        ),
        (
            "SQLite: catalogue file, re-import of 5,000 rows",
            "4,000 rows/s, peak 150 MiB",
        ),
    ]


def test_the_cluster_run_gives_a_row_per_phase_and_the_lag():
    from bench.run_all import figures

    phase = {
        "phase": "app",
        "rps": 7.2,
        "p95_ms": 474.0,
        "server_errors": 0,
        "other_errors": 2,
        "in_flight_errors": 1,
    }
    data = {
        "app_servers": 3,
        "phases": [phase],
        "replica": {"wal_replay_wait_ms": 1.5, "replay_lag_ms": 0.8},
    }
    rows = figures("cluster", data)
    assert rows == [
        (
            "cluster (3 app servers): app",
            "7.2 req/s, p95 474 ms, 0 5xx, 2 other errors, 1 in flight",
        ),
        ("cluster: replication lag", "1.5 ms (replay_lag 0.8 ms)"),
    ]


def test_scale_rows_give_each_pages_ratios_queries_and_cpu_at_both_sizes():
    got = {
        "small_ratio": 0.096,
        "large_ratio": 0.052,
        "ratio_change_pct": -46.0,
        "small_queries": 3,
        "large_queries": 3,
        "holds": False,
        "cpu_ms_small": 9.5,
        "cpu_ms_large": 11.9,
    }
    data = {
        "database": "PostgreSQL",
        "small": 10_000,
        "large": 100_000,
        "pages": {"category": got},
    }
    ((label, value),) = figures("scale", data)
    assert label == "PostgreSQL: category, 100,000 vs 10,000 products"
    assert value == (
        "ratio to floor 0.05 vs 0.10 (-46 %), queries 3 vs 3, "
        "CPU 11.9 vs 9.5 ms a rendering"
    )


def test_scale_rows_give_a_crafts_first_page_of_ids_per_sort_at_both_sizes():
    data = {
        "database": "PostgreSQL",
        "small": 10_000,
        "large": 100_000,
        "pages": {},
        # JSON's keys are strings.
        "list_ids_ms": {
            "10000": {"newest": 2.1, "price-asc": 14.59},
            "100000": {"newest": 1.94, "price-asc": 141.08},
        },
    }
    assert figures("scale", data) == [
        (
            "PostgreSQL: a craft's first page of ids, newest, 100,000 vs 10,000 "
            "products",
            "1.9 vs 2.1 ms",
        ),
        (
            "PostgreSQL: a craft's first page of ids, price-asc, 100,000 vs "
            "10,000 products",
            "141.1 vs 14.6 ms",
        ),
    ]

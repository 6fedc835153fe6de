"""Every benchmark under bench/, one after the other, then one table.

    .venv/bin/python bench/run_all.py [--full] [--only load,search]

`make bench` runs this after `scripts/services.sh start` (the scripts need
PostgreSQL, Redis and Elasticsearch from `.services/env`). Each script runs
as a child with `--json PATH`, its own output shown as it goes (and kept in
the log folder printed at the start); the table at the end takes its figures
from those files. A script that fails leaves a row saying so, and the run
exits with status 1.

Sizes: quick by default (aimed at about 10 minutes on the 2-core machine
once the demo databases are built, more when the machine is shared; the
first build of pages' 10,000 products and load's 3,000 takes longer);
`--full` runs each script with its own defaults, the full sizes:

| script | quick (default here) | full (`--full`: the script's own) |
|---|---|---|
| registry_import | 20,000 rows | 622,000 rows (the registry's size) |
| catalogue_import | 2,000 rows | 5,000 and 50,000 rows |
| pages | both databases, cache off, 6 s a page | both, cache off and on |
| checkout | 40 orders, 8 shoppers at once | 200 orders, 16 at once |
| search | 10,000 documents, 2 repeats | 100,000 documents, 5 repeats |
| load | 5,10,20,40 users, 15 s a step | 5,10,20,40,80 users, 30 s a step |
| scale | SQLite, 10,000 vs 2,000 products, 4 s a page | 100,000 vs 10,000, 20 s |
| lighthouse | home, catalogue, product in fr and ar | the same |
| cluster | 3 app servers, 10 users, 15 s a phase | 30 s a phase |
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# (script, quick options): the order they run in, cheapest first.
BENCHES: list[tuple[str, list[str]]] = [
    ("registry_import", ["--rows", "20000"]),
    ("catalogue_import", ["--rows", "2000"]),
    ("search", ["--products", "10000", "--repeat", "2"]),
    ("checkout", ["--orders", "40", "--concurrency", "8"]),
    # Rendered pages (page cache off) on both databases: the target.
    ("pages", ["--database", "both", "--page-cache", "off", "--duration", "6"]),
    ("load", ["--users", "5,10,20,40", "--step-seconds", "15"]),
    # 100,000 products take long to build on the 2-core machine: --full only.
    (
        "scale",
        ["--database", "sqlite", "--small", "2000", "--large", "10000"]
        + ["--duration", "4"],
    ),
    # The demo served as in production; home, catalogue, product in fr and ar.
    ("lighthouse", []),
    # The multi-node run (issue 20): its own services on ports of its own.
    ("cluster", ["--phase-seconds", "15"]),
]


def _fmt(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _checkout_cpu(run: dict) -> str:
    """The CPU time per order of the site and of the queue's worker (less
    moved by a busy machine than the latency), when the run measured it."""
    if "site_cpu_ms_per_order" not in run:
        return ""
    return (
        f"; CPU per order: site {run['site_cpu_ms_per_order']:.0f} ms, queue "
        f"{run.get('queue_cpu_ms_per_order', 0):.0f} ms"
        + (
            f", HAProxy {run['proxy_cpu_ms_per_order']:.0f} ms"
            if run.get("proxy")
            else ""
        )
    )


def _index_rate(rate: float | None) -> str:
    return f"{_fmt(rate)} docs/s" if rate else "reused"


def markdown_rows(lines: list[str]) -> list[tuple[str, dict[str, str]]]:
    """The rows of the markdown tables in `lines`, each with the caption line
    just above its table and its cells by column header."""
    rows: list[tuple[str, dict[str, str]]] = []
    caption, header = "", None
    for line in lines:
        if not line.startswith("|"):
            caption, header = (line or caption), None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not all(set(cell) <= set("-: ") for cell in cells):
            rows.append((caption, dict(zip(header, cells, strict=False))))
    return rows


def figures(name: str, data: dict) -> list[tuple[str, str]]:
    """(figure, value) rows for the summary, from a script's `--json`."""
    rows: list[tuple[str, str]] = []
    if name == "registry_import":
        for database in ("SQLite", "PostgreSQL"):
            if database not in data:
                continue
            got = data[database]
            for step in ("first import", "re-import", "1% changed"):
                if step in got:
                    rows.append(
                        (
                            f"{database}: {step} of {data['rows']:,} rows",
                            f"{_fmt(got[step]['rows_per_s'])} rows/s",
                        )
                    )
            if "lookup" in got:
                rows.append(
                    (
                        f"{database}: one registry lookup",
                        f"median {got['lookup']['median_ms']:.2f} ms, "
                        f"p99 {got['lookup']['p99_ms']:.2f} ms",
                    )
                )
    elif name == "catalogue_import":
        for size in data["sizes"]:
            for step in ("first import", "re-import"):
                if step in size:
                    got = size[step]
                    rows.append(
                        (
                            f"SQLite: catalogue file, {step} of {size['rows']:,} rows",
                            f"{_fmt(got['rows_per_s'])} rows/s, peak "
                            f"{_fmt(got['peak_rss_mib'])} MiB",
                        )
                    )
    elif name == "search":
        for result in data["results"]:
            rows.append(
                (
                    f"{result['backend']}: {data['products']:,} documents",
                    f"index {_index_rate(result.get('rate'))}, query p50 "
                    f"{result['p50']:.0f} ms, p95 {result['p95']:.0f} ms",
                )
            )
    elif name == "checkout":
        # One run per database and queue (bench/checkout.py), each against the
        # issue's target for the place-order latency.
        target = (
            f"target ≤ {data['target_median_ms']:.0f} / {data['target_p95_ms']:.0f} ms"
        )
        for run in data["runs"]:
            met = (
                run["place_order_median_ms"] <= data["target_median_ms"]
                and run["place_order_p95_ms"] <= data["target_p95_ms"]
            )
            rows.append(
                (
                    f"{run['label']}: {run['checkouts']} guest checkouts, "
                    f"{data['concurrency']} at once",
                    f"{run['orders_per_s']:.1f} orders/s, place order median "
                    f"{run['place_order_median_ms']:.0f} ms, p95 "
                    f"{run['place_order_p95_ms']:.0f} ms ({target}: "
                    f"{'met' if met else 'NOT met'})"
                    + (
                        f", whole checkout median {run['checkout_median_ms']:.0f} ms"
                        if "checkout_median_ms" in run
                        else ""
                    )
                    + ("" if run["consistent"] else ", ORDERS INCONSISTENT")
                    + _checkout_cpu(run),
                )
            )
    elif name == "pages":
        for caption, cells in markdown_rows(data["tables"]):
            database = caption.split(":")[0]
            cache = "cache on" if "cache on" in caption else "cache off"
            if "cache" not in caption:
                cache = ""
            label = f"{database}: {cells.get('page', '?')}"
            if cache:
                label += f" ({cache})"
            value = f"{cells.get('req/s', '?')} req/s"
            # Columns found by their header's start: the table's wording moves.
            p99 = next((v for k, v in cells.items() if k.startswith("p99")), None)
            if p99 is not None:
                value += f", p99 {p99} ms"
            if "ratio to floor" in cells:
                value += f", {cells['ratio to floor']} of the floor's req/s"
            if cells.get("errors", "0") not in ("0", ""):
                value += f", {cells['errors']} errors"
            rows.append((label, value))
        rows += [("problem", problem) for problem in data.get("problems", [])]
    elif name == "load":
        best = data["highest_users_held"]
        for step in data["steps"]:
            total = step["total"]
            rows.append(
                (
                    f"{step['users']} users, mixed journeys",
                    f"{total['rps']:.1f} req/s, p50 {total['p50_ms']:.0f} / p95 "
                    f"{total['p95_ms']:.0f} / p99 {total['p99_ms']:.0f} ms, "
                    f"{total['server_errors']} 5xx, {total['other_errors']} other "
                    f"errors: {'holds' if step['holds'] else 'does not hold'}",
                )
            )
        rows.append(
            (
                "highest load held (p95 < 300 ms, no 5xx)",
                "none" if best is None else f"{best} users",
            )
        )
        if data.get("saturation"):
            peak = data["saturation"]
            broke = data.get("breaks_at_users")
            rows.append(
                (
                    "throughput at saturation",
                    f"{peak['rps']:.1f} req/s at {peak['users']} users; breaks at "
                    + (f"{broke} users" if broke else "no step tried"),
                )
            )
        shares = [
            s["page_views_cached_pct"]
            for s in data["steps"]
            if "page_views_cached_pct" in s
        ]
        if shares:
            rows.append(
                (
                    "anonymous page views served from the cache",
                    " / ".join(f"{share:.0f} %" for share in shares) + " (per step)",
                )
            )
    elif name == "lighthouse":
        for result in data["results"]:
            got = result["scores"]
            rows.append(
                (
                    f"Lighthouse mobile: {result['lang']} {result['page']}",
                    f"performance {got['performance']}, accessibility "
                    f"{got['accessibility']}, best practices "
                    f"{got['best-practices']}, SEO {got['seo']}; "
                    f"{result['bytes'] / 1000:,.0f} kB first visit",
                )
            )
    elif name == "scale":
        for page, got in data["pages"].items():
            rows.append(
                (
                    f"{data['database']}: {page}, {data['large']:,} vs "
                    f"{data['small']:,} products",
                    f"ratio to floor {got['large_ratio']:.2f} vs "
                    f"{got['small_ratio']:.2f} ({got['ratio_change_pct']:+.0f} %), "
                    f"queries {got['large_queries']} vs {got['small_queries']}"
                    + (
                        f", CPU {got['cpu_ms_large']:.1f} vs "
                        f"{got['cpu_ms_small']:.1f} ms a rendering"
                        if got.get("cpu_ms_large") and got.get("cpu_ms_small")
                        else ""
                    ),
                )
            )
        lists = data.get("list_ids_ms") or {}
        small, large = lists.get(str(data["small"])), lists.get(str(data["large"]))
        for sort in (large or {}) if small else ():
            rows.append(
                (
                    f"{data['database']}: a craft's first page of ids, {sort}, "
                    f"{data['large']:,} vs {data['small']:,} products",
                    f"{large[sort]:.1f} vs {small[sort]:.1f} ms",
                )
            )
    elif name == "cluster":
        for phase in data["phases"]:
            rows.append(
                (
                    f"cluster ({data['app_servers']} app servers): {phase['phase']}",
                    f"{phase['rps']:.1f} req/s, p95 {phase['p95_ms']:.0f} ms, "
                    f"{phase['server_errors']} 5xx, {phase['other_errors']} other "
                    f"errors, {phase['in_flight_errors']} in flight",
                )
            )
        replica = data.get("replica") or {}
        if replica:
            rows.append(
                (
                    "cluster: replication lag",
                    f"{replica['wal_replay_wait_ms']:.1f} ms (replay_lag "
                    f"{replica['replay_lag_ms']:.1f} ms)",
                )
            )
    return rows


# The targets (issue 14), beside the figures they judge.
TARGETS: list[tuple[str, str, str]] = [
    ("load", "highest load held", "≥ 40 users"),
    ("load", "throughput at saturation", "≥ 60 req/s; say where it breaks"),
    ("load", "served from the cache", "≥ 70 %"),
    ("pages", "(cache off)", "≥ 0.10 of the floor"),
    ("checkout", "guest checkouts", "place order ≤ 150 ms median / 400 ms p95"),
    ("scale", "products", "ratio within 20 %, queries equal"),
    ("lighthouse", "Lighthouse mobile", "≥ 90 each; < 1,000 kB"),
]


def target_for(name: str, figure: str) -> str:
    """The issue's target for this figure, or "" when it has none."""
    return next(
        (
            target
            for bench, words, target in TARGETS
            if bench == name and words in figure
        ),
        "",
    )


def summary_table(results: list[dict]) -> list[str]:
    lines = ["| bench | figure | value | target |", "|---|---|---|---|"]
    for result in results:
        status = "" if result["status"] == 0 else f" (exit {result['status']})"
        label = f"{result['name']}{status}, {result['seconds']:.0f} s"
        rows = result["rows"] or [("no figures", f"see {result['log']}")]
        for figure, value in rows:
            target = target_for(result["name"], figure)
            lines.append(f"| {label} | {figure} | {value} | {target} |")
            label = ""
    return lines


def run(name: str, options: list[str], folder: Path) -> dict:
    output = folder / f"{name}.json"
    log = folder / f"{name}.log"
    command = [PYTHON, str(ROOT / "bench" / f"{name}.py"), *options]
    command += ["--json", str(output)]
    print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
    started = time.monotonic()
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in process.stdout:
            sys.stdout.write(line)
            out.write(line)
        status = process.wait()
    rows: list[tuple[str, str]] = []
    if output.exists():
        try:
            rows = figures(name, json.loads(output.read_text()))
        except (KeyError, TypeError, ValueError) as error:
            rows = [("figures unreadable", repr(error))]
    return {
        "name": name,
        "status": status,
        "seconds": time.monotonic() - started,
        "rows": rows,
        "log": str(log),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--full", action="store_true", help="each script's own (full-size) defaults"
    )
    parser.add_argument(
        "--only", help="comma-separated scripts, e.g. load,search (default: all)"
    )
    args = parser.parse_args()
    wanted = args.only.split(",") if args.only else [name for name, _ in BENCHES]
    unknown = set(wanted) - {name for name, _ in BENCHES}
    if unknown:
        parser.error(f"no such bench: {', '.join(sorted(unknown))}")
    folder = Path(tempfile.mkdtemp(prefix="maalem-bench-all-"))
    print(f"Logs and figures in {folder}", flush=True)
    results = []
    for name, quick in BENCHES:
        if name in wanted:
            results.append(run(name, [] if args.full else quick, folder))
    load = os.getloadavg()
    print(
        f"\n{'Full' if args.full else 'Quick'} sizes; {os.cpu_count()} CPUs, load "
        f"average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (the machine is "
        "shared: figures are pessimistic when it is above the CPU count)\n"
    )
    print("\n".join(summary_table(results)))
    return 0 if all(result["status"] == 0 for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())

"""The same pages on a small and a large catalogue: does rendering stay flat?

    .venv/bin/python bench/scale.py [--database sqlite|postgres]
        [--small 10000] [--large 100000] [--duration 20] [--json PATH]
        [--workdir-prefix /tmp/maalem-bench-scale] [--cpu-requests 20]
        [--cpu-only]

Runs `bench/pages.py --page-cache off` (rendered pages, each against the
Django floor measured in turns beside it) on two demo databases, one of
`--small` and one of `--large` products, kept apart (<workdir-prefix>-<n>-*:
the SQLite file and the media; PostgreSQL database maalem_bench_scale_<n>)
and reused by the next run. The pages write thumbnails (and sorl's keys) there:
to measure a demo kept read-only, copy its folder and give `--workdir-prefix`.
For each page: its ratio to the floor at both sizes, the change between them
(the issue's target: within 20 %) and its SQL queries at both sizes (equal).
Exits 1 when a page misses either, or when pages.py failed.

A loaded machine moves the floor far more than the pages (its one view takes
a fraction of a millisecond: 185 to 845 req/s between turns at load 10), so
beside the ratios each page's CPU time per rendering is measured in-process
at both sizes (`--cpu-requests` renderings, best of three rounds, the page
cache off, its kept parts on as in production: `cpu_ms_*` in the JSON), and
the time to read the ids of a craft's first page sorted newest first, by
price up and down (what its kept list costs to make again after a write:
`list_ids_ms`).

The demos are built in bulk and without their thumbnails (`--lazy-
thumbnails`: the few dozen the pages show are made in the warm-up); 100,000
products still take a while on the 2-core machine: `make bench` runs this at
quick sizes; `--full` (bench/run_all.py) runs these defaults.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))

from bench.run_all import markdown_rows  # noqa: E402  (after the path)

RATIO_TOLERANCE_PCT = 20.0


def measure(products: int, args, folder: Path) -> dict[str, dict]:
    """{page: {"ratio": float, "queries": int}} at this size."""
    output = folder / f"pages-{products}.json"
    command = [
        PYTHON,
        str(ROOT / "bench" / "pages.py"),
        "--database",
        args.database,
        "--products",
        str(products),
        "--page-cache",
        "off",
        # 100,000 products' thumbnails take an hour to make ahead; the pages
        # measured show a few dozen, made in the warm-up.
        "--lazy-thumbnails",
        "--duration",
        str(args.duration),
        "--workdir-prefix",
        f"{args.workdir_prefix}-{products}",
        "--pg-name",
        f"maalem_bench_scale_{products}",
        "--json",
        str(output),
    ]
    print(f"\n=== {products:,} products: {' '.join(command[1:])}", flush=True)
    status = subprocess.run(command, cwd=ROOT).returncode
    if not output.exists():
        raise SystemExit(f"pages.py failed (exit {status}) at {products} products")
    return pages_of(output)


def pages_of(output: Path) -> dict[str, dict]:
    """{page: {"ratio": float, "queries": int}} from a pages.py `--json`."""
    pages = {}
    for _caption, cells in markdown_rows(json.loads(output.read_text())["tables"]):
        # The ratio from the table's req/s, not its "ratio to floor" column:
        # that one is rounded to 0.01, a tenth of a ratio near 0.05 (last
        # round's category "0.05 -> 0.04, -20 %" was that rounding).
        pages[cells["page"]] = {
            "ratio": float(cells["req/s"]) / float(cells["floor req/s"]),
            "queries": int(cells["SQL queries (render)"]),
        }
    return pages


def database_url(products: int, args) -> tuple[str, Path]:
    """The URL and folder of the demo of this size (as pages.py names them)."""
    from urllib.parse import urlsplit, urlunsplit

    from bench.pages import postgres_url

    workdir = Path(f"{args.workdir_prefix}-{products}-{args.database}")
    if args.database == "sqlite":
        return f"sqlite:///{workdir / 'db.sqlite3'}", workdir
    parts = urlsplit(postgres_url(None) or "")
    return urlunsplit(parts._replace(path=f"/maalem_bench_scale_{products}")), workdir


def cpu_per_rendering(products: int, args) -> dict[str, float]:
    """{page: CPU ms per rendering} at this size, in a child process."""
    return _child_json(products, args, "--cpu-child")


def _child_json(products: int, args, flag: str) -> dict:
    """What this script run with `flag` prints last (JSON), in a child
    process on the demo of this size."""
    from bench.pages import child_env

    url, workdir = database_url(products, args)
    output = subprocess.run(
        [PYTHON, __file__, flag, str(args.cpu_requests)],
        cwd=ROOT,
        env=child_env(url, workdir, page_cache=False),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def cpu_child(requests: int) -> None:
    """(Child process) print each page's CPU ms per rendering as JSON."""
    import time

    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from bench.pages import page_urls

    result = {}
    with override_settings(CATALOGUE_PAGE_CACHE_SECONDS=0):
        for name, url in page_urls().items():
            client = Client()
            for _ in range(3):  # kept parts, thumbnails, per-process caches
                client.get(url)
            rounds = []
            for _ in range(3):
                started = time.process_time()
                for _ in range(requests):
                    client.get(url)
                rounds.append((time.process_time() - started) / requests)
            result[name] = 1000 * min(rounds)
    print(json.dumps(result))


LIST_SORTS = ("newest", "price-asc", "price-desc")


def list_reads(products: int, args) -> dict[str, float]:
    """{sort: ms} to read the ids of a craft's first page at this size."""
    return _child_json(products, args, "--lists-child")


def lists_child(requests: int) -> None:
    """(Child process) print, per sort, the ms to read the ids of the first
    page of the bench's craft (what a list's kept part costs to make again
    after a write): best of three rounds, as JSON."""
    import time

    import django

    django.setup()
    from oscar.core.loading import get_model

    from catalogue.selectors import (
        BrowseFilters,
        product_list_browse,
        product_list_page,
    )

    def first_page(filters):
        ids = product_list_browse(filters=filters)
        return product_list_page(filters=filters, ids=ids, index=slice(0, 24))

    Category = get_model("catalogue", "Category")
    craft = Category.objects.filter(depth=1).order_by("path").first()
    result = {}
    for sort in LIST_SORTS:
        filters = BrowseFilters(category=craft, sort=sort)
        first_page(filters)  # plans, caches
        rounds = []
        for _ in range(3):
            started = time.perf_counter()
            for _ in range(requests):
                first_page(filters)
            rounds.append((time.perf_counter() - started) / requests)
        result[sort] = 1000 * min(rounds)
    print(json.dumps(result))


def compare(small: dict[str, dict], large: dict[str, dict]) -> dict[str, dict]:
    """Per page found at both sizes: ratios, their change in %, queries, and
    whether it holds (change within the tolerance, queries equal)."""
    result = {}
    for page in small.keys() & large.keys():
        s, g = small[page], large[page]
        change = 100 * (g["ratio"] - s["ratio"]) / s["ratio"] if s["ratio"] else 0.0
        result[page] = {
            "small_ratio": s["ratio"],
            "large_ratio": g["ratio"],
            "ratio_change_pct": change,
            "small_queries": s["queries"],
            "large_queries": g["queries"],
            "holds": abs(change) <= RATIO_TOLERANCE_PCT
            and s["queries"] == g["queries"],
        }
    return dict(sorted(result.items()))


def print_list_reads(lists: dict[int, dict], args) -> None:
    print("\nA craft's first page of ids, ms (best of three rounds)")
    print("| sort | small | large | change |")
    print("|---|---:|---:|---:|")
    for sort in LIST_SORTS:
        small_ms, large_ms = lists[args.small][sort], lists[args.large][sort]
        print(
            f"| {sort} | {small_ms:.2f} | {large_ms:.2f} "
            f"| {100 * (large_ms - small_ms) / small_ms:+.0f} % |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--json", type=Path, help="write the comparison there")
    parser.add_argument(
        "--workdir-prefix",
        default="/tmp/maalem-bench-scale",
        help="each size's folder is <prefix>-<products>-<database>",
    )
    parser.add_argument(
        "--cpu-requests",
        type=int,
        default=20,
        help="renderings per round of the in-process CPU time (0: none)",
    )
    parser.add_argument(
        "--cpu-only",
        action="store_true",
        help="only the in-process CPU time, on demos already built",
    )
    parser.add_argument("--cpu-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--lists-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cpu_child:
        cpu_child(args.cpu_child)
        return 0
    if args.lists_child:
        lists_child(args.lists_child)
        return 0
    if args.cpu_only:
        sizes = (args.small, args.large)
        cpu = {size: cpu_per_rendering(size, args) for size in sizes}
        lists = {size: list_reads(size, args) for size in sizes}
        print(f"CPU ms per rendering, {args.small:,} -> {args.large:,} products")
        for page, small_ms in cpu[args.small].items():
            large_ms = cpu[args.large][page]
            print(
                f"  {page}: {small_ms:.1f} -> {large_ms:.1f} "
                f"({100 * (large_ms - small_ms) / small_ms:+.0f} %)"
            )
        print_list_reads(lists, args)
        if args.json:
            args.json.write_text(
                json.dumps({"cpu_ms": cpu, "list_ids_ms": lists}, indent=2)
            )
        return 0
    folder = Path(tempfile.mkdtemp(prefix="maalem-bench-scale-"))
    small = measure(args.small, args, folder)
    large = measure(args.large, args, folder)
    pages = compare(small, large)
    lists = {}
    if args.cpu_requests:
        sizes = (args.small, args.large)
        cpu = {size: cpu_per_rendering(size, args) for size in sizes}
        lists = {size: list_reads(size, args) for size in sizes}
        for page, got in pages.items():
            got["cpu_ms_small"] = cpu[args.small].get(page)
            got["cpu_ms_large"] = cpu[args.large].get(page)
    label = "SQLite" if args.database == "sqlite" else "PostgreSQL"
    print(
        f"\n{label}, rendered pages (page cache off): {args.large:,} vs "
        f"{args.small:,} products"
    )
    print(
        "| page | ratio small | ratio large | change | queries small | "
        "queries large | holds |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for page, got in pages.items():
        print(
            f"| {page} | {got['small_ratio']:.3f} | {got['large_ratio']:.3f} "
            f"| {got['ratio_change_pct']:+.0f} % | {got['small_queries']} "
            f"| {got['large_queries']} | {'yes' if got['holds'] else 'NO'} |"
        )
    if args.cpu_requests:
        print("\nCPU ms per rendering, in-process (best of three rounds)")
        print("| page | small | large | change |")
        print("|---|---:|---:|---:|")
        for page, got in pages.items():
            small_ms, large_ms = got["cpu_ms_small"], got["cpu_ms_large"]
            if small_ms and large_ms:
                print(
                    f"| {page} | {small_ms:.1f} | {large_ms:.1f} "
                    f"| {100 * (large_ms - small_ms) / small_ms:+.0f} % |"
                )
        print_list_reads(lists, args)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "database": label,
                    "small": args.small,
                    "large": args.large,
                    "pages": pages,
                    "list_ids_ms": lists,
                    "holds": all(got["holds"] for got in pages.values()),
                },
                indent=2,
            )
        )
    return 0 if pages and all(got["holds"] for got in pages.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

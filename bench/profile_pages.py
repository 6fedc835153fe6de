"""Where a rendered page's time goes: cProfile over the in-process test client.

    source /tmp/bench-env.sh   # DATABASE_URL etc. of a bench/pages.py database
    .venv/bin/python bench/profile_pages.py [--pages home,product] [--requests 30]
        [--sort tottime|cumulative] [--top 30] [--page-cache off|on]

Uses the demo database `bench/pages.py` built (the same URLs as its query
probe), settings `marketplace.settings.base` (DEBUG off, fragments on, the
page cache off unless `--page-cache on`), no gunicorn: each page is requested
a few times to warm the caches, `--requests` times to measure the CPU time
of this process, then as many times under cProfile. For each page prints the
CPU time per request (less moved by a loaded machine than wall time, still
not a figure to quote; the profile's shares are what count), the SQL queries of
one rendering and the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--page-cache", choices=["on", "off"], default="off")
    parser.add_argument("--dump", type=Path, help="write each profile there")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.base")
    os.environ["CATALOGUE_PAGE_CACHE_SECONDS"] = (
        "60" if args.page_cache == "on" else "0"
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench.pages import page_urls

    urls = page_urls()
    wanted = args.pages.split(",") if args.pages else list(urls)
    for name in wanted:
        url = urls[name]
        client = Client(raise_request_exception=True)
        for _ in range(3):
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        queries = []

        def record(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            client.get(url)
        cpu = time.process_time()
        for _ in range(args.requests):
            client.get(url)
        cpu = (time.process_time() - cpu) / args.requests
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for _ in range(args.requests):
            client.get(url)
        profile.disable()
        spent = (time.perf_counter() - started) / args.requests
        print(
            f"\n=== {name} {url}: {cpu * 1000:.1f} ms of CPU a request, "
            f"{spent * 1000:.1f} ms under the profiler, {len(queries)} queries"
        )
        for sql in queries:
            print("   ", sql[:160])
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            stats.dump_stats(args.dump / f"{name}.prof")


if __name__ == "__main__":
    main()

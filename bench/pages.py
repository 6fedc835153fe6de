"""Throughput of the pages anonymous shoppers see, against a Django floor.

    .venv/bin/python bench/pages.py [--database sqlite|postgres|both]
        [--products 10000] [--duration 6] [--slices 3]
        [--connections 16] [--page-cache on|off|both] [--fresh]

For each database: builds a throwaway database of `--products` demo products
(`migrate`, `seed_demo`, `generate_thumbnails`; kept in /tmp/maalem-bench-*
and reused by the next run unless `--fresh`: a database that lacks the demo
is built again, one that lacks only newer migrations is migrated and its
search index rebuilt), serves the site with gunicorn (2 workers, settings
`marketplace.settings.base`: DEBUG off, local memory cache), and serves
`bench/floor.py` (one view, no database) the same way. Each page is then
loaded for `--duration` seconds at `--connections` concurrent connections,
and the floor as long, taking `--slices` turns (the machine is shared and its
load moves within seconds: each page is compared with the floor measured in
between its own turns), with `wrk` (or, without it, a Python load generator
of threads and http.client), after a warm-up, with the anonymous page cache
off (rendering, in one turn: the issue's figure, at least 0.10 of the floor;
the parts of a page kept between renderings stay on, as in production) and
on (`--page-cache both`, the default; `on` or `off` for one). SQL queries
per page are counted separately, in a child process, with Django's test
client and CaptureQueriesContext: rendering (page cache off, the third
request, its parts kept and a product page's row) and, page cache on, a
cookieless visitor's hit.

A page that does not answer 200, or any error under load, is reported on
its row and makes the run exit with status 1; the servers' own logs are in
the database's folder (gunicorn-*.log). The default run (both databases,
page cache off and on, 6 s per page and 6 s of floor beside it) takes about
eight minutes once the databases are built.

PostgreSQL runs when `TEST_DATABASE_URL` (from `scripts/services.sh start
postgres; source .services/env`) or `--database-url` points at a server; the
database `maalem_bench_pages` is created there (and kept for reuse).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PAGES = ["home", "catalogue", "category", "product", "search", "storefront"]
PG_NAME = "maalem_bench_pages"


# `--lazy-thumbnails`: the demo is built without its thumbnails (bench/scale.py).
LAZY_THUMBNAILS = False

# `--cache-url redis://…`: the site's cache (pages, fragments, versions) is
# that Redis, shared by the workers, instead of each worker's local memory.
CACHE_URL = ""


def child_env(
    database_url: str, workdir: Path, page_cache: bool = True
) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "REDIS_", "TEST_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.base",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(workdir / "media"),
        SECRET_KEY="bench-pages",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
        CATALOGUE_PAGE_CACHE_SECONDS="60" if page_cache else "0",
    )
    if CACHE_URL:
        env["REDIS_URL"] = CACHE_URL
    return env


def db_state(database_url: str, workdir: Path) -> dict:
    """The database's demo products and unapplied migrations (child process)."""
    output = subprocess.run(
        [PYTHON, __file__, "--state"],
        cwd=ROOT,
        env=child_env(database_url, workdir),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def state() -> None:
    """(Child process) print the products and unapplied migrations as JSON."""
    import django

    django.setup()
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor
    from oscar.core.loading import get_model

    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    try:
        products = get_model("catalogue", "Product").objects.count()
    except DatabaseError:
        products = 0
    print(json.dumps({"products": products, "unapplied": len(unapplied)}))


def manage(database_url: str, workdir: Path, *args: str) -> None:
    started = time.monotonic()
    print(f"  manage.py {' '.join(args)} …", flush=True)
    env = child_env(database_url, workdir)
    # The demo is built with the embedded defaults (inline tasks: the search
    # index is filled as products are made), whatever cache is measured.
    env.pop("REDIS_URL", None)
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"    {time.monotonic() - started:.0f} s", flush=True)


def prepare(database_url: str, workdir: Path, products: int, fresh: bool) -> None:
    """Build the demo once; later runs reuse it, migrated if the code moved on."""
    found = (
        {"products": 0, "unapplied": 1} if fresh else db_state(database_url, workdir)
    )
    if found["products"] < products:
        seed = ["seed_demo", "--products", str(products)]
        steps = [["migrate", "--noinput", "-v", "0"], seed]
        if LAZY_THUMBNAILS:
            # Each made when a page first shows it (the warm-up does).
            seed.append("--no-thumbnails")
        else:
            steps.append(["generate_thumbnails"])
        for args in steps:
            manage(database_url, workdir, *args)
    elif found["unapplied"]:
        print(
            f"  reusing {workdir} ({found['products']} products), "
            f"{found['unapplied']} new migrations",
            flush=True,
        )
        manage(database_url, workdir, "migrate", "--noinput", "-v", "0")
        # New migrations may change what the search index holds.
        manage(database_url, workdir, "rebuild_search_index")
    else:
        print(f"  reusing {workdir} ({found['products']} products)", flush=True)


def page_urls() -> dict[str, str]:
    """(Inside Django) the URL of each page measured, in French."""
    from django.utils import translation
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    Product = get_model("catalogue", "Product")
    Seller = get_model("artisans", "Seller")
    with translation.override("fr"):
        product = Product.objects.browsable().order_by("pk")[100]
        return {
            "home": "/fr/",
            "catalogue": "/fr/catalogue/",
            "category": Category.objects.filter(depth=1)
            .order_by("path")
            .first()
            .get_absolute_url(),
            "product": product.get_absolute_url(),
            "search": "/fr/search/?q=tapis",
            "storefront": Seller.objects.filter(status="verified")
            .order_by("pk")
            .first()
            .get_absolute_url(),
        }


def probe() -> None:
    """(Child process) print each page's URL, status and SQL queries as JSON."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    urls = page_urls()
    result = {}
    for name, url in urls.items():
        # Rendering: page cache off, a client that keeps its cookies; the
        # third request (a product page's row is kept from its second).
        client = Client(raise_request_exception=False)
        with override_settings(CATALOGUE_PAGE_CACHE_SECONDS=0):
            client.get(url)
            client.get(url)
            with CaptureQueriesContext(connection) as rendered:
                response = client.get(url)
            # Read now: the next request empties the connection's query log.
            queries = len(rendered.captured_queries)
        # A cache hit: page cache on, cookieless visitors (like the load).
        with override_settings(CATALOGUE_PAGE_CACHE_SECONDS=60):
            Client(raise_request_exception=False).get(url)
            with CaptureQueriesContext(connection) as hit:
                cached = Client(raise_request_exception=False).get(url)
            hit_queries = len(hit.captured_queries)
        result[name] = {
            "url": url,
            "status": response.status_code,
            "queries": queries,
            "hit": cached.get("X-Page-Cache") == "hit",
            "hit_queries": hit_queries,
        }
    print(json.dumps(result))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, app: str, env: dict[str, str], log: Path):
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                app,
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            # Tracebacks of failing pages go here, not over the results.
            stderr=log.open("w"),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not start: {app}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)


def load_wrk(url: str, duration: int, connections: int) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "10s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        # gunicorn's sync workers close every connection: a "read" error is
        # wrk seeing that close, not a failed request.
        errors += int(match.group(1)) + int(match.group(3)) + int(match.group(4))
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale, "errors": errors}


def load_python(url: str, duration: int, connections: int) -> dict:
    """Fallback load generator: one thread per connection, for `duration` s."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def worker():
        mine, failed = [], 0
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection(
                    parts.hostname, parts.port, timeout=10
                )
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status >= 400:
                    failed += 1
            except OSError:
                failed += 1
            mine.append(time.monotonic() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0.0
    return {"rps": len(latencies) / duration, "p99_ms": p99 * 1000, "errors": errors[0]}


def load(url: str, duration: int, connections: int) -> dict:
    # Warm-up: fill each worker's caches (compiled templates, facets, kvstore).
    parts = urlsplit(url)
    for _ in range(8):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        try:
            conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
            conn.getresponse().read()
        except OSError as error:
            print(f"    warm-up of {url}: {error!r}", flush=True)
        finally:
            conn.close()
    if shutil.which("wrk"):
        return load_wrk(url, duration, connections)
    return load_python(url, duration, connections)


def load_interleaved(
    floor_url: str, page_url: str, duration: int, connections: int, slices: int
) -> tuple[dict, dict]:
    """Load the floor and the page in turns, `slices` times, `duration` s each.

    The machine is shared and its load changes within seconds: taking turns
    puts the floor and the page under the same neighbours, so their ratio
    holds even when both numbers move.
    """
    step = max(1, round(duration / slices))
    totals = {
        url: {"requests": 0.0, "seconds": 0, "p99_ms": 0.0, "errors": 0}
        for url in (floor_url, page_url)
    }
    for _ in range(slices):
        for url in (floor_url, page_url):
            result = load(url, step, connections)
            total = totals[url]
            total["requests"] += result["rps"] * step
            total["seconds"] += step
            total["p99_ms"] = max(total["p99_ms"], result["p99_ms"])
            total["errors"] += result["errors"]
    floor, page = (
        {
            "rps": totals[url]["requests"] / totals[url]["seconds"],
            "p99_ms": totals[url]["p99_ms"],
            "errors": totals[url]["errors"],
        }
        for url in (floor_url, page_url)
    )
    return floor, page


def bench_database(label, database_url, workdir, args) -> tuple[list[str], list]:
    """Measure one database; returns its tables and the problems seen."""
    if CACHE_URL:
        label += " + Redis cache"
    print(f"\n== {label} ==", flush=True)
    workdir.mkdir(parents=True, exist_ok=True)
    prepare(database_url, workdir, args.products, args.fresh)
    env = child_env(database_url, workdir, page_cache=False)
    probe_run = subprocess.run(
        [PYTHON, __file__, "--probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if probe_run.returncode:
        print(probe_run.stderr[-3000:], file=sys.stderr)
        return [f"{label}: the query probe failed (above)"], [f"{label}: probe"]
    pages = json.loads(probe_run.stdout.strip().splitlines()[-1])

    # The machine is shared and its load moves within seconds: the floor is
    # measured again with each page, in turns (`load_interleaved`), and each
    # page's ratio is to its own floor.
    floor_server = Server(
        "bench.floor:application", env, workdir / "gunicorn-floor.log"
    )
    floor_url = f"http://127.0.0.1:{floor_server.port}/"
    lines, problems = [], []
    try:
        for page_cache in {"on": [True], "off": [False], "both": [True, False]}[
            args.page_cache
        ]:
            rows, found = load_pages(
                label, database_url, workdir, args, pages, page_cache, floor_url
            )
            problems += found
            lines += table(label, args, rows, page_cache) + [""]
    finally:
        floor_server.stop()
    print("\n".join(lines), flush=True)
    return lines, problems


def load_pages(label, database_url, workdir, args, pages, page_cache, floor_url):
    """Load each page (and the floor before it) on a site server of its own."""
    mode = "on" if page_cache else "off"
    log = workdir / f"gunicorn-site-cache-{mode}.log"
    site = Server(
        "marketplace.wsgi:application",
        child_env(database_url, workdir, page_cache=page_cache),
        log,
    )
    rows, problems = [], []
    try:
        for name in PAGES:
            page = pages[name]
            print(f"  {name} {page['url']}", flush=True)
            floor, result = load_interleaved(
                floor_url,
                f"http://127.0.0.1:{site.port}{page['url']}",
                args.duration,
                args.connections,
                # A rendered page can take seconds under load: short turns
                # would count mostly the requests cut off at each turn's end.
                args.slices if page_cache else 1,
            )
            rows.append((name, page, result, floor))
            if page["status"] != 200 or result["errors"] or floor["errors"]:
                problems.append(
                    f"{label}, page cache {mode}: {name} answered HTTP "
                    f"{page['status']}, {result['errors']} errors under load "
                    f"(server log: {log})"
                )
            if page_cache and not page["hit"]:
                problems.append(f"{label}: {name} was not served from the page cache")
    finally:
        site.stop()
    return rows, problems


def table(label, args, rows, page_cache) -> list[str]:
    hit_column = " SQL queries (cache hit) |" if page_cache else ""
    floors = [floor["rps"] for *_, floor in rows]
    lines = [
        f"{label}: {args.products} products, {args.connections} connections, "
        f"{args.duration} s per page, gunicorn 2 workers, "
        f"{'wrk' if shutil.which('wrk') else 'python threads'}, anonymous page "
        f"cache {'on' if page_cache else 'off'}; the floor (no database) and "
        f"each page loaded in {args.slices if page_cache else 1} turns each, floor "
        f"{min(floors):.0f}–{max(floors):.0f} req/s",
        "| page | req/s | p99 ms (worst turn) | SQL queries (render) |"
        f"{hit_column} errors | floor req/s | ratio to floor |",
        "|---|---:|---:|---:|" + ("---:|" if page_cache else "") + "---:|---:|---:|",
    ]
    for name, page, result, floor in rows:
        status = "" if page["status"] == 200 else f" (HTTP {page['status']})"
        hit = f" {page['hit_queries']} |" if page_cache else ""
        lines.append(
            f"| {name}{status} | {result['rps']:.0f} | {result['p99_ms']:.1f} "
            f"| {page['queries']} |{hit} {result['errors']} "
            f"| {floor['rps']:.0f} | {result['rps'] / floor['rps']:.2f} |"
        )
    return lines


def postgres_url(given: str | None) -> str | None:
    url = given or os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    return url


def ensure_pg_database(url: str, fresh: bool, name: str = PG_NAME) -> str:
    """Database `name` on the server of `url`, created if missing (dropped
    first when `fresh`); its URL."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"])
    parser.add_argument("--database-url", help="postgres:// URL of a server")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=6)
    parser.add_argument(
        "--slices",
        type=int,
        default=3,
        help="turns the floor and each page take (default: 3)",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data")
    parser.add_argument(
        "--page-cache",
        choices=["on", "off", "both"],
        default="both",
        help="anonymous page cache: on, off (rendering: the issue's 0.10 of the "
        "floor) or both runs (default)",
    )
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--state", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="write the tables there")
    parser.add_argument(
        "--lazy-thumbnails",
        action="store_true",
        help="build the demo without thumbnails: each is made when a page "
        "first shows it, in the warm-up (large catalogues: bench/scale.py)",
    )
    parser.add_argument(
        "--workdir-prefix",
        default="/tmp/maalem-bench",
        help="where the databases are kept: <prefix>-sqlite, <prefix>-postgres",
    )
    parser.add_argument(
        "--pg-name", default=PG_NAME, help=f"PostgreSQL database (default {PG_NAME})"
    )
    parser.add_argument(
        "--cache-url",
        default="",
        help="redis://host:port/db: measure with Redis as the shared cache "
        "(default: each worker's local memory, the embedded default)",
    )
    args = parser.parse_args()
    global CACHE_URL, LAZY_THUMBNAILS
    CACHE_URL = args.cache_url
    LAZY_THUMBNAILS = args.lazy_thumbnails
    if CACHE_URL:
        import redis

        redis.Redis.from_url(CACHE_URL).flushdb()
    if args.probe:
        probe()
        return
    if args.state:
        state()
        return
    databases = args.database or "both"
    tables, problems = [], []
    if databases in ("sqlite", "both"):
        workdir = Path(f"{args.workdir_prefix}-sqlite")
        if args.fresh and workdir.exists():
            shutil.rmtree(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        lines, found = bench_database(
            "SQLite", f"sqlite:///{workdir / 'db.sqlite3'}", workdir, args
        )
        tables += lines
        problems += found
    if databases in ("postgres", "both"):
        url = postgres_url(args.database_url)
        if url is None:
            print(
                "\nPostgreSQL skipped: no postgres:// URL (scripts/services.sh "
                "start postgres; source .services/env).",
                flush=True,
            )
        else:
            workdir = Path(f"{args.workdir_prefix}-postgres")
            if args.fresh and workdir.exists():
                shutil.rmtree(workdir)
            lines, found = bench_database(
                "PostgreSQL",
                ensure_pg_database(url, args.fresh, args.pg_name),
                workdir,
                args,
            )
            tables += [""] + lines
            problems += found
    print("\n" + "\n".join(tables))
    if args.json:  # for bench/run_all.py, which reads the tables by column
        args.json.write_text(json.dumps({"tables": tables, "problems": problems}))
    if problems:
        print("\nFAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

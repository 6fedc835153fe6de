"""Orders per second: guest checkouts placed concurrently against gunicorn.

    python bench/checkout.py [--orders 200] [--concurrency 16] [--workers 4]
        [--database sqlite|postgres|both] [--queue local|redis|both]
        [--front gunicorn|haproxy|both] [--keep-db] [--db-name maalem_bench]
        [--json PATH]

Each combination of `--database` and `--queue` (default: both of each) is one
run. The database (PostgreSQL: `DB_NAME` on the server of `DATABASE_URL`, else
`TEST_DATABASE_URL`, from `scripts/services.sh start postgres; source
.services/env`; SQLite: /tmp/maalem-bench-checkout/DB_NAME.sqlite3) is made
afresh (from the last run's migrated, empty copy: only new migrations run),
migrated and seeded with 8 sellers and 16 products in deep stock (`--keep-db`
reuses the last run's). "local" is the embedded default: the
local-memory cache and tasks run inline in the request's process; "redis" is
production's: Redis (`TEST_REDIS_URL`, database `--redis-db`, emptied first)
holds the cache, the sessions and the task queue, which one `rqworker`
empties. gunicorn serves the site (the embedded settings, DEBUG off) on
127.0.0.1, e-mails built and dropped. `--front haproxy`: the shoppers ask
HAProxy, run with the site's own configuration (deploy/haproxy.cfg: requests
the workers cannot start at once queue there, placing an order first) in
front of that gunicorn; `gunicorn`: they ask gunicorn itself, whose waiting
requests queue in the kernel in arrival order (default: both, one run each).

Each shopper is one HTTP client doing what a browser does: product page, add
two products from two sellers (in random order, so stock rows are locked in
both orders), guest e-mail, shipping address (which goes on to the preview
when the basket's sellers offer one shipping method: the method's page only
when it asks the shopper to choose), place order (cash on delivery),
following every redirect as a browser does, the one to the thank-you page
included. Prints orders per second, the place-order latency (the
place-order POST and its thank-you page), the whole checkout's time and the
CPU time per order of the
site's processes and of the queue's worker (from /proc: less moved by a busy
machine than the latency), and checks that the database holds
exactly the orders the shoppers were told of, a part per seller, and that the
outbox did all their deferred work (e-mails, index updates) once.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `bench.front`, run as a script too
from bench.front import haproxy_command  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
BENCH_DB = "maalem_bench"
SQLITE_DIR = Path("/tmp/maalem-bench-checkout")
REDIS_DB = 6
# The target for the place-order latency at 8 shoppers at once (ms).
TARGET_MEDIAN_MS = 150
TARGET_P95_MS = 400


def with_path(url: str, path: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=path))


def recreate_pg_database(base_url: str, name: str, *, template: str = "") -> str:
    """`name` made afresh: a copy of `template` when that database exists,
    else empty."""
    import psycopg

    with psycopg.connect(with_path(base_url, "/postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        found = (
            template
            and conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [template]
            ).fetchone()
        )
        if found:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')
    return with_path(base_url, f"/{name}")


def seed() -> None:
    """Run inside Django (`--seed-only`): sellers, products, deep stock."""
    import django

    django.setup()
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from oscar.core.loading import get_model

    from artisans.models import Region, Seller

    Partner = get_model("partner", "Partner")
    Product = get_model("catalogue", "Product")
    ProductClass = get_model("catalogue", "ProductClass")
    StockRecord = get_model("partner", "StockRecord")
    Country = get_model("address", "Country")

    Country.objects.update_or_create(
        iso_3166_1_a2="MA",
        defaults={
            "iso_3166_1_a3": "MAR",
            "iso_3166_1_numeric": "504",
            "printable_name": "Maroc",
            "name": "Royaume du Maroc",
            "is_shipping_country": True,
        },
    )
    region, _ = Region.objects.get_or_create(
        code="07", defaults={"name": "Marrakech-Safi", "slug": "marrakech-safi"}
    )
    product_class, _ = ProductClass.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "track_stock": True}
    )
    for i in range(8):
        owner = get_user_model().objects.create_user(
            f"bench-seller-{i}", f"bench-seller-{i}@example.ma", "pw-bench-123!"
        )
        partner = Partner.objects.create(name=f"Bench seller {i}")
        seller = Seller.objects.create(
            partner=partner,
            owner=owner,
            kind="artisan",
            name=f"Bench seller {i}",
            slug=f"bench-seller-{i}",
            registry_id_claimed=f"RNA-07-{i:07d}",
            name_claimed=f"Bench seller {i}",
            trade="Poterie",
            region=region,
            phone="+212600000000",
            status="verified",
            # Shops are public only once their owner agreed (issue 19).
            publication_consent_at=timezone.now(),
            shipping_flat_rate=Decimal("30.00"),
            free_shipping_threshold=Decimal("800.00"),
        )
        for j in range(2):
            product = Product.objects.create(
                title=f"Bench product {i}-{j}",
                slug=f"bench-product-{i}-{j}",
                upc=f"BENCH-{i}-{j}",
                product_class=product_class,
                is_public=True,
                seller=seller,
            )
            StockRecord.objects.create(
                product=product,
                partner=partner,
                partner_sku=f"BENCH-{i}-{j}",
                price_currency="MAD",
                price=Decimal(150 + 50 * j),
                num_in_stock=1_000_000,
            )


class Database:
    """The bench database, read with the driver its URL names."""

    def __init__(self, url: str):
        self.url = url
        self.sqlite = url.startswith("sqlite")

    def rows(self, sql: str) -> list[tuple]:
        if self.sqlite:
            path = urllib.parse.urlsplit(self.url).path
            with sqlite3.connect(path, timeout=30) as conn:
                return conn.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql).fetchall()

    def one(self, sql: str):
        return self.rows(sql)[0][0]

    def products(self) -> list[dict]:
        rows = self.rows(
            "SELECT p.id, p.slug, s.partner_id FROM catalogue_product p"
            " JOIN partner_stockrecord s ON s.product_id = p.id"
            " WHERE p.upc LIKE 'BENCH-%' ORDER BY p.id"
        )
        return [
            {"id": pk, "seller": partner, "url": f"/fr/catalogue/{slug}_{pk}/"}
            for pk, slug, partner in rows
        ]

    def counts(self, after_order_id: int) -> dict:
        outbox = dict(
            self.rows("SELECT status, count(*) FROM outbox_outboxmessage GROUP BY 1")
        )
        return {
            "orders": self.one(
                f"SELECT count(*) FROM order_order WHERE id > {after_order_id}"
            ),
            "parts": self.one(
                "SELECT count(*) FROM sellerorders_ordersellerpart"
                f" WHERE order_id > {after_order_id}"
            ),
            "outbox": outbox,
        }


class Shopper:
    """A browser, as far as the checkout needs one: cookies and CSRF."""

    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def _csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def get(self, path: str):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict):
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"X-CSRFToken": self._csrf()},
        )
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.geturl(), response.read().decode()


def one_checkout(base: str, products: list, n: int) -> tuple[float, float]:
    """A guest's whole checkout; returns the place-order latency and the
    whole checkout's time, product page to thank-you page (seconds)."""
    begun = time.perf_counter()
    rng = random.Random(n)
    first = rng.choice(products)
    second = rng.choice([p for p in products if p["seller"] != first["seller"]])
    shopper = Shopper(base)
    shopper.get(first["url"])  # sets the CSRF cookie, as a visit would
    for product in (first, second):
        shopper.post(f"/fr/basket/add/{product['id']}/", {"quantity": 1})
    shopper.post(
        "/fr/checkout/", {"username": f"s{n}@example.ma", "options": "anonymous"}
    )
    _, landed, _ = shopper.post(
        "/fr/checkout/shipping-address/",
        {
            "first_name": "Amina",
            "last_name": "Alaoui",
            "line1": "12 rue des Potiers",
            "line4": "Fès",
            "postcode": "30000",
            "country": "MA",
        },
    )
    if not landed.endswith("/checkout/preview/"):
        # The shipping method is the shopper's to choose: the page asks.
        shopper.get("/fr/checkout/shipping-method/")
    started = time.perf_counter()
    status, url, body = shopper.post(
        "/fr/checkout/preview/", {"action": "place_order", "accept_terms": "on"}
    )
    latency = time.perf_counter() - started
    if not url.endswith("/checkout/thank-you/"):
        raise RuntimeError(f"checkout {n} ended on {url}")
    match = re.search(r"\b1\d{5,}\b", body)
    if not match:
        raise RuntimeError(f"checkout {n}: no order number on the thank-you page")
    return latency, time.perf_counter() - begun


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"{server.args[0]} exited")
        try:
            # A cold worker takes seconds to import Oscar and Wagtail.
            urllib.request.urlopen(base + "/fr/basket/", timeout=30).read()
            return
        except OSError:  # refused while booting, or timed out
            time.sleep(0.5)
    raise RuntimeError(f"{base} did not answer")


def session_cpu_seconds(session_id: int) -> float:
    """CPU time (user and system, with that of reaped children, such as a
    forking RQ worker's work horses) of every process in the session
    `session_id` (a child started with `start_new_session`: gunicorn and its
    workers, the queue's worker)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[3]) == session_id:
            total += sum(int(value) for value in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def percentile_95(ordered: list[float]) -> float:
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def site_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_", "SEARCH_"))
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="marketplace.settings.dev",
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-not-for-production",
        EMAIL_URL="dummymail://",  # e-mails built and sent nowhere
        LOG_LEVEL="ERROR",
        STRIPE_SECRET_KEY="",
        # Every simulated shopper comes from 127.0.0.1: the per-address limit
        # on unconfirmed cash orders is for real shoppers, not this bench.
        MARKETPLACE_COD_MAX_OPEN_PER_IP="1000000",
        PYTHONPATH=str(ROOT),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare(database: str, args, pg_base: str) -> str:
    """The bench database's URL, migrated and seeded unless `--keep-db`.

    A fresh database starts from the last run's migrated, empty copy (the
    PostgreSQL template `<db-name>_migrated`, or the SQLite file beside it)
    and is migrated from there: only new migrations run (a whole migrate
    takes minutes on the loaded 2-core machine). The copy is taken again
    after each migrate, before the seed.
    """
    if database == "postgres":
        url = with_path(pg_base, f"/{args.db_name}")
        template = f"{args.db_name}_migrated"
        if not args.keep_db:
            recreate_pg_database(pg_base, args.db_name, template=template)
    else:
        SQLITE_DIR.mkdir(parents=True, exist_ok=True)
        path = SQLITE_DIR / f"{args.db_name}.sqlite3"
        migrated = SQLITE_DIR / f"{args.db_name}.migrated.sqlite3"
        url = f"sqlite:///{path}"
        if not args.keep_db:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            if migrated.exists():
                shutil.copyfile(migrated, path)
    if not args.keep_db:
        print(f"{database}: migrating and seeding {url} …", flush=True)
        env = site_env(url, "")
        started = time.monotonic()
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(f"  migrated in {time.monotonic() - started:.0f} s", flush=True)
        if database == "postgres":
            recreate_pg_database(pg_base, template, template=args.db_name)
        else:
            with sqlite3.connect(path) as conn:  # one file: the WAL folded in
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(path, migrated)
        subprocess.run([PYTHON, __file__, "--seed-only"], cwd=ROOT, env=env, check=True)
    return url


def start_proxy(port: int, site_port: int, args) -> subprocess.Popen:
    """HAProxy with the site's own configuration on `port`, in front of the
    gunicorn on `site_port`."""
    command, env = haproxy_command(
        port=port,
        site_port=site_port,
        slots=args.proxy_slots or args.workers * args.threads,
    )
    return subprocess.Popen(
        command, env=env, start_new_session=True, stdout=subprocess.DEVNULL
    )


def run(label: str, database_url: str, redis_url: str, args, *, proxy: bool) -> dict:
    """One run against one database and queue, through HAProxy or straight
    to gunicorn; its figures."""
    db = Database(database_url)
    products = db.products()
    orders_before = db.one("SELECT coalesce(max(id), 0) FROM order_order")
    outbox_before = db.counts(orders_before)["outbox"]
    env = site_env(database_url, redis_url)
    if proxy:
        env["TRUSTED_PROXY_COUNT"] = "1"  # as in production, behind one proxy
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    base = f"http://127.0.0.1:{args.port}"
    site_port = args.port + 1 if proxy else args.port
    children = [
        subprocess.Popen(
            [GUNICORN, "marketplace.wsgi:application"]
            + ["--bind", f"127.0.0.1:{site_port}", "--workers", str(args.workers)]
            + ["--threads", str(args.threads), "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
    ]
    if redis_url:
        # django-tasks-rq's jobs need its Job class: a plain worker cannot.
        children.append(
            subprocess.Popen(
                [PYTHON, "manage.py", "rqworker", "--job-class"]
                + ["django_tasks_rq.Job", "default"],
                cwd=ROOT,
                env=env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    try:
        wait_until_up(f"http://127.0.0.1:{site_port}", children[0])
        if proxy:
            # Started once gunicorn answers its health checks; last in
            # `children` (`cpu[1]` stays the queue's worker).
            children.append(start_proxy(args.port, site_port, args))
            wait_until_up(base, children[-1])
        # One checkout per worker to warm its imports and connections.
        for n in range(args.workers):
            one_checkout(base, products, -1 - n)
        failures: list[str] = []
        lock = threading.Lock()

        def shop(n):
            try:
                return one_checkout(base, products, n)
            except Exception as error:
                with lock:
                    failures.append(str(error))
                return None

        load_before = os.getloadavg()
        cpu_before = [session_cpu_seconds(child.pid) for child in children]
        # The shoppers are this process's threads, on the same CPUs as the
        # site: what they spend is measured too (not the site's to cut).
        client_before = time.process_time()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            timed = [x for x in pool.map(shop, range(args.orders)) if x is not None]
        elapsed = time.perf_counter() - started
        client_cpu = time.process_time() - client_before
        load_after = os.getloadavg()
        # The queue's worker catches up with the e-mails and index updates
        # (messages left pending before this run, by `bench/profile_checkout.py`
        # which queues and runs nothing, are not this run's).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            counts = db.counts(orders_before)
            if counts["outbox"].get("pending", 0) <= outbox_before.get("pending", 0):
                break
            time.sleep(1)
        # What the site and the queue's worker spent on these orders (not
        # PostgreSQL's nor Redis's share of the machine).
        cpu = [
            session_cpu_seconds(child.pid) - before
            for child, before in zip(children, cpu_before, strict=True)
        ]
    finally:
        for child in children:
            os.killpg(child.pid, signal.SIGTERM)
        for child in children:
            child.wait(timeout=30)

    latencies = [latency for latency, _ in timed]
    flows = sorted(flow for _, flow in timed)
    flow_median = statistics.median(flows) * 1000 if flows else 0.0
    placed = len(latencies)
    web_cpu_ms = cpu[0] * 1000 / placed if placed else 0.0
    queue_cpu_ms = (cpu[1] * 1000 / placed) if placed and redis_url else 0.0
    proxy_cpu_ms = (cpu[-1] * 1000 / placed) if placed and proxy else 0.0
    client_cpu_ms = client_cpu * 1000 / placed if placed else 0.0
    latencies.sort()
    median = statistics.median(latencies) * 1000 if latencies else 0.0
    p95 = percentile_95(latencies) * 1000 if latencies else 0.0
    expected = placed + args.workers
    outbox = {
        status: counts["outbox"].get(status, 0) - outbox_before.get(status, 0)
        for status in ("pending", "done", "failed")
    }
    consistent = (
        counts["orders"] == expected
        and not failures
        and counts["parts"] == 2 * counts["orders"]
        and outbox["pending"] == 0
        and outbox["failed"] == 0
    )
    print(
        f"{label}: {placed} checkouts in {elapsed:.1f} s with {args.concurrency} "
        f"shoppers at once, gunicorn {args.workers} workers × {args.threads} "
        f"threads: {placed / elapsed:.1f} orders/s"
    )
    print(
        f"{label}: place order median {median:.0f} ms, p95 {p95:.0f} ms "
        f"(target ≤ {TARGET_MEDIAN_MS} / {TARGET_P95_MS} ms); load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    print(
        f"{label}: a whole checkout (product page to thank-you page, every "
        f"request) median {flow_median:.0f} ms"
    )
    print(
        f"{label}: CPU per order (the whole flow, its deferred work included):"
        f" site {web_cpu_ms:.0f} ms, queue worker {queue_cpu_ms:.0f} ms, "
        f"HAProxy {proxy_cpu_ms:.1f} ms; the"
        f" shoppers (this bench's HTTP clients) {client_cpu_ms:.0f} ms"
    )
    print(
        f"{label}: orders in the database {counts['orders']} (expected {expected}),"
        f" parts {counts['parts']}, outbox messages done {outbox['done']}, "
        f"pending {outbox['pending']}, failed {outbox['failed']}"
    )
    if failures:
        print(f"{label}: {len(failures)} checkouts failed, first: {failures[0]}")
    return {
        "label": label,
        "checkouts": placed,
        "orders_per_s": placed / elapsed,
        "place_order_median_ms": median,
        "place_order_p95_ms": p95,
        "checkout_median_ms": flow_median,
        "proxy": proxy,
        "site_cpu_ms_per_order": web_cpu_ms,
        "queue_cpu_ms_per_order": queue_cpu_ms,
        "proxy_cpu_ms_per_order": proxy_cpu_ms,
        "client_cpu_ms_per_order": client_cpu_ms,
        "failures": len(failures),
        "orders": counts["orders"],
        "parts": counts["parts"],
        "outbox": outbox,
        "load_average": [load_before[0], load_after[0]],
        "consistent": consistent,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=18731)
    parser.add_argument(
        "--database", choices=["sqlite", "postgres", "both"], default="both"
    )
    parser.add_argument("--queue", choices=["local", "redis", "both"], default="both")
    parser.add_argument("--db-name", default=BENCH_DB, help="the bench database")
    parser.add_argument("--redis-db", type=int, default=REDIS_DB)
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="reuse the bench database of a previous run (no migrate, no seed)",
    )
    parser.add_argument("--json", type=Path, help="write the figures there")
    parser.add_argument(
        "--front",
        choices=["gunicorn", "haproxy", "both"],
        default="both",
        help="the shoppers ask gunicorn, or HAProxy before it (deploy/haproxy.cfg)",
    )
    parser.add_argument(
        "--proxy-slots",
        type=int,
        default=0,
        help="requests HAProxy lets gunicorn hold at once (default: workers × threads)",
    )
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        seed()
        return 0

    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    queues = ["local", "redis"] if args.queue == "both" else [args.queue]
    fronts = ["gunicorn", "haproxy"] if args.front == "both" else [args.front]
    pg_base = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if "postgres" in databases and not (pg_base or "").startswith("postgres"):
        print("PostgreSQL needed: set DATABASE_URL or source .services/env")
        return 2
    redis_base = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    if "redis" in queues and not redis_base:
        print("Redis needed: set TEST_REDIS_URL (source .services/env)")
        return 2

    runs = []
    for database in databases:
        url = prepare(database, args, pg_base or "")
        for queue in queues:
            redis_url = (
                with_path(redis_base, f"/{args.redis_db}") if queue == "redis" else ""
            )
            label = f"{'SQLite' if database == 'sqlite' else 'PostgreSQL'}, {queue}"
            if queue == "redis":
                label += " (Redis cache, sessions and queue)"
            else:
                label += " (local cache, inline tasks)"
            for front in fronts:
                proxy = front == "haproxy"
                runs.append(
                    run(
                        label + (", through HAProxy" if proxy else ", gunicorn alone"),
                        url,
                        redis_url,
                        args,
                        proxy=proxy,
                    )
                )
    consistent = all(r["consistent"] for r in runs)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "concurrency": args.concurrency,
                    "workers": args.workers,
                    "threads": args.threads,
                    "target_median_ms": TARGET_MEDIAN_MS,
                    "target_p95_ms": TARGET_P95_MS,
                    "runs": runs,
                    "cpus": os.cpu_count(),
                    "load_average_end": os.getloadavg(),
                    "consistent": consistent,
                }
            )
        )
    return 0 if consistent else 1


if __name__ == "__main__":
    sys.exit(main())

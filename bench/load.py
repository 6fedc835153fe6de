"""Load: shoppers and sellers together, against gunicorn, PostgreSQL, Redis and
Elasticsearch, stepped up until the machine no longer holds.

    .venv/bin/python bench/load.py [--users 5,10,20,40,80] [--step-seconds 30]
        [--products 3000] [--workers 4] [--threads 2] [--front gunicorn|haproxy]
        [--fresh] [--json PATH]

Prepares its own target: the database `maalem_bench_load` on the PostgreSQL
server of `TEST_DATABASE_URL` (`scripts/services.sh start; source
.services/env`), migrated and seeded with `--products` demo products by
`bench/pages.py`'s `prepare` (kept, with its media in /tmp/maalem-bench-load,
and reused by the next run unless `--fresh`); stock records running low are
topped up so that runs compare; the products are indexed afresh in
Elasticsearch (`TEST_ELASTICSEARCH_URL`, index prefix `maalem-bench-load`);
Redis (`TEST_REDIS_URL`, database 7, emptied first) holds the cache, the
sessions and the task queue, which one `rqworker` empties as in production.
gunicorn serves the site on 127.0.0.1 with DEBUG off, cash on delivery only
and e-mails built then dropped (`dummymail://`, Django's dummy backend);
`marketplace.settings.production` is not used because it redirects plain
HTTP to HTTPS and sends cookies only over HTTPS. `--front haproxy` puts
HAProxy with the site's own configuration (deploy/haproxy.cfg: its queue,
placing an order first) in front of gunicorn, as production does.

Locust (`bench/load_users.py`, headless, one process) then runs a mix of
users, each waiting 1 to 3 s between pages: shoppers browsing (home,
catalogue pages, categories, products, storefronts), searchers (words,
typos, Arabic, facets, sorts, suggestions, then a result), buyers (two
products of two sellers into the basket, then a guest checkout paid cash on
delivery, to the thank-you page) and sellers (signing in, then updating
stock in their dashboard at /fr/seller/: one user in ten from five users
on). Users keep their cookies, as browsers do. A short unreported warm-up fills
the workers' caches, then each `--users` step runs `--step-seconds` seconds,
measured once every user has started. Per page: requests, p50/p95/p99 and
errors, server errors (5xx) apart from the others (4xx, refused connections,
timeouts, a checkout that did not end on its thank-you page) and the share
served by the anonymous page cache (marketplace/pagecache/), beside the share
of views asking for an address already asked for in the run (warm-up and
earlier steps included): a first view is always rendered, so that share is
the most the cache could serve in this mix. A step holds
when p95 over all requests is under 300 ms with no server error; the steps
stop at the first that does not (`--all-steps` goes on), and the highest
that held is printed; `--json PATH` writes every figure. The exit status is
1 if any request met a server error.
Requests for static files and photos are not made (a browser caches them;
WhiteNoise or a CDN serves them).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
LOCUST = str(Path(PYTHON).with_name("locust"))
PG_NAME = "maalem_bench_load"
WORKDIR = Path("/tmp/maalem-bench-load")
REDIS_DB = 7
ES_PREFIX = "maalem-bench-load"
P95_BUDGET_MS = 300.0
TOTAL = "all requests"
sys.path.insert(0, str(ROOT))  # `bench.pages`, and Locust's `bench.load_users`
from bench.front import haproxy_command  # noqa: E402
from bench.load_cpu import cpu_lines, cpu_table  # noqa: E402

# --- Figures (pure: tested in tests/unit/test_bench_load.py) -----------------


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile `p` (0-100) of `values`; 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def outcome(status: int, failed: bool) -> str:
    """ "server_error" for any 5xx, "other_error" for a failure of another
    kind (4xx, no answer: status 0, or a check the user made), else "ok"."""
    if status >= 500:
        return "server_error"
    if failed or status >= 400 or status == 0:
        return "other_error"
    return "ok"


def summarise(pages: dict[str, dict], seconds: float) -> list[dict]:
    """One row per page, then the total, from what the users recorded:
    `{name: {"times": [ms, ...], "server_error": n, "other_error": n,
    "cache_hits": n}}`."""
    rows = []
    every: list[float] = []
    counts = {"server_error": 0, "other_error": 0, "cache_hits": 0, "repeats": 0}
    for name in sorted(pages):
        page = pages[name]
        times = page["times"]
        every += times
        for key in counts:
            counts[key] += page.get(key, 0)
        rows.append(_row(name, times, page, seconds))
    rows.append(_row(TOTAL, every, counts, seconds))
    return rows


def _row(name: str, times: list[float], errors: dict, seconds: float) -> dict:
    return {
        "page": name,
        "requests": len(times),
        "rps": len(times) / seconds if seconds else 0.0,
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "p99_ms": percentile(times, 99),
        "server_errors": errors.get("server_error", 0),
        "other_errors": errors.get("other_error", 0),
        "cache_hit_pct": 100 * errors.get("cache_hits", 0) / len(times)
        if times
        else 0.0,
        # Views of an address asked for before in the run: the most the
        # page cache could serve (a first view is always rendered).
        "repeat_pct": 100 * errors.get("repeats", 0) / len(times) if times else 0.0,
    }


def holds(total: dict, budget_ms: float = P95_BUDGET_MS) -> bool:
    """Whether a step's total row is within the target: p95 under the budget
    and not one server error."""
    return (
        total["requests"] > 0
        and total["p95_ms"] < budget_ms
        and total["server_errors"] == 0
    )


def highest_holding(steps: list[dict]) -> int | None:
    """The most users of the steps that held, counted up to the first that did
    not (a later step holding by chance does not count); None if none held."""
    best = None
    for step in sorted(steps, key=lambda s: s["users"]):
        if not step["holds"]:
            break
        best = step["users"]
    return best


def step_table(step: dict) -> list[str]:
    lines = [
        f"{step['users']} users, {step['seconds']:.0f} s measured: "
        f"{step['total']['rps']:.1f} req/s, "
        f"{'holds' if step['holds'] else 'does NOT hold'} "
        f"(p95 < {P95_BUDGET_MS:.0f} ms, no 5xx)",
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx | other errors "
        "| page cache hits | asked before |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in step["rows"]:
        lines.append(
            f"| {row['page']} | {row['requests']} | {row['rps']:.1f} "
            f"| {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} "
            f"| {row['server_errors']} | {row['other_errors']} "
            f"| {row['cache_hit_pct']:.0f} % | {row.get('repeat_pct', 0):.0f} % |"
        )
    for sample in step.get("error_samples", []):
        lines.append(f"  error: {sample}")
    return lines


# Anonymous page views: what the page cache may serve (the share). A
# buyer's product page once its basket holds a line ("product (with a
# basket)", bench/load_users.py) is personal: not one of them.
PAGE_VIEWS = (
    "home",
    "catalogue",
    "category",
    "product",
    "storefront",
    "search",
    "search (facets, sort)",
)


def cache_share(rows: list[dict], of: str = "cache_hit_pct") -> float:
    """The percentage of page views (`PAGE_VIEWS`) served from the page cache
    (`of="repeat_pct"`: that asked for an address asked for before, the most
    the cache could serve); 0 when there were none."""
    views = [row for row in rows if row["page"] in PAGE_VIEWS]
    requests = sum(row["requests"] for row in views)
    hits = sum(row.get(of, 0.0) * row["requests"] / 100 for row in views)
    return 100 * hits / requests if requests else 0.0


def saturation(steps: list[dict]) -> dict | None:
    """The step with the highest throughput (req/s over all requests): where
    more users no longer bring more requests served. None without steps."""
    if not steps:
        return None
    best = max(steps, key=lambda step: step["total"]["rps"])
    return {"users": best["users"], "rps": best["total"]["rps"]}


def breaks_at(steps: list[dict]) -> int | None:
    """The users of the first step that did not hold; None if all held."""
    for step in sorted(steps, key=lambda s: s["users"]):
        if not step["holds"]:
            return step["users"]
    return None


def sellers_for(users: int) -> int:
    """Sellers signed in among `users`: one in ten, at least one from five
    users on (below, shoppers only: one seller would be the whole load)."""
    return 0 if users < 5 else max(1, round(users / 10))


def parse_users(text: str) -> list[int]:
    users = sorted({int(part) for part in text.split(",") if part.strip()})
    if not users or users[0] < 1:
        raise argparse.ArgumentTypeError("user counts are positive integers: 10,20")
    return users


# --- The target ----------------------------------------------------------------


def with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=path))


def site_env(
    database_url: str, redis_url: str, es_url: str, es_prefix: str = ES_PREFIX
) -> dict[str, str]:
    """Production's settings as far as plain HTTP on loopback allows
    (`marketplace.settings.production` redirects to HTTPS and sends cookies
    only over it): DEBUG off, Redis, Elasticsearch, cash on delivery."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "REDIS_", "TEST_", "DATABASE_", "STRIPE_", "SEARCH_")
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.base",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL=es_url,
        ELASTICSEARCH_INDEX_PREFIX=es_prefix,
        MEDIA_ROOT=str(WORKDIR / "media"),
        SECRET_KEY="bench-load-not-a-secret",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_URL="dummymail://",
        STRIPE_SECRET_KEY="",
        # Every simulated shopper comes from 127.0.0.1: the per-address limit
        # on unconfirmed cash orders is for real shoppers, not this bench.
        MARKETPLACE_COD_MAX_OPEN_PER_IP="1000000",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare(database_url: str, env: dict, products: int, fresh: bool) -> None:
    from bench.pages import prepare as seed  # migrate, seed_demo, thumbnails

    WORKDIR.mkdir(parents=True, exist_ok=True)
    print(f"Database {PG_NAME}: {products} demo products", flush=True)
    # bench/pages.py's children inherit SEARCH_*/ELASTICSEARCH_*: what seeding
    # indexes goes to this site's Elasticsearch index, not the database's.
    search = {k: v for k, v in env.items() if k.startswith(("SEARCH_", "ELASTIC"))}
    saved = {k: os.environ.get(k) for k in search}
    os.environ.update(search)
    try:
        seed(database_url, WORKDIR, products, fresh)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    import psycopg

    # Earlier runs' orders took stock: give it back, so runs compare (a
    # direct write, before the site runs: nothing is cached yet).
    with psycopg.connect(database_url) as connection:
        topped = connection.execute(
            "UPDATE partner_stockrecord"
            " SET num_in_stock = COALESCE(num_allocated, 0) + 25"
            " WHERE num_in_stock - COALESCE(num_allocated, 0) < 10"
        ).rowcount
    print(f"  stock topped up on {topped} records", flush=True)
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "manage.py", "rebuild_search_index"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(
        f"  Elasticsearch index rebuilt in {time.monotonic() - started:.0f} s",
        flush=True,
    )


def dump_targets() -> None:
    """(Child process, in Django) print what the users visit, as JSON."""
    import random

    import django

    django.setup()
    from django.conf import settings
    from django.db.models import F, Q, Value
    from django.db.models.functions import Coalesce
    from django.utils import translation
    from oscar.core.loading import get_model

    from artisans.models import Seller

    Category = get_model("catalogue", "Category")
    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    rng = random.Random(8)
    with translation.override("fr"):
        ids = list(Product.objects.browsable().values_list("pk", flat=True))
        chosen = rng.sample(ids, min(600, len(ids)))
        products = {p.pk: p for p in Product.objects.filter(pk__in=chosen)}
        records = StockRecord.objects.filter(
            Q(product_id__in=chosen) | Q(product__parent_id__in=chosen),
            num_in_stock__gt=Coalesce(F("num_allocated"), Value(0)) + 2,
        ).select_related("product")
        buyable = [
            {
                "id": r.product_id,
                "partner": r.partner_id,
                "price": str(r.price),
                "url": products[r.product.parent_id or r.product_id].get_absolute_url(),
            }
            for r in records
        ]
        browsable = Product.objects.browsable()
        sellers = []
        for seller in Seller.objects.filter(status="verified").select_related("owner"):
            # Public products' records: an anonymous page shows what they save.
            stock = (
                StockRecord.objects.filter(
                    Q(product__in=browsable) | Q(product__parent__in=browsable),
                    partner=seller.partner_id,
                    product__seller=seller,
                )
                .select_related("product__parent")
                .order_by("pk")[:20]
            )
            sellers.append(
                {
                    "email": seller.owner.email,
                    "storefront": seller.get_absolute_url(),
                    "stock": [
                        {
                            "id": r.pk,
                            "price": str(r.price),
                            "product": (r.product.parent or r.product).pk,
                            "variant": r.product.parent_id is not None,
                            "url": (r.product.parent or r.product).get_absolute_url(),
                        }
                        for r in stock
                    ],
                }
            )
        targets = {
            "products": [p.get_absolute_url() for p in products.values()],
            "catalogue_pages": max(1, min(20, len(ids) // 24)),
            "categories": [c.get_absolute_url() for c in Category.objects.all()],
            "buyable": buyable,
            "sellers": [s for s in sellers if s["stock"]],
            "password": "maalem-demo",  # marketplace.core.demo.DEMO_PASSWORD
            # Cash on delivery is refused above it (a legitimate answer).
            "cod_ceiling": str(settings.MARKETPLACE_COD_MAX_ORDER_TOTAL),
        }
    print(json.dumps(targets))


class Process:
    """A child in its own process group, ended with the whole group."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log.open("wb")
        self.popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self.log.close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, process: Process, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(
                f"{process.popen.args[0]} exited, see {process.log.name}"
            )
        try:
            urllib.request.urlopen(base + "/fr/", timeout=30).read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{base} did not answer")


def run_locust(
    host: str, targets: Path, users: int, seconds: int, result: Path
) -> dict:
    """One Locust run; what its users recorded once all had started."""
    rate = max(1, math.ceil(users / 5))  # every user started within ~5 s
    ramp = math.ceil(users / rate)
    log = result.with_suffix(".log").open("wb")
    classes = ["Shopper", "Searcher", "Buyer"]
    if sellers_for(users):  # else Locust would give sellers a weighted share
        classes.append("Seller")
    subprocess.run(
        [
            LOCUST,
            "-f",
            str(ROOT / "bench" / "load_users.py"),
            "--headless",
            "--only-summary",
            "--skip-log-setup",
            "--users",
            str(users),
            "--spawn-rate",
            str(rate),
            "--run-time",
            f"{seconds + ramp}s",
            "--stop-timeout",
            "5",
            "--host",
            host,
            *classes,
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "LOAD_TARGETS": str(targets),
            "LOAD_RESULT": str(result),
            "LOAD_SELLERS": str(sellers_for(users)),
            "LOAD_SEEN": str(result.parent / "seen.json"),
        },
        check=False,  # Locust exits 1 when any request failed: we count them
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    if not result.exists():
        raise RuntimeError(f"Locust wrote no figures, see {log.name}")
    return json.loads(result.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--users", type=parse_users, default=[5, 10, 20, 40, 80], help="steps: 10,20"
    )
    parser.add_argument("--step-seconds", type=int, default=30)
    parser.add_argument("--warmup-seconds", type=int, default=15)
    parser.add_argument("--products", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data")
    parser.add_argument(
        "--front",
        choices=["gunicorn", "haproxy"],
        default="gunicorn",
        help="the users ask gunicorn, or HAProxy before it (deploy/haproxy.cfg)",
    )
    parser.add_argument(
        "--proxy-slots",
        type=int,
        default=0,
        help="requests HAProxy lets gunicorn hold at once (default: workers × threads)",
    )
    parser.add_argument(
        "--all-steps", action="store_true", help="go on past a step that fails"
    )
    parser.add_argument("--json", type=Path, help="write the figures there")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="per step, the workers' CPU time per view (bench/load_cpu.py)",
    )
    parser.add_argument("--targets", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--redis-db", type=int, default=REDIS_DB, help=f"emptied first ({REDIS_DB})"
    )
    parser.add_argument("--pg-name", default=PG_NAME, help=f"default {PG_NAME}")
    parser.add_argument(
        "--es-prefix", default=ES_PREFIX, help=f"search index prefix ({ES_PREFIX})"
    )
    args = parser.parse_args()
    if args.targets:
        dump_targets()
        return 0

    services = {
        name: os.environ.get(f"TEST_{name}_URL", "")
        for name in ("DATABASE", "REDIS", "ELASTICSEARCH")
    }
    missing = [name for name, url in services.items() if not url]
    if missing or not services["DATABASE"].startswith(("postgres://", "postgresql")):
        print(
            f"Needs PostgreSQL, Redis and Elasticsearch (missing: {missing}): "
            "bash scripts/services.sh start; source .services/env"
        )
        return 2
    started = time.monotonic()
    from bench.pages import ensure_pg_database

    database_url = ensure_pg_database(services["DATABASE"], args.fresh, args.pg_name)
    env = site_env(
        database_url,
        with_path(services["REDIS"], f"/{args.redis_db}"),
        services["ELASTICSEARCH"],
        args.es_prefix,
    )
    prepare(database_url, env, args.products, args.fresh)
    folder = Path(tempfile.mkdtemp(prefix="maalem-load-"))
    targets = folder / "targets.json"
    output = subprocess.run(
        [PYTHON, __file__, "--targets"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    targets.write_text(output.strip().splitlines()[-1])

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proxy = args.front == "haproxy"
    site_port = free_port() if proxy else port
    if proxy:
        env = {**env, "TRUSTED_PROXY_COUNT": "1"}  # as in production
    cpu_dir = folder / "cpu"
    cpu_config = []
    if args.cpu:
        cpu_dir.mkdir()
        env = {**env, "LOAD_CPU_DIR": str(cpu_dir)}
        cpu_config = ["--config", str(ROOT / "bench" / "load_cpu.py")]
    server = Process(
        [
            GUNICORN,
            "marketplace.wsgi:application",
            "--bind",
            f"127.0.0.1:{site_port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "60",
            "--log-level",
            "warning",
            *cpu_config,
        ],
        env,
        folder / "gunicorn.log",
    )
    # django-tasks-rq's jobs need its Job class: a plain worker cannot run them.
    worker = Process(
        [PYTHON, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job"]
        + ["default"],
        env,
        folder / "rqworker.log",
    )
    front = None
    steps: list[dict] = []
    try:
        wait_until_up(f"http://127.0.0.1:{site_port}", server)
        if proxy:
            # Started once gunicorn answers HAProxy's health checks.
            command, proxy_env = haproxy_command(
                port=port,
                site_port=site_port,
                slots=args.proxy_slots or args.workers * args.threads,
            )
            front = Process(command, proxy_env, folder / "haproxy.log")
            wait_until_up(base, front)
        print(
            f"gunicorn {args.workers} workers x {args.threads} threads on {base}, "
            f"logs in {folder}; warm-up {args.warmup_seconds} s …",
            flush=True,
        )
        run_locust(base, targets, 5, args.warmup_seconds, folder / "warmup.json")
        for users in args.users:
            load_before = os.getloadavg()[0]
            step_began = time.time()
            measured = run_locust(
                base, targets, users, args.step_seconds, folder / f"{users}.json"
            )
            step_ended = time.time()
            rows = summarise(measured["pages"], measured["seconds"])
            step = {
                "users": users,
                "seconds": measured["seconds"],
                "rows": rows,
                "total": rows[-1],
                "holds": holds(rows[-1]),
                "page_views_cached_pct": cache_share(rows),
                "page_views_repeated_pct": cache_share(rows, "repeat_pct"),
                "error_samples": measured["error_samples"],
                "load_average": [load_before, os.getloadavg()[0]],
            }
            steps.append(step)
            print("\n" + "\n".join(step_table(step)), flush=True)
            if args.cpu:
                # The whole step, spawning included (the workers do not know
                # when Locust starts measuring).
                step["cpu"] = cpu_table(cpu_dir, step_began, step_ended)
                print("  CPU of the gunicorn workers by view:", flush=True)
                print("\n".join(cpu_lines(step["cpu"])), flush=True)
            print(
                f"  load average {load_before:.2f} before, "
                f"{step['load_average'][1]:.2f} after",
                flush=True,
            )
            if not step["holds"] and not args.all_steps:
                break
    finally:
        if front is not None:
            front.stop()
        worker.stop()
        server.stop()

    best = highest_holding(steps)
    peak = saturation(steps)
    summary = {
        "products": args.products,
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "front": args.front,
        "step_seconds": args.step_seconds,
        "p95_budget_ms": P95_BUDGET_MS,
        "steps": steps,
        "highest_users_held": best,
        "breaks_at_users": breaks_at(steps),
        "saturation": peak,
        "cpus": os.cpu_count(),
        "load_average_end": os.getloadavg(),
        "elapsed_s": time.monotonic() - started,
    }
    print(
        "\n| users | req/s | p50 ms | p95 ms | p99 ms | 5xx | other errors "
        "| page cache hits | page views cached | page views asked before | holds |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for step in steps:
        t = step["total"]
        print(
            f"| {step['users']} | {t['rps']:.1f} | {t['p50_ms']:.0f} "
            f"| {t['p95_ms']:.0f} | {t['p99_ms']:.0f} | {t['server_errors']} "
            f"| {t['other_errors']} | {t['cache_hit_pct']:.0f} % "
            f"| {step['page_views_cached_pct']:.0f} % "
            f"| {step.get('page_views_repeated_pct', 0):.0f} % "
            f"| {'yes' if step['holds'] else 'no'} |"
        )
    if peak:
        print(
            f"\nSaturation: {peak['rps']:.1f} req/s at {peak['users']} users; "
            f"breaks at {summary['breaks_at_users'] or 'no step tried'} users"
        )
    if best is None:
        print(
            f"\nNo step held (p95 < {P95_BUDGET_MS:.0f} ms and no 5xx): "
            "try fewer users."
        )
    else:
        held = next(s for s in steps if s["users"] == best)
        print(
            f"\nHighest load held: {best} users, {held['total']['rps']:.1f} req/s, "
            f"p95 {held['total']['p95_ms']:.0f} ms, 0 server errors "
            f"({os.cpu_count()} CPUs, load average now "
            f"{os.getloadavg()[0]:.2f}; {time.monotonic() - started:.0f} s in all)"
        )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    # A server error is a defect; a step over 300 ms on a busy machine is not.
    return 1 if any(step["total"]["server_errors"] for step in steps) else 0


if __name__ == "__main__":
    sys.exit(main())

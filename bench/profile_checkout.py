"""Where a guest checkout's time goes, request by request: CPU, queries and
session writes of every request `bench/checkout.py`'s shoppers make.

    source .services/env
    .venv/bin/python bench/profile_checkout.py [--orders 20] [--queue local|redis]
        [--db-name maalem_bench] [--redis-db 6] [--profile place-order]
        [--sort cumulative] [--top 40] [--json PATH]

Uses the database `bench/checkout.py` made and seeded (PostgreSQL: `DB_NAME`
on the server of `DATABASE_URL`, else `TEST_DATABASE_URL`; run that bench
first), the same settings (`marketplace.settings.dev`, DEBUG off, e-mails
dropped; `--queue redis`: the cache and sessions on Redis, database
`--redis-db`, emptied first, its tasks queued and not run here), and no
gunicorn: the in-process test client does what each shopper does, following
every redirect as a browser does, and each request is timed on its own.

For each request of the flow prints its CPU time in this process (median
over `--orders` checkouts; "after" is the outbox's work run once the
response is sent, on the same worker), its SQL statements and how many of
them write the session. `--profile STEP` runs cProfile over that step's
requests (`all`: every request) and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.checkout import (  # noqa: E402 (after the path is set)
    BENCH_DB,
    REDIS_DB,
    site_env,
    with_path,
)

ADDRESS = {
    "first_name": "Amina",
    "last_name": "Alaoui",
    "line1": "12 rue des Potiers",
    "line4": "Fès",
    "postcode": "30000",
    "country": "MA",
}


class Step:
    """One request's figures, summed over the checkouts."""

    def __init__(self, name: str):
        self.name = name
        self.cpu: list[float] = []
        self.after: list[float] = []
        self.queries: list[int] = []
        self.session_writes: list[int] = []
        self.sql: list[str] = []


def template_timer() -> dict[str, float]:
    """CPU seconds spent in each template file's own nodes (a tag's or an
    included template's time is its own), from Django's per-node render."""
    from django.template import base

    spent: dict[str, float] = {}
    stack: list[list] = []  # [template, started, time in inner templates]
    plain = base.Node.render_annotated

    def render_annotated(node, context):
        origin = getattr(node, "origin", None)
        name = getattr(origin, "template_name", None) or "?"
        if stack and stack[-1][0] == name:
            return plain(node, context)
        started = time.process_time()
        stack.append([name, started, 0.0])
        try:
            return plain(node, context)
        finally:
            _, _, inner = stack.pop()
            elapsed = time.process_time() - started
            spent[name] = spent.get(name, 0.0) + elapsed - inner
            if stack:
                stack[-1][2] += elapsed

    base.Node.render_annotated = render_annotated
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=20)
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--queue", choices=["local", "redis"], default="local")
    parser.add_argument("--db-name", default=BENCH_DB)
    parser.add_argument("--redis-db", type=int, default=REDIS_DB)
    parser.add_argument("--profile", default="", help="a step's name, or all")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sql", default="", help="print this step's statements")
    parser.add_argument(
        "--templates",
        action="store_true",
        help="CPU time spent rendering each template file (its own nodes)",
    )
    parser.add_argument(
        "--dump", type=Path, help="write the profile there (pstats, for snakeviz)"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    pg_base = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not (pg_base or "").startswith("postgres"):
        print("PostgreSQL needed: set DATABASE_URL or source .services/env")
        return 2
    redis_url = ""
    if args.queue == "redis":
        redis_base = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
        if not redis_base:
            print("Redis needed: set TEST_REDIS_URL (source .services/env)")
            return 2
        redis_url = with_path(redis_base, f"/{args.redis_db}")
    env = site_env(with_path(pg_base, f"/{args.db_name}"), redis_url)
    for key in list(os.environ):
        if key.startswith(("DJANGO_", "REDIS_", "DATABASE_", "SEARCH_")):
            del os.environ[key]
    os.environ.update(env)
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()

    import django

    django.setup()
    from django.core.signals import request_finished
    from django.db import connection
    from django.test import Client

    from marketplace.outbox import services as outbox

    products = [
        {"id": pk, "seller": seller, "url": f"/fr/catalogue/{slug}_{pk}/"}
        for pk, slug, seller in connection.cursor()
        .execute(
            "SELECT p.id, p.slug, s.partner_id FROM catalogue_product p"
            " JOIN partner_stockrecord s ON s.product_id = p.id"
            " WHERE p.upc LIKE 'BENCH-%' ORDER BY p.id"
        )
        .fetchall()
    ]
    if not products:
        print("No bench products: run bench/checkout.py first (--db-name).")
        return 2

    # The outbox's work after the response (request_finished), timed apart.
    after = {"cpu": 0.0}
    request_finished.disconnect(dispatch_uid="outbox-end")

    def timed_outbox(**kwargs):
        started = time.process_time()
        outbox.outbox_request_finished(**kwargs)
        after["cpu"] += time.process_time() - started

    request_finished.connect(timed_outbox, dispatch_uid="outbox-end")

    templates = template_timer() if args.templates else None

    steps: dict[str, Step] = {}
    order: list[str] = []
    counting = {"on": False, "sql": []}

    def record(execute, sql, params, many, context):
        if counting["on"]:
            counting["sql"].append(sql)
        return execute(sql, params, many, context)

    # CPU time, not wall time: waiting for PostgreSQL is not what is sought.
    profile = cProfile.Profile(time.process_time) if args.profile else None

    def request(client, name, method, path, data=None, measure=True):
        """One request and the redirects after it, each its own step."""
        while True:
            step_name = name
            profiling = (
                profile is not None and measure and (args.profile in (name, "all"))
            )
            counting["sql"] = []
            counting["on"] = True
            after["cpu"] = 0.0
            if profiling:
                profile.enable()
            started = time.process_time()
            if method == "POST":
                response = client.post(path, data or {})
            else:
                response = client.get(path)
            cpu = time.process_time() - started
            if profiling:
                profile.disable()
            counting["on"] = False
            if measure:
                if step_name not in steps:
                    steps[step_name] = Step(step_name)
                    order.append(step_name)
                step = steps[step_name]
                step.cpu.append((cpu - after["cpu"]) * 1000)
                step.after.append(after["cpu"] * 1000)
                step.queries.append(len(counting["sql"]))
                step.session_writes.append(
                    sum(
                        1
                        for sql in counting["sql"]
                        if "django_session" in sql
                        and sql.lstrip().upper().startswith(("INSERT", "UPDATE"))
                    )
                )
                step.sql = counting["sql"]
            if response.status_code not in (301, 302):
                assert response.status_code == 200, (name, path, response)
                return response
            path = urllib.parse.urlsplit(response["Location"]).path
            method, data = "GET", None
            name = f"{step_name.split(' ->')[0].strip()} -> {path}"

    import random

    def checkout(n: int, measure: bool) -> None:
        rng = random.Random(n)
        first = rng.choice(products)
        second = rng.choice([p for p in products if p["seller"] != first["seller"]])
        client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR=f"10.0.{n % 250}.1")
        request(client, "product page", "GET", first["url"], measure=measure)
        for k, product in enumerate((first, second), 1):
            request(
                client,
                f"basket add {k}",
                "POST",
                f"/fr/basket/add/{product['id']}/",
                {"quantity": 1},
                measure,
            )
        request(
            client,
            "guest e-mail",
            "POST",
            "/fr/checkout/",
            {"username": f"p{n}@example.ma", "options": "anonymous"},
            measure,
        )
        landed = request(
            client,
            "shipping address",
            "POST",
            "/fr/checkout/shipping-address/",
            ADDRESS,
            measure,
        )
        if not landed.request["PATH_INFO"].endswith("/checkout/preview/"):
            # The shipping method is the shopper's to choose: the page asks.
            request(
                client,
                "shipping method",
                "GET",
                "/fr/checkout/shipping-method/",
                measure=measure,
            )
        request(
            client,
            "place order",
            "POST",
            "/fr/checkout/preview/",
            {"action": "place_order", "accept_terms": "on"},
            measure,
        )

    connection.ensure_connection()
    with connection.execute_wrapper(record):
        for n in range(args.warm):
            checkout(-1000 - n - int(time.time()) % 100000 * 10, measure=False)
        base = int(time.time())
        for n in range(args.orders):
            checkout(base * 100 + n, measure=True)

    rows = []
    print(f"{'request':<48} {'CPU ms':>7} {'after':>6} {'queries':>7} {'session w':>9}")
    total_cpu = total_after = 0.0
    total_queries = 0
    for name in order:
        step = steps[name]
        cpu = statistics.median(step.cpu)
        after_cpu = statistics.median(step.after)
        queries = max(step.queries)
        writes = max(step.session_writes)
        total_cpu += cpu
        total_after += after_cpu
        total_queries += queries
        rows.append(
            {
                "request": name,
                "cpu_ms": round(cpu, 2),
                "after_response_cpu_ms": round(after_cpu, 2),
                "queries": queries,
                "session_writes": writes,
                "count": len(step.cpu),
            }
        )
        print(f"{name:<48} {cpu:7.1f} {after_cpu:6.1f} {queries:7d} {writes:9d}")
    print(
        f"{'whole checkout':<48} {total_cpu:7.1f} {total_after:6.1f} {total_queries:7d}"
    )
    if args.sql and args.sql in steps:
        print(f"\nStatements of {args.sql}:")
        for sql in steps[args.sql].sql:
            print("  ", sql[:300])
    if templates is not None:
        total = sum(templates.values())
        print(f"\nTemplate rendering, every request: {total * 1000:.0f} ms CPU")
        print(f"{'template (its own nodes)':60} {'ms':>8} {'share':>6}")
        for name, seconds in sorted(templates.items(), key=lambda kv: -kv[1])[:30]:
            print(f"{name[-60:]:60} {seconds * 1000:8.0f} {seconds / total:6.0%}")
    if profile is not None:
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())
        if args.dump:
            stats.dump_stats(args.dump)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "queue": args.queue,
                    "orders": args.orders,
                    "steps": rows,
                    "whole_checkout_cpu_ms": round(total_cpu, 1),
                    "after_response_cpu_ms": round(total_after, 1),
                    "queries": total_queries,
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

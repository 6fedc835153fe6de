"""Orders per second: guest checkouts placed concurrently against gunicorn.

    python bench/checkout.py [--orders 200] [--concurrency 16] [--workers 4]

Needs PostgreSQL: the server of `DATABASE_URL`, else `TEST_DATABASE_URL` (from
`scripts/services.sh start postgres`; source .services/env). The bench
database `maalem_bench` on that server is dropped and created afresh, migrated
and seeded with 8 sellers and 16 products in deep stock; gunicorn serves the
site (the embedded settings, DEBUG off) on 127.0.0.1. Each shopper is one
HTTP client doing what a browser does: product page, add two products from
two sellers (in random order, so stock rows are locked in both orders),
guest e-mail, shipping address, shipping method, preview, place order
(cash on delivery). Prints orders per second and the place-order latency,
and checks the database holds exactly the orders the shoppers were told of.
"""

import argparse
import json
import os
import random
import re
import signal
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
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
BENCH_DB = "maalem_bench"


def bench_database_url(base_url: str) -> str:
    parts = urllib.parse.urlsplit(base_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def recreate_database(base_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(base_url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


def seed() -> None:
    """Run inside Django (`--seed-only`): sellers, products, deep stock."""
    import django

    django.setup()
    from decimal import Decimal

    from django.contrib.auth import get_user_model
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
    products = []
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
            products.append(
                {"id": product.pk, "seller": i, "url": product.get_absolute_url()}
            )
    print(json.dumps(products))


def bench_products(database_url: str) -> list:
    """The products seeded by an earlier run, as `seed` lists them."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT p.id, p.slug, s.partner_id FROM catalogue_product p"
            " JOIN partner_stockrecord s ON s.product_id = p.id"
            " WHERE p.upc LIKE 'BENCH-%%' ORDER BY p.id"
        ).fetchall()
    return [
        {"id": pk, "seller": partner, "url": f"/fr/catalogue/{slug}_{pk}/"}
        for pk, slug, partner in rows
    ]


def orders_before_id(conn, count: int) -> int:
    """The id of the last order placed before this run (0 if none)."""
    if not count:
        return 0
    row = conn.execute(
        "SELECT id FROM order_order ORDER BY id OFFSET %s LIMIT 1", [count - 1]
    ).fetchone()
    return row[0]


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


def one_checkout(base: str, products: list, n: int) -> float:
    """A guest's whole checkout; returns the place-order latency (seconds)."""
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
    shopper.post(
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
    shopper.get("/fr/checkout/shipping-method/")  # redirects on to the preview
    started = time.perf_counter()
    status, url, body = shopper.post("/fr/checkout/preview/", {"action": "place_order"})
    latency = time.perf_counter() - started
    if not url.endswith("/checkout/thank-you/"):
        raise RuntimeError(f"checkout {n} ended on {url}")
    match = re.search(r"\b1\d{5,}\b", body)
    if not match:
        raise RuntimeError(f"checkout {n}: no order number on the thank-you page")
    return latency


def wait_until_up(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # A cold worker takes seconds to import Oscar and Wagtail.
            urllib.request.urlopen(base + "/fr/basket/", timeout=30).read()
            return
        except OSError:  # refused while booting, or timed out
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=18731)
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="reuse the bench database of a previous run (no migrate, no seed)",
    )
    parser.add_argument("--json", type=Path, help="write the figures there")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        seed()
        return 0

    base_url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base_url or not base_url.startswith("postgres"):
        print("PostgreSQL needed: set DATABASE_URL or source .services/env")
        return 2
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url(base_url),
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",
        "EMAIL_URL": "dummymail://",  # e-mails built and sent nowhere
        "LOG_LEVEL": "ERROR",
        "STRIPE_SECRET_KEY": "",
        # Every simulated shopper comes from 127.0.0.1: the per-address limit
        # on unconfirmed cash orders is for real shoppers, not this bench.
        "MARKETPLACE_COD_MAX_OPEN_PER_IP": "1000000",
    }
    import psycopg

    if args.keep_db:
        products = bench_products(bench_database_url(base_url))
    else:
        print(f"Database {BENCH_DB}: creating and migrating …", flush=True)
        recreate_database(base_url)
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        seeded = subprocess.run(
            [PYTHON, __file__, "--seed-only"],
            cwd=ROOT,
            env={**env, "PYTHONPATH": str(ROOT)},
            check=True,
            capture_output=True,
            text=True,
        )
        products = json.loads(seeded.stdout.strip().splitlines()[-1])
    with psycopg.connect(bench_database_url(base_url)) as conn:
        orders_before = conn.execute("SELECT count(*) FROM order_order").fetchone()[0]
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            GUNICORN,
            "marketplace.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_up(base)
        # One checkout to warm every worker's imports and connections.
        for n in range(args.workers):
            one_checkout(base, products, -1 - n)
        failures: list[str] = []
        lock = threading.Lock()

        def run(n):
            try:
                return one_checkout(base, products, n)
            except Exception as error:
                with lock:
                    failures.append(str(error))
                return None

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            latencies = [x for x in pool.map(run, range(args.orders)) if x is not None]
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    with psycopg.connect(bench_database_url(base_url)) as conn:
        orders = conn.execute("SELECT count(*) FROM order_order").fetchone()[0]
        orders -= orders_before
        parts = conn.execute(
            "SELECT count(*) FROM sellerorders_ordersellerpart p"
            " JOIN order_order o ON o.id = p.order_id WHERE o.id > %s",
            [orders_before_id(conn, orders_before)],
        ).fetchone()[0]
    placed = len(latencies)
    latencies.sort()
    print(
        f"{placed} checkouts in {elapsed:.1f} s with {args.concurrency} shoppers at "
        f"once, gunicorn {args.workers} workers × {args.threads} threads: "
        f"{placed / elapsed:.1f} orders/s"
    )
    print(
        f"place order latency: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms"
    )
    expected = placed + args.workers
    print(f"orders in the database: {orders} (expected {expected}), parts: {parts}")
    if failures:
        print(f"{len(failures)} checkouts failed, first: {failures[0]}")
    consistent = orders == expected and not failures and parts == 2 * orders
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "checkouts": placed,
                    "concurrency": args.concurrency,
                    "workers": args.workers,
                    "threads": args.threads,
                    "orders_per_s": placed / elapsed,
                    "place_order_median_ms": statistics.median(latencies) * 1000,
                    "place_order_p95_ms": latencies[int(len(latencies) * 0.95) - 1]
                    * 1000,
                    "failures": len(failures),
                    "consistent": consistent,
                }
            )
        )
    return 0 if consistent else 1


if __name__ == "__main__":
    sys.exit(main())

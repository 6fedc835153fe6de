"""Product search at scale: indexing rate and query latency on both backends.

    .venv/bin/python bench/search.py [--products 100000] [--repeat 5]
        [--backends database,elasticsearch]

Documents are generated, not Oscar products: the demo's crafts, titles,
colours, materials, techniques, regions and seller names
(`marketplace/core/demo_data.py`) are combined at random into the same
`ProductDocument`s `search.documents` builds from the database, and handed to
each backend's `rebuild()` — the code path of `rebuild_search_index`, minus
reading the products. Indexing rate = documents / wall time of `rebuild()`.

The database backend runs on PostgreSQL: `BENCH_DATABASE_URL`, else
`TEST_DATABASE_URL` (`scripts/services.sh start postgres; source
.services/env`); the database `maalem_bench_search` is (re)created there with
the search tables only. Elasticsearch runs on `TEST_ELASTICSEARCH_URL` (index
prefix `maalem-bench`, deleted at the end). Then 20 representative queries
(words, typos, Arabic, English, filters, sorts, all with the six facets) run
`--repeat` times each after one warm-up; p50/p95 are over all those runs, as
measured around the backend's `search()` (ids, total and facet counts).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "maalem_bench_search"

QUERIES: list[tuple[str, dict, str]] = [
    ("tapis", {}, "relevance"),
    ("tapis berbere laine", {}, "relevance"),
    ("zelige", {}, "relevance"),  # typo
    ("fes", {}, "relevance"),  # folding
    ("زربية", {}, "relevance"),  # Arabic
    ("فاس", {"ready": ["1"]}, "relevance"),
    ("rug wool", {}, "relevance"),  # English
    ("plateau cuivre", {}, "price-asc"),
    ("babouches", {"price": ["200-500"]}, "relevance"),
    ("argent", {"region": ["souss-massa"]}, "relevance"),
    ("huile argan", {"material": ["huile-dargan"]}, "price-desc"),
    ("poterie", {"region": ["fes-meknes", "marrakech-safi"]}, "relevance"),
    ("coussin brode", {}, "newest"),
    ("lanterne", {"ready": ["1"], "price": ["500-1000", "1000-3000"]}, "relevance"),
    ("panier doum", {}, "relevance"),
    ("colier", {}, "relevance"),  # typo
    ("", {}, "relevance"),  # browse everything
    ("", {"craft": ["tapis-berberes"]}, "price-asc"),
    ("", {"region": ["marrakech-safi"], "material": ["laine"]}, "newest"),
    ("tajine safi", {"verified": ["1"]}, "relevance"),
]


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare_postgres(url: str) -> str:
    import psycopg

    with psycopg.connect(
        url.replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        c.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        c.execute(f"CREATE DATABASE {BENCH_DB}")
    return _with_database(url, BENCH_DB)


def generate(count: int, seed: int = 20261129):
    from django.utils.text import slugify

    from artisans.regions import REGIONS
    from marketplace.core import demo_data as data
    from marketplace.search.documents import ProductDocument

    rng = random.Random(seed)
    regions = {code: (name, ar) for code, name, ar in REGIONS}
    crafts = list(data.CRAFTS.values())
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(count):
        craft = crafts[i % len(crafts)]
        code = rng.choice(craft["regions"])
        name, name_ar = regions[code]
        leaf = craft["category"].split(">")[-1].strip()
        title = f"{rng.choice(craft['titles'])} {rng.choice(data.COLOURS)}"
        seller = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
        technique = rng.choice(craft["techniques"])
        materials = craft["materials"][: 1 + i % 2]
        low, high = craft["price"]
        made_to_order = i % 9 == 0
        yield ProductDocument(
            id=i + 1,
            title=title,
            description=(
                f"{title}, {rng.choice(data.ADJECTIVES)}, réalisé par {seller} "
                f"({name}). Technique : {technique.lower()}."
            ),
            crafts=[(slugify(leaf), leaf)],
            materials=[(slugify(m), m) for m in materials],
            technique=technique,
            seller_name=seller,
            region=(slugify(name), f"{name} {name_ar}"),
            price=(low + (high - low) * Decimal(rng.random())).quantize(Decimal("1")),
            ready_to_ship=not made_to_order,
            verified_seller=True,
            popularity=rng.randrange(500),
            date_created=start + timedelta(minutes=i),
        )


def run(backend, label: str, products: int, repeat: int, after_index=None) -> dict:
    from marketplace.search.text import tokens

    def progress(done):
        print(f"\r  {label}: {done}/{products}", end="", flush=True)

    started = time.perf_counter()
    indexed = backend.rebuild(generate(products), progress=progress)
    elapsed = time.perf_counter() - started
    print()
    if after_index:
        after_index()
    timings, totals = [], []
    for query, filters, sort in QUERIES:
        filters = {k: tuple(v) for k, v in filters.items()}
        words = tokens(query)
        args = dict(tokens=words, filters=filters, sort=sort, offset=0, limit=24)
        totals.append(backend.search(**args).total)  # warm-up
        for _ in range(repeat):
            t = time.perf_counter()
            backend.search(**args)
            timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    return {
        "backend": label,
        "indexed": indexed,
        "rate": indexed / elapsed,
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "max": timings[-1],
        "totals": totals,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backends", default="database,elasticsearch")
    options = parser.parse_args()
    wanted = options.backends.split(",")

    pg_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    es_url = os.environ.get("TEST_ELASTICSEARCH_URL") or os.environ.get(
        "ELASTICSEARCH_URL"
    )
    if "database" in wanted:
        if not pg_url:
            sys.exit("Set TEST_DATABASE_URL (scripts/services.sh start postgres).")
        os.environ["DATABASE_URL"] = prepare_postgres(pg_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.base")
    import django

    django.setup()
    from django.db import connection

    results = []
    if "database" in wanted:
        from importlib import import_module

        from marketplace.search.backends.database import DatabaseBackend
        from marketplace.search.models import (
            ProductSearchDocument,
            ProductSearchFacet,
            SearchTerm,
        )

        migration = import_module(
            "marketplace.search.migrations.0001_product_search_document"
        )
        # Only the search tables: the documents' product key has no constraint.
        with connection.schema_editor() as editor:
            for model in (SearchTerm, ProductSearchDocument, ProductSearchFacet):
                editor.create_model(model)
            migration.create_gin_index(None, editor)

        def analyze():
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        results.append(
            run(
                DatabaseBackend(),
                "PostgreSQL",
                options.products,
                options.repeat,
                after_index=analyze,
            )
        )
    if "elasticsearch" in wanted:
        if not es_url:
            sys.exit(
                "Set TEST_ELASTICSEARCH_URL (scripts/services.sh start elasticsearch)."
            )
        from marketplace.search.backends.elasticsearch import ElasticsearchBackend

        backend = ElasticsearchBackend(url=es_url, prefix="maalem-bench")
        try:
            results.append(
                run(backend, "Elasticsearch", options.products, options.repeat)
            )
        finally:
            backend.drop()

    print(f"\n{options.products} products, {len(QUERIES)} queries x {options.repeat}")
    print("| backend | indexing (docs/s) | p50 (ms) | p95 (ms) | max (ms) |")
    print("|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['backend']} | {r['rate']:,.0f} | {r['p50']:.1f} | {r['p95']:.1f}"
            f" | {r['max']:.1f} |"
        )
    for r in results:
        print(f"{r['backend']} hits per query: {r['totals']}")


if __name__ == "__main__":
    main()

"""Product search at scale: indexing rate and query latency on both backends.

    .venv/bin/python bench/search.py [--products 100000] [--repeat 5]
        [--backends database,elasticsearch] [--keep] [--per-query]

Documents are generated, not Oscar products: the demo's crafts, titles,
colours, materials, techniques, regions and seller names
(`marketplace/core/demo_data.py`), with an Arabic and an English title and
description per craft (`OTHER_LANGUAGES`), are combined at random into the same
`ProductDocument`s `search.documents` builds from the database, and handed to
each backend's `rebuild()` — the code path of `rebuild_search_index`, minus
reading the products. Indexing rate = documents / wall time of `rebuild()`.

The database backend runs on PostgreSQL: `BENCH_DATABASE_URL`, else
`TEST_DATABASE_URL` (`scripts/services.sh start postgres; source
.services/env`); the database `maalem_bench_search` is (re)created there with
the search tables only. Elasticsearch runs on `TEST_ELASTICSEARCH_URL` (index
prefix `maalem-bench`, deleted at the end). `BENCH_SEARCH_NAME=x` names them
`x` and `x` with dashes instead, so that two runs on one machine do not
replace each other's documents. Then 20 representative queries
(words, typos, Arabic, English, filters, sorts, all with the six facets) run
`--repeat` times each after one warm-up; p50/p95 are over all those runs, as
measured around the backend's `search()` (ids, total and facet counts).

`--keep` keeps the bench database and index for the next run, and reuses them
when they already hold `--products` documents of the current schema (then no
indexing rate is measured): for iterating on queries. `--per-query` prints
each query's median and maximum.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_NAME = os.environ.get("BENCH_SEARCH_NAME", "")
if not re.fullmatch(r"[a-z0-9_]*", BENCH_NAME):  # it is put into SQL as is
    sys.exit("BENCH_SEARCH_NAME: lowercase letters, digits and _ only.")
BENCH_DB = BENCH_NAME or "maalem_bench_search"
ES_PREFIX = BENCH_NAME.replace("_", "-") or "maalem-bench"
INDEX_MIGRATIONS = [
    ("0001_product_search_document", "create_gin_index"),
    ("0002_facet_keys_on_document", "create_facet_keys_gin_index"),
]

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


def prepare_postgres(url: str, *, keep: bool) -> str:
    import psycopg

    with psycopg.connect(
        url.replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        exists = c.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]
        ).fetchone()
        if exists and not keep:
            c.execute(f"DROP DATABASE {BENCH_DB}")
        if not exists or not keep:
            c.execute(f"CREATE DATABASE {BENCH_DB}")
    return _with_database(url, BENCH_DB)


def prepare_search_tables(products: int) -> bool:
    """Create the search tables (only them: the documents' product key has no
    constraint); True when those kept from a previous run are reusable: same
    table definitions (a fingerprint in a table comment) and `products`
    documents."""
    import hashlib
    from importlib import import_module

    from django.db import connection

    from marketplace.search.models import ProductSearchDocument, SearchTerm

    models = (SearchTerm, ProductSearchDocument)
    documents = ProductSearchDocument._meta.db_table
    with connection.schema_editor(collect_sql=True) as editor:
        definition = repr([editor.table_sql(m) for m in models] + INDEX_MIGRATIONS)
    fingerprint = hashlib.sha256(definition.encode()).hexdigest()
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        if documents in tables:
            cursor.execute(
                "SELECT obj_description(%s::regclass, 'pg_class'),"
                f" (SELECT count(*) FROM {documents})",
                [documents],
            )
            if cursor.fetchone() == (fingerprint, products):
                return True
        for table in tables:
            if table.startswith("search_"):
                cursor.execute(f"DROP TABLE {table} CASCADE")
    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)
        # The PostgreSQL-only indexes the migrations create with raw SQL.
        for name, function in INDEX_MIGRATIONS:
            getattr(import_module(f"marketplace.search.migrations.{name}"), function)(
                None, editor
            )
        editor.execute(f"COMMENT ON TABLE {documents} IS %s", [fingerprint])
    return False


# Each craft's pieces in Arabic and English (issue 17: every language's title
# and description is indexed), so the documents are as long as the demo's.
OTHER_LANGUAGES = {
    "carpets": ("زربية منسوجة يدويا", "Hand-knotted Berber rug"),
    "zellige": ("قطعة زليج بلدي", "Zellige mosaic piece"),
    "pottery": ("طاجين فخار مصبوغ", "Painted pottery tagine"),
    "leather": ("بلغة من الجلد", "Leather slippers"),
    "thuya": ("علبة من خشب العرعار", "Thuya wood box"),
    "brass": ("فانوس من النحاس المنقوش", "Engraved brass lantern"),
    "jewellery": ("قلادة أمازيغية من الفضة", "Berber silver necklace"),
    "embroidery": ("مفرش مطرز من فاس", "Embroidered Fez tablecloth"),
    "basketry": ("سلة من الدوم", "Doum palm basket"),
    "cosmetics": ("زيت الأركان", "Argan oil"),
}


def generate(count: int, seed: int = 20261129):
    from django.utils.text import slugify

    from artisans.regions import REGIONS
    from marketplace.core import demo_data as data
    from marketplace.search.documents import ProductDocument

    rng = random.Random(seed)
    regions = {code: (name, ar) for code, name, ar in REGIONS}
    crafts = list(data.CRAFTS.values())
    others = [OTHER_LANGUAGES.get(key, ("", "")) for key in data.CRAFTS]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(count):
        craft = crafts[i % len(crafts)]
        title_ar, title_en = others[i % len(crafts)]
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
            other_titles=[t for t in (title_ar, title_en) if t],
            other_descriptions=[
                f"{title_ar}، صنع يدوي في {name_ar}." if title_ar else "",
                f"{title_en}, handmade by {seller} ({name})." if title_en else "",
            ],
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


def run(
    backend,
    label: str,
    options,
    *,
    reuse: bool = False,
) -> dict:
    from marketplace.search.text import tokens

    products = options.products

    def progress(done):
        print(f"\r  {label}: {done}/{products}", end="", flush=True)

    rate = None
    if reuse:
        print(f"  {label}: reusing the {products} documents of a --keep run")
    else:
        started = time.perf_counter()
        indexed = backend.rebuild(generate(products), progress=progress)
        rate = indexed / (time.perf_counter() - started)
        print()
    timings, totals, per_query = [], [], []
    for query, filters, sort in QUERIES:
        filters = {k: tuple(v) for k, v in filters.items()}
        words = tokens(query)
        args = dict(tokens=words, filters=filters, sort=sort, offset=0, limit=24)
        totals.append(backend.search(**args).total)  # warm-up
        mine = []
        for _ in range(options.repeat):
            t = time.perf_counter()
            backend.search(**args)
            mine.append((time.perf_counter() - t) * 1000)
        timings.extend(mine)
        per_query.append((query, filters, sort, statistics.median(mine), max(mine)))
    timings.sort()
    return {
        "backend": label,
        "rate": rate,
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "max": timings[-1],
        "totals": totals,
        "per_query": per_query,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backends", default="database,elasticsearch")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the bench database and index, reuse them when they fit",
    )
    parser.add_argument("--per-query", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures there")
    options = parser.parse_args()
    wanted = options.backends.split(",")

    pg_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    es_url = os.environ.get("TEST_ELASTICSEARCH_URL") or os.environ.get(
        "ELASTICSEARCH_URL"
    )
    if "database" in wanted:
        if not pg_url:
            sys.exit("Set TEST_DATABASE_URL (scripts/services.sh start postgres).")
        os.environ["DATABASE_URL"] = prepare_postgres(pg_url, keep=options.keep)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.base")
    import django

    django.setup()

    results = []
    if "database" in wanted:
        from marketplace.search.backends.database import DatabaseBackend

        reuse = prepare_search_tables(options.products) and options.keep

        # rebuild() vacuums and analyzes the table itself.
        results.append(run(DatabaseBackend(), "PostgreSQL", options, reuse=reuse))
    if "elasticsearch" in wanted:
        if not es_url:
            sys.exit(
                "Set TEST_ELASTICSEARCH_URL (scripts/services.sh start elasticsearch)."
            )
        from marketplace.search.backends.elasticsearch import ElasticsearchBackend

        backend = ElasticsearchBackend(url=es_url, prefix=ES_PREFIX)
        try:
            results.append(
                run(
                    backend,
                    "Elasticsearch",
                    options,
                    reuse=options.keep and backend.reusable(count=options.products),
                )
            )
        finally:
            if not options.keep:
                backend.drop()

    print(f"\n{options.products} products, {len(QUERIES)} queries x {options.repeat}")
    print("| backend | indexing (docs/s) | p50 (ms) | p95 (ms) | max (ms) |")
    print("|---|---|---|---|---|")
    for r in results:
        rate = f"{r['rate']:,.0f}" if r["rate"] else "(reused)"
        print(
            f"| {r['backend']} | {rate} | {r['p50']:.1f} | {r['p95']:.1f}"
            f" | {r['max']:.1f} |"
        )
    for r in results:
        print(f"{r['backend']} hits per query: {r['totals']}")
        if options.per_query:
            for query, filters, sort, median, worst in r["per_query"]:
                print(f"  {median:7.1f} {worst:7.1f}  {query!r} {dict(filters)} {sort}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if options.json:  # for bench/run_all.py
        import json

        keys = ("backend", "rate", "p50", "p95", "max")
        options.json.write_text(
            json.dumps(
                {
                    "products": options.products,
                    "repeat": options.repeat,
                    "results": [{k: r[k] for k in keys} for r in results],
                }
            )
        )


if __name__ == "__main__":
    main()

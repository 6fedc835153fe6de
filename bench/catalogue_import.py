"""Benchmark of `manage.py import_products` (a seller's catalogue file) on SQLite.

    .venv/bin/python bench/catalogue_import.py [--rows 5000,50000] [--json PATH]

For each size, generates a catalogue file in the spec's format
(`../shared/spec/products-csv.md`: three languages, crafts, materials, one
product in five sold in three variants, decimal commas) in a temporary folder,
creates a throwaway SQLite database with the tables the import needs, one
verified seller and the crafts the file names, then runs the command as a
child process twice: the first import (everything created) and the same file
again (nothing changes). Figures: rows per second (the import's own time, as
the command prints it; the command's wall time, Django's start included, is
shown beside it) and the command's peak resident memory;
memory that stays flat from 5,000 to 50,000 rows is the streaming at work.

The search index update the import queues runs in the same process here (the
embedded default runs tasks inline; production hands it to a worker), so the
first import's time includes indexing what it created.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

CRAFTS = [
    ("tapis-et-tissage/tapis-berberes", "laine"),
    ("poterie-et-ceramique", "argile|email"),
    ("maroquinerie", "cuir"),
    ("bois/bois-de-thuya", "thuya"),
]
TITLES = [
    ("Tapis Beni Ouarain", "زربية بني وراين", "Beni Ouarain rug"),
    ("Tajine de Safi", "طاجين آسفي", "Safi tagine"),
    ("Babouches brodées", "بلغة مطرزة", "Embroidered slippers"),
    ("Coffret en thuya", "علبة من العرعار", "Thuya box"),
]
HEADER = [
    "sku",
    "parent_sku",
    "title_fr",
    "title_ar",
    "title_en",
    "description_fr",
    "category",
    "materials",
    "price",
    "stock",
    "made_to_order",
    "lead_time_days",
    "length_cm",
    "width_cm",
    "weight_g",
    "technique",
    "published",
]

SETUP = """
import django
django.setup()
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from artisans.models import Region, Seller
from oscar.apps.partner.models import Partner
from django.contrib.auth import get_user_model

for path in ("Tapis et tissage > Tapis berbères", "Poterie et céramique",
             "Maroquinerie", "Bois > Bois de thuya"):
    create_from_breadcrumbs(path)
Material = get_model("catalogue", "Material")
for slug in ("laine", "argile", "email", "cuir", "thuya"):
    Material.objects.get_or_create(slug=slug, defaults={"name": slug})
region, _ = Region.objects.get_or_create(code="07", defaults={
    "name": "Marrakech-Safi", "slug": "marrakech-safi"})
owner = get_user_model().objects.create(username="bench", email="bench@example.com")
partner = Partner.objects.create(name="Coopérative bench")
Seller.objects.create(
    name="Coopérative bench", slug="bench", owner=owner, partner=partner,
    region=region, kind=Seller.Kind.COOPERATIVE, status=Seller.Status.VERIFIED,
    registry_id_claimed="RNA-07-0000001", name_claimed="Coopérative bench",
    trade="Tapis", phone="+212600000000",
)
"""


def generate(path: Path, rows: int, *, seed: int = 15) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        written = 0
        n = 0
        while written < rows:
            n += 1
            craft, materials = CRAFTS[n % len(CRAFTS)]
            fr, ar, en = TITLES[n % len(TITLES)]
            family = n % 5 == 0 and rows - written >= 4
            price = f"{rng.randrange(90, 9000)},{rng.randrange(100):02d}"
            writer.writerow(
                [
                    f"P-{n:06d}",
                    "",
                    f"{fr} n° {n}",
                    f"{ar} {n}",
                    f"{en} no. {n}",
                    "Fait main par la coopérative; pièce unique.",
                    craft,
                    materials,
                    "" if family else price,
                    "" if family else rng.randrange(0, 40),
                    rng.choice(["yes", "no"]),
                    rng.randrange(1, 30),
                    rng.randrange(10, 300),
                    rng.randrange(10, 200),
                    rng.randrange(100, 20000),
                    "Nouage à la main",
                    "yes",
                ]
            )
            written += 1
            if family:
                for size in ("S", "M", "L"):
                    writer.writerow(
                        [
                            f"P-{n:06d}-{size}",
                            f"P-{n:06d}",
                            f"{fr} n° {n}, {size}",
                            "",
                            f"{en} no. {n}, {size}",
                            "",
                            "",
                            "",
                            f"{rng.randrange(90, 9000)}.00",
                            rng.randrange(0, 10),
                            "no",
                            5,
                            "",
                            "",
                            "",
                            "",
                            "yes",
                        ]
                    )
                    written += 1


def child_env(database_url: str, media: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "SEARCH_BACKEND", "ELASTICSEARCH_URL")
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="marketplace.settings.dev",
        DEBUG="false",
        MEDIA_ROOT=str(media),
    )
    return env


def run(args: list[str], env: dict) -> float:
    """Run a child that is not measured; its seconds."""
    started = time.perf_counter()
    process = subprocess.run(args, cwd=ROOT, env=env, capture_output=True)
    if process.returncode:
        raise SystemExit(
            f"{' '.join(args)} failed ({process.returncode}):\n"
            f"{process.stdout.decode()}\n{process.stderr.decode()[-3000:]}"
        )
    return time.perf_counter() - started


def run_measured(args: list[str], env: dict) -> tuple[float, float, str]:
    """Run a child; (seconds, its peak RSS in MiB, its stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(args)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output  # ru_maxrss: KiB on Linux


def prepare(folder: Path) -> Path:
    """A migrated database with the seller and the crafts, copied per size."""
    database = folder / "template.sqlite3"
    env = child_env(f"sqlite:///{database}", folder / "media")
    seconds = run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "-c", SETUP], env)
    print(f"migrated and set up in {seconds:.1f} s (not counted)")
    return database


def bench_size(rows: int, folder: Path, template: Path) -> dict:
    path = folder / f"catalogue-{rows}.csv"
    generate(path, rows)
    database = folder / f"bench-{rows}.sqlite3"
    shutil.copy(template, database)
    env = child_env(f"sqlite:///{database}", folder / "media")
    manage = [PYTHON, "manage.py"]
    figures: dict = {"rows": rows, "file_mib": path.stat().st_size / 2**20}
    for step in ("first import", "re-import"):
        seconds, rss, output = run_measured(
            [
                *manage,
                "import_products",
                "--seller",
                "bench",
                str(path),
                "--no-progress",
            ],
            env,
        )
        summary = output.strip().splitlines()[-1] if output.strip() else ""
        # The command's own clock: the import, without Django's start.
        own = float(summary.rsplit(" in ", 1)[1].split()[0])
        print(
            f"[{rows:,} rows] {step:<12} import {own:6.1f} s "
            f"({rows / own:7,.0f} rows/s), command {seconds:6.1f} s, "
            f"peak RSS {rss:4.0f} MiB, load {os.getloadavg()[0]:.1f} | {summary}"
        )
        figures[step] = {
            "seconds": own,
            "command_seconds": seconds,
            "rows_per_s": rows / own,
            "peak_rss_mib": rss,
            "summary": summary,
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", default="5000,50000", help="comma-separated sizes (5000,50000)"
    )
    parser.add_argument("--json", type=Path, help="write the figures there")
    options = parser.parse_args()
    sizes = [int(size) for size in options.rows.split(",")]
    results: dict = {"sizes": []}
    folder = Path(tempfile.mkdtemp(prefix="catalogue-bench-"))
    try:
        template = prepare(folder)
        for rows in sizes:
            results["sizes"].append(bench_size(rows, folder, template))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        results["load"] = os.getloadavg()[0]
        if options.json:
            options.json.write_text(json.dumps(results))


if __name__ == "__main__":
    main()

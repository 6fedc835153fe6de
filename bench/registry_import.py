"""Benchmark of `manage.py import_registry` on SQLite and PostgreSQL.

    .venv/bin/python bench/registry_import.py [--rows 622000] [--database-url URL]

Generates a synthetic registry export of `--rows` rows (the spec's format,
Latin and Arabic names, every kind and status) in a temporary folder, then for
each database: creates a throwaway database, migrates the tables the import
needs (`migrate artisans` and what it depends on), runs the import command as
a child process (first import, then the same file again, then a file with 1 %
of its rows changed), and times a lookup of one registry number.

PostgreSQL runs when a `postgres://` URL is given with `--database-url` or in
`TEST_DATABASE_URL`/`DATABASE_URL` (`bash scripts/services.sh start postgres;
source .services/env`); the throwaway database is created and dropped on that
server. Peak memory is the import process's maximum resident set size.
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
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# The file's columns are the reader's (pure Python: no Django set up here).
sys.path.insert(0, str(ROOT))
from artisans.registry_csv import COLUMNS  # noqa: E402

FIRST = ["Fatima", "Mohamed", "Khadija", "Youssef", "Aicha", "Hassan", "Naima"]
FIRST_AR = ["فاطمة", "محمد", "خديجة", "يوسف", "عائشة", "حسن", "نعيمة"]
LAST = ["El Idrissi", "Bennani", "Amrani", "Ait Lahcen", "Oubella", "Tazi", "Chraibi"]
LAST_AR = ["الإدريسي", "بناني", "العمراني", "آيت لحسن", "أوبلا", "التازي", "الشرايبي"]
CRAFTS = [
    ("TAP01", "Tapis"),
    ("ZEL01", "Zellige"),
    ("POT01", "Poterie"),
    ("CUI01", "Maroquinerie"),
    ("BIJ01", "Bijouterie argent"),
    ("BOI02", "Bois de thuya"),
]


def generate(path: Path, rows: int, *, seed: int = 50_17, changed: float = 0.0):
    """Write a synthetic export; `changed` of the rows get another status."""
    rng = random.Random(seed)
    change = random.Random(seed + 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for i in range(rows):
            region = f"{i % 12 + 1:02d}"
            kind = rng.choice(["artisan"] * 6 + ["maalem", "cooperative", "enterprise"])
            f, la = rng.randrange(len(FIRST)), rng.randrange(len(LAST))
            craft = rng.choice(CRAFTS)
            status = rng.choice(["active"] * 18 + ["suspended", "struck_off"])
            if changed and change.random() < changed:
                status = "suspended" if status == "active" else "active"
            writer.writerow(
                [
                    f"RNA-{region}-{i // 12:07d}",
                    kind,
                    f"{FIRST[f]} {LAST[la]}, {i}",
                    f"{FIRST_AR[f]} {LAST_AR[la]}",
                    craft[0],
                    craft[1],
                    region,
                    "Province",
                    rng.choice(["pre_registered", "registered", "none", ""]),
                    status,
                    f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 10)}-"
                    f"1{rng.randrange(10)}",
                    rng.randrange(7, 90) if kind == "cooperative" else "",
                ]
            )


def child_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="marketplace.settings.dev",
        DEBUG="false",
    )
    return env


def run(args: list[str], env: dict) -> tuple[float, float, str]:
    """Run a child; (seconds, peak RSS in MiB, stdout + its CPU seconds)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{output}")
    # ru_maxrss is in KiB on Linux. CPU time is the import process's own work,
    # which a machine shared with other jobs stretches less than wall time.
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, f"{output}\ncpu {cpu:.1f}"


LOOKUP = """
import random, statistics, time, django
django.setup()
from artisans.selectors import registry_entry_get
rows = {rows}
sample = random.sample(range(rows), 1000)
ids = [f"RNA-{{i % 12 + 1:02d}}-{{i // 12:07d}}" for i in sample]
registry_entry_get(registry_id=ids[0])
times = []
for registry_id in ids:
    t = time.perf_counter()
    assert registry_entry_get(registry_id=registry_id) is not None
    times.append((time.perf_counter() - t) * 1000)
times.sort()
from django.db import connection
raw = []
with connection.cursor() as cursor:
    for registry_id in ids:
        t = time.perf_counter()
        cursor.execute(
            "SELECT * FROM artisans_registryentry WHERE registry_id = %s", [registry_id]
        )
        assert cursor.fetchone()
        raw.append((time.perf_counter() - t) * 1000)
raw.sort()
print(f"{{raw[499]:.3f}}")
print(f"{{statistics.mean(times):.3f}} {{times[499]:.3f}} {{times[989]:.3f}}")
"""


def bench_database(label: str, url: str, files: dict[str, Path], rows: int) -> dict:
    """Import the files into one database; the figures, also for `--json`."""
    figures: dict = {}
    env = child_env(url)
    manage = [PYTHON, "manage.py"]
    seconds, _, _ = run([*manage, "migrate", "artisans", "--noinput", "-v0"], env)
    print(f"[{label}] migrated in {seconds:.1f} s (not counted)")
    for name, path in files.items():
        seconds, rss, output = run(
            [*manage, "import_registry", str(path), "--no-progress"], env
        )
        summary = output.splitlines()[0].split(" in ")[0].split(";")[0]
        cpu = output.splitlines()[-1].split()[1]
        print(
            f"[{label}] {name:<13} {seconds:6.1f} s ({cpu} s CPU)  "
            f"{rows / seconds:7,.0f} rows/s  peak RSS {rss:4.0f} MiB  "
            f"load {os.getloadavg()[0]:.1f} | {summary}"
        )
        figures[name] = {
            "seconds": seconds,
            "rows_per_s": rows / seconds,
            "peak_rss_mib": rss,
        }
    _, _, output = run([PYTHON, "-c", LOOKUP.format(rows=rows)], env)
    raw_median = output.splitlines()[0]
    mean, median, p99 = output.splitlines()[1].split()
    print(
        f"[{label}] lookup of one registry number (1,000 random, selector): mean "
        f"{mean} ms, median {median} ms, p99 {p99} ms; raw SQL median {raw_median} ms"
    )
    figures["lookup"] = {"median_ms": float(median), "p99_ms": float(p99)}
    return figures


def postgres_url(given: str | None) -> str | None:
    for url in (
        given,
        os.environ.get("TEST_DATABASE_URL"),
        os.environ.get("DATABASE_URL"),
    ):
        if url and url.startswith(("postgres://", "postgresql://")):
            return url
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=622_000)
    parser.add_argument("--database-url", help="a postgres:// server to use")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures there")
    options = parser.parse_args()
    results: dict = {}
    try:
        bench_all(options, results)
    finally:
        if options.json:
            options.json.write_text(json.dumps({"rows": options.rows, **results}))


def bench_all(options, results: dict) -> None:
    folder = Path(tempfile.mkdtemp(prefix="registry-bench-"))
    try:
        files = {
            "first import": folder / "registry.csv",
            "re-import": folder / "registry.csv",
            "1% changed": folder / "registry-changed.csv",
        }
        started = time.perf_counter()
        generate(files["first import"], options.rows)
        generate(files["1% changed"], options.rows, changed=0.01)
        size = files["first import"].stat().st_size / 2**20
        print(
            f"{options.rows:,} rows, {size:.0f} MiB, generated in "
            f"{time.perf_counter() - started:.1f} s in {folder}"
        )
        if not options.skip_sqlite:
            results["SQLite"] = bench_database(
                "SQLite", f"sqlite:///{folder / 'bench.sqlite3'}", files, options.rows
            )
        server = postgres_url(options.database_url)
        if server is None:
            print("[PostgreSQL] skipped: no postgres:// URL (--database-url)")
            return
        import psycopg

        name = f"registry_bench_{os.getpid()}"
        parts = urlsplit(server)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        try:
            url = urlunsplit(parts._replace(path=f"/{name}"))
            results["PostgreSQL"] = bench_database(
                "PostgreSQL", url, files, options.rows
            )
        finally:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

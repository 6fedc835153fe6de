"""CPU time per request, by view, in bench/load.py's gunicorn (`--cpu`).

A gunicorn config file (`gunicorn -c bench/load_cpu.py`): its `pre_request`
and `post_request` hooks run in the thread that serves the request, so the
thread's CPU time between them is the request's own, whatever else the
machine runs (wall times on a shared machine are not). Each request appends
one line to `LOAD_CPU_DIR/<worker pid>.tsv`: the wall-clock end, the view's
name (Django's `resolve`), whether the page cache served it, whether the
request carried a basket cookie, and the CPU milliseconds. `cpu_table()`
sums them per view for a step's time window: requests x CPU each, the share
of the whole. What it does not see: PostgreSQL, Redis and Elasticsearch (other
processes), and the rqworker.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

CPU_DIR = os.environ.get("LOAD_CPU_DIR", "")


def pre_request(worker, req):
    req._bench_cpu = time.thread_time()


def post_request(worker, req, environ, resp):
    started = getattr(req, "_bench_cpu", None)
    if started is None or not CPU_DIR:
        return
    milliseconds = (time.thread_time() - started) * 1000
    path = environ.get("PATH_INFO", "")
    headers = {name.lower(): value for name, value in (resp.headers or [])}
    hit = headers.get("x-page-cache") == "hit"
    cookies = environ.get("HTTP_COOKIE", "")
    line = "\t".join(
        (
            f"{time.time():.3f}",
            view_name(path),
            "hit" if hit else "-",
            "basket" if "oscar_open_basket" in cookies else "-",
            f"{milliseconds:.2f}",
        )
    )
    with open(Path(CPU_DIR) / f"{os.getpid()}.tsv", "a", encoding="utf-8") as out:
        out.write(line + "\n")


def view_name(path: str) -> str:
    """The name of the view that answers `path` (namespaced), or the path."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name or match._func_path


def cpu_table(folder: Path, since: float, until: float) -> list[dict]:
    """Per view (and page cache hit or not, basket or not) in the window:
    requests, CPU ms each (mean), CPU s in all and its share; most CPU first."""
    groups: dict[tuple, list[float]] = {}
    for file in folder.glob("*.tsv"):
        for line in file.read_text(encoding="utf-8").splitlines():
            when, view, hit, basket, milliseconds = line.split("\t")
            if since <= float(when) <= until:
                groups.setdefault((view, hit, basket), []).append(float(milliseconds))
    total = sum(sum(times) for times in groups.values()) or 1.0
    rows = [
        {
            "view": view,
            "cache": hit,
            "basket": basket,
            "requests": len(times),
            "cpu_ms_each": sum(times) / len(times),
            "cpu_s": sum(times) / 1000,
            "share_pct": 100 * sum(times) / total,
        }
        for (view, hit, basket), times in groups.items()
    ]
    return sorted(rows, key=lambda row: -row["cpu_s"])


def cpu_lines(rows: list[dict]) -> list[str]:
    lines = [
        "| view | page cache | basket cookie | requests | CPU ms each | CPU s "
        "| share |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['view']} | {row['cache']} | {row['basket']} "
            f"| {row['requests']} | {row['cpu_ms_each']:.1f} | {row['cpu_s']:.2f} "
            f"| {row['share_pct']:.0f} % |"
        )
    return lines

"""The multi-node run, on loopback: the fleet of issue 20 under load, with faults.

    .venv/bin/python bench/cluster.py [--app-servers 3] [--users 10]
        [--phase-seconds 30] [--products 300] [--base-port 21400]
        [--faults app,search,worker] [--json PATH]

Starts, on ports of its own (from `--base-port`) and with every file in one
temporary folder, removed at exit: `scripts/cluster.sh`'s services (a
PostgreSQL primary and a streaming replica made by pg_basebackup, Redis, a
two-node Elasticsearch cluster, a SeaweedFS of its own for the photos
whenever its binary is built (with CI=true built when missing, or the run
fails; CLUSTER_S3=0: local media), HAProxy installed when missing), then
HAProxy (health checks on /readyz) in front of `--app-servers` gunicorn
servers, two RQ workers and one scheduler (`run_scheduler`). Everything it
started is stopped at exit, on failure and on Ctrl-C too.

The site is seeded (bench/pages.py's `prepare`: `--products` demo products),
indexed with one replica shard, then bench/load.py's users
(bench/load_users.py: shoppers, searchers, buyers, sellers) run through
HAProxy, one Locust run per phase:

  steady       no fault;
  app          one app server stopped (SIGTERM, as an orchestrator does) a
               third into the phase and started again two thirds in: HAProxy
               takes it out and back; a request that was in flight on it may
               fail, no later one may;
  search       the second Elasticsearch node stopped: the index's replica
               shard on the first answers; no search may fail;
  worker       a burst of outbox work (index updates and e-mails) and one RQ
               worker killed (SIGKILL) while it runs a job: the outbox hands
               the lost job over again (`drain_outbox`, run by the scheduler)
               and the other worker does it; every message ends done, each
               e-mail of the burst is sent exactly once.

Then read-your-writes and the replica: a seller saves stock through one app
server and reads its form through another (pinned to the primary: the new
figure at once), and the replication lag is measured (the time until the
replica has replayed the primary's WAL position after that write, and
pg_stat_replication's replay_lag) and the replica's row compared. Then a
seller changes a price through one app server and an anonymous visitor (the
replica, the page cache) polls the product page through HAProxy until it
shows it (that delay beside the WAL lag; not within 30 s: a failure). Last, a
seller uploads a photo through one app server and the product page through
another shows it with its thumbnails, each read back from the store's URL
(S3: nothing on an app server's disk).

A basket above the cash-on-delivery ceiling is refused cash on delivery (the
bench offers no card): counted apart ("cash on delivery refused"), not as an
error.

Prints requests per second, p95 and errors per phase and the replication lag
(`--json PATH`: every figure). Exit status 1 on a lost write (read-your-writes,
an outbox message not done or done twice, an e-mail missing or doubled, an
order missing on the replica, an anonymous page that never caught up, a photo
not shown or not readable through another app server), on a server error
outside the stopped app server's in-flight requests or on a failed search
while a search node is down; 2 when the fleet could not start.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402 (after the path above)
    GUNICORN,
    PYTHON,
    Process,
    run_locust,
    site_env,
    summarise,
    with_path,
)

PG_NAME = "maalem_cluster"
ES_PREFIX = "maalem-cluster"
PHASES = ("steady", "app", "search", "worker")
FAULTS = ("app", "search", "worker")
BURST = 40  # outbox messages of each kind in the worker phase
# An error on a request that started before the app server was stopped and
# ended within this many seconds after it was in flight there.
IN_FLIGHT_S = 30.0
# An anonymous page that shows a write later than this never caught up (the
# page cache keeps a page 60 s at most: a stale page kept would show here).
PAGE_CATCH_UP_S = 30.0


# --- Figures (pure) -------------------------------------------------------------


def excused(errors: list[list], stopped_at: float | None) -> tuple[list, list]:
    """Split Locust's error records `[end, ms, page, status, sample]` into
    those in flight when an app server was stopped at `stopped_at` (started
    before, ended at most IN_FLIGHT_S after) and the rest."""
    if stopped_at is None:
        return [], list(errors)
    in_flight, others = [], []
    for error in errors:
        end, ms = error[0], error[1]
        started = end - ms / 1000
        if started <= stopped_at <= end <= stopped_at + IN_FLIGHT_S:
            in_flight.append(error)
        else:
            others.append(error)
    return in_flight, others


def phase_row(name: str, measured: dict, stopped_at: float | None) -> dict:
    rows = summarise(measured["pages"], measured["seconds"])
    total = rows[-1]
    errors = measured.get("errors", [])
    in_flight, others = excused(errors, stopped_at)
    search_errors = [e for e in errors if e[2].startswith(("search", "suggest"))]
    return {
        "phase": name,
        "requests": total["requests"],
        "rps": total["rps"],
        "p95_ms": total["p95_ms"],
        "server_errors": sum(1 for e in others if e[3] >= 500),
        "other_errors": sum(1 for e in others if e[3] < 500),
        "in_flight_errors": len(in_flight),
        "search_errors": len(search_errors),
        # Journeys the shop rightly stopped (cash on delivery refused above
        # its ceiling): not errors.
        "stopped_short": measured.get("legitimate", {}),
        "error_samples": measured.get("error_samples", []),
        "rows": rows,
    }


def table(phases: list[dict]) -> list[str]:
    lines = [
        "| phase | requests | req/s | p95 ms | 5xx | other errors "
        "| in flight on the stopped server | search errors "
        "| cash on delivery refused (legitimate) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in phases:
        lines.append(
            f"| {p['phase']} | {p['requests']} | {p['rps']:.1f} | {p['p95_ms']:.0f} "
            f"| {p['server_errors']} | {p['other_errors']} | {p['in_flight_errors']} "
            f"| {p['search_errors']} | {sum(p.get('stopped_short', {}).values())} |"
        )
    return lines


def failures(summary: dict) -> list[str]:
    """What makes the run fail (exit 1), in words."""
    found = []
    for p in summary["phases"]:
        if p["server_errors"]:
            found.append(f"{p['phase']}: {p['server_errors']} server errors")
        if p["phase"] == "search" and p["search_errors"]:
            found.append(f"search: {p['search_errors']} failed searches")
    ryw = summary.get("read_your_writes") or {}
    if ryw and not ryw.get("ok"):
        found.append(f"read-your-writes: {ryw}")
    outbox = summary.get("outbox") or {}
    if outbox and not outbox.get("ok"):
        found.append(f"outbox: {outbox}")
    replica = summary.get("replica") or {}
    if replica and not replica.get("ok"):
        found.append(f"replica: {replica}")
    page = summary.get("anonymous_page") or {}
    if page and not page.get("ok"):
        found.append(f"anonymous page never caught up: {page}")
    photo = summary.get("photo") or {}
    if photo and not photo.get("ok"):
        found.append(f"photo across app servers: {photo}")
    return found


# --- The fleet ------------------------------------------------------------------


class Fleet:
    """Everything the run starts, stopped by `stop` whatever happened."""

    def __init__(self, folder: Path, base_port: int):
        self.folder = folder
        self.base = base_port
        self.processes: dict[str, Process] = {}
        self.services = False
        self.env_file: dict[str, str] = {}

    def start_services(self) -> None:
        self.services = True
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "cluster.sh"), "start"]
            + [str(self.folder), str(self.base)],
            cwd=ROOT,
        )
        if done.returncode:
            raise RuntimeError("scripts/cluster.sh start failed")
        for line in (self.folder / "env").read_text().splitlines():
            if line.startswith("export "):
                for pair in line[len("export ") :].split():
                    key, _, value = pair.partition("=")
                    self.env_file[key] = value

    def start(self, name: str, args: list[str], env: dict) -> Process:
        process = Process(args, env, self.folder / f"{name}.log")
        self.processes[name] = process
        return process

    def stop_one(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process:
            process.stop()

    def stop(self) -> None:
        for name in list(self.processes):
            try:
                self.stop_one(name)
            except Exception as error:  # go on: stop the rest
                print(f"stopping {name}: {error}", file=sys.stderr)
        if self.services:
            subprocess.run(
                ["bash", str(ROOT / "scripts" / "cluster.sh"), "stop"]
                + [str(self.folder)],
                cwd=ROOT,
                check=False,
            )
            self.services = False


def haproxy_config(fleet: Fleet, app_ports: list[int]) -> Path:
    servers = "\n".join(
        f"    server app{n} 127.0.0.1:{port} check" for n, port in enumerate(app_ports)
    )
    config = fleet.folder / "haproxy.cfg"
    config.write_text(
        f"""global
    maxconn 2000
    pidfile {fleet.folder}/haproxy.pid

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A health check waits for /readyz's own answer (each dependency it asks
    # has 1 s): with HAProxy's default (the 1 s interval), a busy machine
    # made every server "Layer7 timeout" at once, and each request a 503.
    # A stopped server still goes at once: its port refuses the connection.
    timeout check 5s
    # A request refused by a stopped server goes to another one.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend web
    bind 127.0.0.1:{fleet.base + 30}
    default_backend apps

backend apps
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
{servers}

listen stats
    bind 127.0.0.1:{fleet.base + 39}
    stats enable
    stats uri /stats
"""
    )
    return config


def haproxy_states(fleet: Fleet) -> dict[str, str]:
    url = f"http://127.0.0.1:{fleet.base + 39}/stats;csv"
    with urllib.request.urlopen(url, timeout=5) as response:
        lines = response.read().decode().splitlines()
    header = lines[0].lstrip("# ").split(",")
    states = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=False))
        if row.get("pxname") == "apps" and row.get("svname", "").startswith("app"):
            states[row["svname"]] = row.get("status", "")
    return states


def wait_for(check, timeout: float, what: str) -> float:
    """Seconds until `check()` is true; RuntimeError after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if check():
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"timed out waiting for {what}")


def es_request(url: str, method: str = "GET", body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"{}")


def manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
        stdout=None if capture else subprocess.DEVNULL,
    )
    return done.stdout if capture else ""


def start_app(fleet: Fleet, n: int, port: int, env: dict, args) -> None:
    fleet.start(
        f"app{n}",
        [
            GUNICORN,
            "marketplace.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "60",
            "--graceful-timeout",
            "20",
            "--log-level",
            "warning",
        ],
        env,
    )


def app_up(port: int) -> bool:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as r:
        return r.status == 200


def start_worker(fleet: Fleet, n: int, env: dict) -> None:
    fleet.start(
        f"worker{n}",
        [PYTHON, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job"]
        + ["--name", f"cluster-worker-{n}", "default"],
        env,
    )


# --- Checks against the fleet ---------------------------------------------------


BURST_SCRIPT = """
from marketplace.notifications.tasks import guest_email
from marketplace.outbox.services import outbox_enqueue_many
from marketplace.search.tasks import sync_products
from oscar.core.loading import get_model
ids = list(get_model("catalogue", "Product").objects.browsable()
           .order_by("pk").values_list("pk", flat=True)[:{n}])
jobs = []
for i, pk in enumerate(ids):
    jobs.append((sync_products, {{"product_ids": [pk]}}))
for i in range({n}):
    jobs.append((guest_email, {{"email": f"cluster-burst-{{i}}@example.ma",
        "language": "fr", "kind": "order_cancelled",
        "context": {{"number": f"B{{i}}"}}, "url": "/"}}))
print(min(m.pk for m in outbox_enqueue_many(jobs=jobs)))
"""


def children(pid: int) -> list[int]:
    """The child processes of `pid` (Linux)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def worker_fault(fleet: Fleet, env: dict, redis_url: str) -> dict:
    """A burst of outbox work, then worker 1 killed while it runs a job."""
    from redis import Redis
    from rq import Worker

    connection = Redis.from_url(redis_url)
    first_id = int(
        manage(env, "shell", "-c", BURST_SCRIPT.format(n=BURST), capture=True)
        .strip()
        .splitlines()[-1]
    )
    job_id = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and job_id is None:
        for worker in Worker.all(connection=connection):
            if worker.name == "cluster-worker-1":
                job_id = worker.get_current_job_id()
        if job_id is None:
            time.sleep(0.01)
    process = fleet.processes["worker1"]
    # Our worker runs each job in its own process (marketplace/outbox/worker.py);
    # a forking RQ worker would run it in a "work horse" in a session of its
    # own: the worker and any horse are killed, the job's transaction dies
    # with them.
    horses = children(process.popen.pid)
    os.killpg(process.popen.pid, signal.SIGKILL)
    for pid in horses:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.popen.wait()
    return {
        "first_message": first_id,
        "killed_mid_job": job_id,
        "horses_killed": len(horses),
    }


OUTBOX_SCRIPT = """
import json
from django.db.models import Count
from marketplace.outbox.models import OutboxMessage
rows = OutboxMessage.objects.values("status").annotate(n=Count("pk"))
burst = OutboxMessage.objects.filter(pk__gte={first})
print(json.dumps({{
    "by_status": {{r["status"]: r["n"] for r in rows}},
    "burst": burst.count(),
    "burst_done": burst.filter(status="done").count(),
    "burst_attempts_over_1": burst.filter(attempts__gt=1).count(),
}}))
"""


def outbox_outcome(env: dict, first_id: int, mail_dir: Path) -> dict:
    """Waits (60 s at most) for the outbox to empty; every message done, each
    burst e-mail sent once."""
    found: dict = {}

    def settled() -> bool:
        nonlocal found
        output = manage(
            env, "shell", "-c", OUTBOX_SCRIPT.format(first=first_id), capture=True
        )
        found = json.loads(output.strip().splitlines()[-1])
        return found["burst_done"] == found["burst"] and not found["by_status"].get(
            "pending"
        )

    try:
        found["waited_s"] = wait_for(settled, 90, "the outbox to empty")
    except RuntimeError:
        found["waited_s"] = None
    sent: dict[str, int] = {}
    for path in mail_dir.glob("*") if mail_dir.exists() else []:
        for address in re.findall(
            r"^To: (cluster-burst-\d+@example\.ma)$", path.read_text(), re.M
        ):
            sent[address] = sent.get(address, 0) + 1
    found["burst_emails_sent"] = sum(sent.values())
    found["burst_emails_twice"] = sum(1 for n in sent.values() if n > 1)
    found["ok"] = (
        found["waited_s"] is not None
        and not found["by_status"].get("failed")
        and found["burst_emails_sent"] == BURST
        and found["burst_emails_twice"] == 0
        and found["burst_attempts_over_1"] == 0
    )
    return found


class Browser:
    """A client with its cookies, aimed at one app server or another."""

    def __init__(self):
        import http.cookiejar

        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, base: str, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(base + path))

    def post(self, base: str, path: str, data: dict) -> tuple[int, str]:
        from urllib.parse import urlencode

        request = urllib.request.Request(
            base + path,
            data=urlencode(data).encode(),
            headers={"X-CSRFToken": self.csrf(), "Referer": base + path},
        )
        return self._open(request)

    def post_file(
        self, base: str, path: str, data: dict, field: str, name: str, content: bytes
    ) -> tuple[int, str]:
        """A multipart form POST with one file."""
        boundary = f"cluster{time.time_ns()}"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"'
            f"\r\n\r\n{value}\r\n".encode()
            for key, value in data.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{name}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        request = urllib.request.Request(
            base + path,
            data=b"".join(parts) + f"--{boundary}--\r\n".encode(),
            headers={
                "X-CSRFToken": self.csrf(),
                "Referer": base + path,
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        return self._open(request)

    def sign_in(self, base: str, email: str, password: str) -> int:
        self.get(base, "/fr/accounts/login/")
        status, _ = self.post(
            base,
            "/fr/accounts/login/",
            {
                "login-username": email,
                "login-password": password,
                "login_submit": "1",
            },
        )
        return status

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def read_your_writes(targets: dict, one: str, other: str) -> dict:
    """A seller saves stock on app server `one` and reads it on `other`."""
    seller = targets["sellers"][0]
    record = seller["stock"][0]
    browser = Browser()
    status = browser.sign_in(one, seller["email"], targets["password"])
    if status != 302:
        return {"ok": False, "error": f"sign-in: HTTP {status}"}
    path = f"/fr/seller/stock/{record['id']}/"
    browser.get(one, path)
    wanted = 90 + int(time.time()) % 9
    status, _ = browser.post(
        one, path, {"price": record["price"], "num_in_stock": wanted}
    )
    saved_at = time.monotonic()
    status_other, page = browser.get(other, path)
    seen = re.search(r'name="num_in_stock"[^>]*value="(\d+)"', page)
    return {
        "ok": status == 302
        and status_other == 200
        and bool(seen)
        and int(seen.group(1)) == wanted,
        "saved_status": status,
        "stock_record": record["id"],
        "saved": wanted,
        "seen_on_other_server": int(seen.group(1)) if seen else None,
        "read_after_ms": (time.monotonic() - saved_at) * 1000,
    }


def poll_page(get, shows, timeout: float = PAGE_CATCH_UP_S) -> tuple[float | None, int]:
    """Milliseconds until `shows(html)` is true of `get()`'s page (None if it
    never was within `timeout` seconds), and the number of requests made."""
    started = time.monotonic()
    polls = 0
    while time.monotonic() - started < timeout:
        polls += 1
        status, page = get()
        if status == 200 and shows(page):
            return (time.monotonic() - started) * 1000, polls
        time.sleep(0.005)
    return None, polls


def anonymous_page_lag(targets: dict, writer: str, public: str) -> dict:
    """A seller changes a price through `writer` (the primary); an anonymous
    visitor (no cookie: the replica and the page cache) polls the product page
    through `public` (HAProxy) until its HTML shows the new price."""
    seller = next(
        s for s in targets["sellers"] if any(not r["variant"] for r in s["stock"])
    )
    record = next(r for r in seller["stock"] if not r["variant"])
    browser = Browser()
    if browser.sign_in(writer, seller["email"], targets["password"]) != 302:
        return {"ok": False, "error": "sign-in failed"}
    anonymous = Browser()
    # The page as the replica and the page cache have it before the write.
    before, _ = anonymous.get(public, record["url"])
    path = f"/fr/seller/stock/{record['id']}/"
    status, form = browser.get(writer, path)
    stock = re.search(r'name="num_in_stock"[^>]*value="(\d+)"', form)
    new_price = f"{int(float(record['price'])) + 1 + int(time.time()) % 50}.37"
    status, _ = browser.post(
        writer,
        path,
        {"price": new_price, "num_in_stock": stock.group(1) if stock else 50},
    )
    shown = re.compile(rf'"price": "{re.escape(new_price)}"')
    delay_ms, polls = poll_page(
        lambda: Browser().get(public, record["url"]),
        lambda page: bool(shown.search(page)),
    )
    return {
        "ok": status == 302 and before == 200 and delay_ms is not None,
        "saved_status": status,
        "product_page": record["url"],
        "price": new_price,
        "page_delay_ms": delay_ms,
        "polls": polls,
    }


def photo_across_servers(
    targets: dict, one: str, other: str, s3_url: str | None, media_root: Path
) -> dict:
    """A seller uploads a photo through app server `one`; the product page
    through `other` shows its thumbnails (made there from the original in the
    store), each read back from the store's URL; no app server wrote a file
    on its own disk."""
    import io

    from PIL import Image

    seller = targets["sellers"][0]
    record = seller["stock"][0]
    browser = Browser()
    if browser.sign_in(one, seller["email"], targets["password"]) != 302:
        return {"ok": False, "error": "sign-in failed"}
    caption = f"cluster photo {time.time_ns()}"
    picture = io.BytesIO()
    Image.new("RGB", (900, 700), (170, 90, 40)).save(picture, "JPEG", quality=85)
    path = f"/fr/seller/products/{record['product']}/photos/"
    browser.get(one, path)
    status, _ = browser.post_file(
        one, path, {"caption": caption}, "photo", "cluster.jpg", picture.getvalue()
    )
    # The page through the other server, anonymously (the replica): the
    # photo's <picture>, with its alt text the caption.
    found = re.compile(
        r"<picture>(?:(?!</picture>).)*?alt=\"" + re.escape(caption) + r"\"", re.S
    )
    pages = {}

    def get():
        got = Browser().get(other, record["url"])
        pages["last"] = got[1]
        return got

    delay_ms, polls = poll_page(get, lambda page: bool(found.search(page)))
    picture_html = found.search(pages.get("last", ""))
    urls = (
        re.findall(r'(?:src|srcset)="([^" ]+)', picture_html.group(0))
        if picture_html
        else []
    )
    read = {}
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                body = response.read()
                read[url] = [
                    response.status,
                    response.headers.get("Content-Type"),
                    len(body),
                ]
        except (urllib.error.URLError, ValueError) as error:
            read[url] = [getattr(error, "code", 0), str(error), 0]
    local_files = (
        [str(p) for p in media_root.rglob("*") if p.is_file()]
        if media_root.exists()
        else []
    )
    in_store = bool(urls) and all(
        s3_url and url.startswith(s3_url + "/") for url in urls
    )
    return {
        "ok": status == 302
        and delay_ms is not None
        and bool(urls)
        and all(r[0] == 200 and str(r[1]).startswith("image/") for r in read.values())
        and (in_store if s3_url else True)
        and (not local_files if s3_url else True),
        "store": "s3" if s3_url else "local",
        "uploaded_status": status,
        "shown_after_ms": delay_ms,
        "polls": polls,
        "thumbnails": read,
        "in_store": in_store,
        "files_on_app_disk": local_files[:5],
    }


def replica_lag(primary_url: str, replica_url: str, record_id: int, wanted) -> dict:
    """The time until the replica replays the primary's WAL position after
    the last write, pg_stat_replication's replay_lag, and the stock row and
    order count on both."""
    import psycopg

    with (
        psycopg.connect(primary_url, autocommit=True) as primary,
        psycopg.connect(replica_url, autocommit=True) as replica,
    ):
        lsn = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        started = time.monotonic()
        while True:
            caught_up = replica.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]
            ).fetchone()[0]
            if caught_up or time.monotonic() - started > 30:
                break
            time.sleep(0.001)
        lag_ms = (time.monotonic() - started) * 1000
        stat = primary.execute(
            "SELECT EXTRACT(EPOCH FROM replay_lag) * 1000,"
            " pg_wal_lsn_diff(sent_lsn, replay_lsn) FROM pg_stat_replication"
        ).fetchone()
        sql_stock = "SELECT num_in_stock FROM partner_stockrecord WHERE id = %s"
        sql_orders = "SELECT count(*) FROM order_order"
        on_primary = (primary.execute(sql_stock, [record_id]).fetchone() or [None])[0]
        on_replica = (replica.execute(sql_stock, [record_id]).fetchone() or [None])[0]
        orders = [db.execute(sql_orders).fetchone()[0] for db in (primary, replica)]
    return {
        "ok": bool(caught_up) and on_primary == on_replica and orders[0] == orders[1],
        "wal_replay_wait_ms": lag_ms,
        "replay_lag_ms": float(stat[0]) if stat and stat[0] is not None else 0.0,
        "replay_lsn_behind_bytes": int(stat[1]) if stat and stat[1] else 0,
        "stock_primary": on_primary,
        "stock_replica": on_replica,
        "stock_saved": wanted,
        "orders_primary": orders[0],
        "orders_replica": orders[1],
    }


# --- The run --------------------------------------------------------------------


SEED_CACHE = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "marketplace"
    / "cluster-seed"
)


def seed_key(products: int) -> str:
    """What the seeded database depends on: the migrations, the demo's code
    and the number of products."""
    digest = hashlib.sha256(str(products).encode())
    files = [
        path
        for top in ("artisans", "catalogue", "cms", "marketplace")
        for path in (ROOT / top).rglob("migrations/*.py")
    ]
    files += list((ROOT / "marketplace" / "core").rglob("*demo*.py"))
    for path in sorted(files):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def pg_tool(name: str) -> str:
    found = shutil.which(name) or sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if isinstance(found, list):
        if not found:
            raise RuntimeError(f"{name} not found")
        found = str(found[-1])
    return found


def prepare(
    env: dict, database_url: str, folder: Path, products: int, bucket=None
) -> None:
    """The demo database: restored from the cache a previous run left (the
    migrations take minutes on a busy machine) when the migrations and the
    demo are unchanged, else migrated and seeded and then kept there, with
    the photos and thumbnails: the media folder, or with S3 (`bucket`: a
    boto3 Bucket) the bucket's objects, put back under the same keys (sorl's
    thumbnail records, in the database, name them)."""
    cached = SEED_CACHE / (seed_key(products) + ("-s3" if bucket else ""))
    files = cached / ("bucket" if bucket else "media")
    if (cached / "done").exists():
        print(f"  restoring the seeded database from {cached}", flush=True)
        subprocess.run(
            [pg_tool("pg_restore"), "--no-owner", "-d", database_url]
            + [str(cached / "db.dump")],
            check=True,
        )
        if bucket:
            for path in files.rglob("*"):
                if path.is_file():
                    bucket.upload_file(
                        str(path),
                        path.relative_to(files).as_posix(),
                        ExtraArgs={"ContentType": _content_type(path)},
                    )
        else:
            shutil.copytree(files, folder / "media", dirs_exist_ok=True)
        manage(env, "rebuild_search_index")
        return
    seed_fresh(env, database_url, folder, products)
    shutil.rmtree(cached, ignore_errors=True)
    cached.mkdir(parents=True)
    subprocess.run(
        [pg_tool("pg_dump"), "-Fc", "-f", str(cached / "db.dump"), database_url],
        check=True,
    )
    if bucket:
        for item in bucket.objects.all():
            target = files / item.key
            target.parent.mkdir(parents=True, exist_ok=True)
            bucket.download_file(item.key, str(target))
    else:
        shutil.copytree(folder / "media", files)
    (cached / "done").touch()


def _content_type(path: Path) -> str:
    import mimetypes

    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def seed_fresh(env: dict, database_url: str, folder: Path, products: int) -> None:
    from bench.pages import prepare as seed

    # bench/pages.py's children read the search and media settings from here.
    extra = {
        k: v
        for k, v in env.items()
        if k.startswith(("SEARCH_", "ELASTIC", "MEDIA_STORAGE", "AWS_"))
    }
    saved = {k: os.environ.get(k) for k in extra}
    os.environ.update(extra)
    try:
        seed(database_url, folder, products, True)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run(args, fleet: Fleet) -> dict:
    started = time.monotonic()
    fleet.start_services()
    got = fleet.env_file
    from bench.pages import ensure_pg_database

    database_url = ensure_pg_database(got["CLUSTER_PG_PRIMARY"], True, PG_NAME)
    replica_url = with_path(got["CLUSTER_PG_REPLICA"], f"/{PG_NAME}")
    redis_url = got["CLUSTER_REDIS_URL"]
    es1 = got["CLUSTER_ES1_URL"]
    mail_dir = fleet.folder / "mail"
    env = site_env(database_url, redis_url, es1)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.cluster_settings",
        DATABASE_REPLICA_URLS=replica_url,
        ELASTICSEARCH_INDEX_PREFIX=ES_PREFIX,
        MEDIA_ROOT=str(fleet.folder / "media"),
        EMAIL_URL=f"filemail:///{mail_dir}",  # environ drops one slash
        SECRET_KEY="bench-cluster-not-a-secret",
    )
    bucket = None
    if got.get("CLUSTER_S3_URL"):
        env.update(
            MEDIA_STORAGE="s3",
            AWS_S3_ENDPOINT_URL=got["CLUSTER_S3_URL"],
            AWS_ACCESS_KEY_ID=got["CLUSTER_S3_ACCESS_KEY"],
            AWS_SECRET_ACCESS_KEY=got["CLUSTER_S3_SECRET_KEY"],
            AWS_STORAGE_BUCKET_NAME="maalem-cluster",
            MEDIA_URL_PROTOCOL="http:",
        )
        import boto3

        bucket = boto3.resource(
            "s3",
            endpoint_url=got["CLUSTER_S3_URL"],
            aws_access_key_id=got["CLUSTER_S3_ACCESS_KEY"],
            aws_secret_access_key=got["CLUSTER_S3_SECRET_KEY"],
            region_name="us-east-1",
        ).Bucket("maalem-cluster")
        bucket.create()
    print(f"Seeding {args.products} products …", flush=True)
    prepare(env, database_url, fleet.folder, args.products, bucket)
    # One replica of every shard: on the other node from its primary.
    es_request(
        f"{es1}/{ES_PREFIX}*/_settings",
        "PUT",
        {"index": {"number_of_replicas": 1}},
    )
    es_request(f"{es1}/_cluster/health?wait_for_status=green&timeout=120s")
    targets = fleet.folder / "targets.json"
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "load.py"), "--targets"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    targets.write_text(output.strip().splitlines()[-1])
    target_data = json.loads(targets.read_text())

    app_ports = [fleet.base + 31 + n for n in range(args.app_servers)]
    for n, port in enumerate(app_ports):
        start_app(fleet, n, port, env, args)
    for n in (1, 2):
        start_worker(fleet, n, env)
    fleet.start("scheduler", [PYTHON, "manage.py", "run_scheduler", "--tick", "1"], env)
    for port in app_ports:
        wait_for(lambda port=port: app_up(port), 180, f"app server :{port}")
    fleet.start(
        "haproxy",
        [got["CLUSTER_HAPROXY"], "-db", "-f", str(haproxy_config(fleet, app_ports))],
        env,
    )
    host = f"http://127.0.0.1:{fleet.base + 30}"
    wait_for(
        lambda: list(haproxy_states(fleet).values()) == ["UP"] * len(app_ports),
        60,
        "HAProxy to see every app server up",
    )
    print(
        f"Fleet up in {time.monotonic() - started:.0f} s: HAProxy {host}, "
        f"{len(app_ports)} app servers, 2 RQ workers, 1 scheduler, "
        f"PostgreSQL primary + replica, Elasticsearch 2 nodes, "
        f"{'SeaweedFS' if got.get('CLUSTER_S3_URL') else 'local media'}; "
        f"files in {fleet.folder}",
        flush=True,
    )

    phases: list[dict] = []
    events: dict = {}
    wanted = [p for p in PHASES if p == "steady" or p in args.faults]
    for phase in wanted:
        measured: dict = {}
        result = fleet.folder / f"{phase}.json"

        def load(result=result, measured=measured):
            measured.update(
                run_locust(host, targets, args.users, args.phase_seconds, result)
            )

        thread = threading.Thread(target=load)
        ramp = max(1, -(-args.users // max(1, -(-args.users // 5))))
        thread.start()
        stopped_at = None
        time.sleep(ramp + args.phase_seconds / 3)
        if phase == "app":
            stopped_at = time.time()
            fleet.stop_one("app0")
            out_s = wait_for(
                lambda: haproxy_states(fleet).get("app0", "").startswith("DOWN"),
                30,
                "HAProxy to take app0 out",
            )
            time.sleep(args.phase_seconds / 3)
            start_app(fleet, 0, app_ports[0], env, args)
            back_s = wait_for(
                lambda: haproxy_states(fleet).get("app0") == "UP",
                180,
                "HAProxy to take app0 back",
            )
            events["app"] = {"taken_out_s": out_s, "back_after_restart_s": back_s}
        elif phase == "search":
            subprocess.run(
                ["bash", str(ROOT / "scripts" / "cluster.sh"), "stop-es2"]
                + [str(fleet.folder)],
                check=True,
            )
            health = es_request(f"{es1}/_cluster/health?timeout=30s")
            events["search"] = {
                "nodes_left": health.get("number_of_nodes"),
                "status": health.get("status"),
            }
        elif phase == "worker":
            events["worker"] = worker_fault(fleet, env, redis_url)
        thread.join()
        row = phase_row(phase, measured, stopped_at)
        phases.append(row)
        print(
            f"{phase}: {row['requests']} requests, {row['rps']:.1f} req/s, "
            f"p95 {row['p95_ms']:.0f} ms, {row['server_errors']} 5xx, "
            f"{row['other_errors']} other errors, {row['in_flight_errors']} in "
            f"flight on the stopped server; {events.get(phase, '')}",
            flush=True,
        )

    summary: dict = {"phases": phases, "events": events}
    if "worker" in events:
        summary["outbox"] = {
            **events["worker"],
            **outbox_outcome(env, events["worker"]["first_message"], mail_dir),
        }
    ryw = read_your_writes(
        target_data,
        f"http://127.0.0.1:{app_ports[0]}",
        f"http://127.0.0.1:{app_ports[-1]}",
    )
    summary["read_your_writes"] = ryw
    summary["replica"] = replica_lag(
        database_url, replica_url, ryw.get("stock_record", 0), ryw.get("saved")
    )
    summary["anonymous_page"] = anonymous_page_lag(
        target_data, f"http://127.0.0.1:{app_ports[0]}", host
    )
    summary["photo"] = photo_across_servers(
        target_data,
        f"http://127.0.0.1:{app_ports[0]}",
        f"http://127.0.0.1:{app_ports[-1]}",
        got.get("CLUSTER_S3_URL"),
        fleet.folder / "media",
    )
    summary.update(
        app_servers=len(app_ports),
        users=args.users,
        phase_seconds=args.phase_seconds,
        products=args.products,
        cpus=os.cpu_count(),
        load_average_end=os.getloadavg(),
        elapsed_s=time.monotonic() - started,
    )
    return summary


def report(summary: dict) -> None:
    print()
    print("\n".join(table(summary["phases"])))
    replica = summary.get("replica", {})
    if replica:
        print(
            f"\nReplication lag: {replica['wal_replay_wait_ms']:.1f} ms until the "
            f"replica replayed the last write; pg_stat_replication replay_lag "
            f"{replica['replay_lag_ms']:.1f} ms, "
            f"{replica['replay_lsn_behind_bytes']} bytes behind; stock "
            f"{replica['stock_primary']} on the primary, {replica['stock_replica']}"
            f" on the replica; orders {replica['orders_primary']} / "
            f"{replica['orders_replica']}"
        )
    page = summary.get("anonymous_page", {})
    if page:
        delay = page.get("page_delay_ms")
        print(
            f"Anonymous product page (replica, page cache, through HAProxy): "
            f"the new price {page.get('price')} shown "
            + (
                f"{delay:.1f} ms after the seller's save ({page.get('polls')} "
                f"polls), beside a WAL replay wait of "
                f"{replica.get('wal_replay_wait_ms', 0):.1f} ms"
                if delay is not None
                else f"NEVER within {PAGE_CATCH_UP_S:.0f} s"
            )
        )
    photo = summary.get("photo", {})
    if photo:
        print(
            f"Photo ({photo.get('store')}): uploaded through one app server "
            f"(HTTP {photo.get('uploaded_status')}), shown with its thumbnails "
            f"through another after {photo.get('shown_after_ms') or 0:.0f} ms; "
            f"{sum(1 for r in photo.get('thumbnails', {}).values() if r[0] == 200)}"
            f"/{len(photo.get('thumbnails', {}))} thumbnails read from "
            f"{'the store' if photo.get('in_store') else 'their URLs'}; "
            f"{len(photo.get('files_on_app_disk', []))} files on the app "
            f"servers' disk ({'ok' if photo.get('ok') else 'NOT OK'})"
        )
    ryw = summary.get("read_your_writes", {})
    if ryw:
        print(
            f"Read-your-writes: saved {ryw.get('saved')} through one app server, "
            f"read {ryw.get('seen_on_other_server')} through another "
            f"({'ok' if ryw.get('ok') else 'LOST'})"
        )
    outbox = summary.get("outbox")
    if outbox:
        print(
            f"Worker killed mid-job {outbox.get('killed_mid_job')}: outbox "
            f"{outbox.get('by_status')}, burst {outbox.get('burst_done')}/"
            f"{outbox.get('burst')} done, {outbox.get('burst_emails_sent')} "
            f"burst e-mails for {BURST}, {outbox.get('burst_emails_twice')} twice "
            f"({'ok' if outbox.get('ok') else 'NOT OK'})"
        )
    for line in failures(summary):
        print(f"FAILED: {line}")


def parse_faults(text: str) -> list[str]:
    faults = [f.strip() for f in text.split(",") if f.strip()]
    unknown = set(faults) - set(FAULTS)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown faults {sorted(unknown)}: {FAULTS}")
    return faults


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-servers", type=int, default=3)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--phase-seconds", type=int, default=30)
    parser.add_argument("--products", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker")
    parser.add_argument("--base-port", type=int, default=21400)
    parser.add_argument(
        "--faults", type=parse_faults, default=list(FAULTS), help="app,search,worker"
    )
    parser.add_argument("--json", type=Path, help="write the figures there")
    parser.add_argument("--keep", action="store_true", help="keep the files")
    args = parser.parse_args(argv)
    if args.app_servers < 2:
        parser.error("--app-servers: at least 2 (one is stopped)")

    folder = Path(tempfile.mkdtemp(prefix="maalem-cluster-"))
    fleet = Fleet(folder, args.base_port)

    def terminated(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        summary = run(args, fleet)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"The fleet could not run: {error} (files in {folder})", flush=True)
        return 2
    finally:
        fleet.stop()
        signal.signal(signal.SIGTERM, previous)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    report(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str))
    return 1 if failures(summary) else 0


if __name__ == "__main__":
    sys.exit(main())

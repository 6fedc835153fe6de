"""The site's front (deploy/haproxy.cfg), run by the real HAProxy in front of
a stand-in web server with one slot: requests it cannot start at once wait in
HAProxy's queue, and the queue serves a shopper placing an order first.

The stand-in records the order in which requests reach it; no time is
asserted, only that order.
"""

import http.client
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.front import CONFIG, haproxy_command
from bench.pages import free_port
from marketplace.accounts.client import client_ip

pytestmark = pytest.mark.haproxy


class _Site:
    """A web server with one request at a time: the first request it is
    sent waits until `release`; it records every request's method, path and
    headers (names in lower case, each with its values; HAProxy's health
    checks excepted)."""

    def __init__(self):
        self.seen: list[tuple[str, str, dict]] = []
        self.release = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path != "/readyz":
                    site.seen.append(
                        (
                            self.command,
                            self.path,
                            {
                                k.lower(): self.headers.get_all(k)
                                for k in self.headers.keys()
                            },
                        )
                    )
                    if len(site.seen) == 1:
                        site.release.wait(30)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _haproxy(tmp_path, *, proxy_port: int, site_port: int) -> tuple[list, dict]:
    """HAProxy with the site's configuration, as the benches run it, giving
    the site one request at a time, with its runtime API on a socket."""
    command, env = haproxy_command(port=proxy_port, site_port=site_port, slots=1)
    env["MAALEM_PROXY_STATS"] = str(tmp_path / "haproxy.sock")
    return command, env


@pytest.fixture
def front(tmp_path):
    """(site, proxy port, a function giving how many requests HAProxy holds
    in its queue)."""
    site = _Site()
    proxy_port = free_port()
    command, env = _haproxy(tmp_path, proxy_port=proxy_port, site_port=site.port)
    proxy = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def queued() -> int:
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(env["MAALEM_PROXY_STATS"])
            s.sendall(b"show stat\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        lines = data.decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        column = header.index("qcur")
        return sum(
            int(row.split(",")[column] or 0)
            for row in lines[1:]
            if row.startswith("web,") and row.split(",")[1] == "BACKEND"
        )

    deadline = time.monotonic() + 30
    while True:
        if proxy.poll() is not None:
            pytest.fail(f"HAProxy did not start: {proxy.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", proxy_port), timeout=1).close()
            queued()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield site, proxy_port, queued
    proxy.terminate()
    proxy.wait(10)
    site.close()


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.005)


def _send(port: int, method: str, path: str, headers=None) -> threading.Thread:
    def go():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(
            method, path, body=b"" if method == "POST" else None, headers=headers or {}
        )
        conn.getresponse().read()
        conn.close()

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    return thread


def test_a_shopper_placing_an_order_is_served_before_browsing_that_came_first(front):
    site, port, queued = front
    threads = [_send(port, "GET", "/fr/catalogue/busy/")]
    _wait_for(lambda: len(site.seen) == 1, "the site's one slot to be taken")
    # Each waits in HAProxy's queue before the next is sent: arrival order.
    arrivals = [
        ("GET", "/fr/catalogue/"),
        ("POST", "/fr/accounts/login/"),
        ("GET", "/ar/catalogue/tapis/"),
        ("GET", "/fr/checkout/preview/"),
        ("POST", "/en/basket/"),
        ("POST", "/fr/checkout/preview/"),
        ("GET", "/ar/checkout/thank-you/"),
        ("POST", "/payments/cmi/callback/"),
        ("GET", "/fr/"),
    ]
    for n, (method, path) in enumerate(arrivals, start=1):
        threads.append(_send(port, method, path))
        _wait_for(lambda n=n: queued() == n, f"{path} to be queued")
    site.release.set()
    for thread in threads:
        thread.join(30)

    served = [(method, path) for method, path, _ in site.seen[1:]]
    assert served == [
        # Placing an order, its thank-you page and the payment provider's
        # callback: a second ahead, in the order they came.
        ("POST", "/fr/checkout/preview/"),
        ("GET", "/ar/checkout/thank-you/"),
        ("POST", "/payments/cmi/callback/"),
        # Everything else (the preview shown, another form) as it came.
        ("GET", "/fr/catalogue/"),
        ("POST", "/fr/accounts/login/"),
        ("GET", "/ar/catalogue/tapis/"),
        ("GET", "/fr/checkout/preview/"),
        ("POST", "/en/basket/"),
        ("GET", "/fr/"),
    ]


def test_the_site_hears_the_shoppers_address_and_never_a_scheme_a_shopper_claims(
    front, settings, rf
):
    site, port, _ = front
    site.release.set()
    _send(
        port,
        "POST",
        "/fr/checkout/preview/",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
    ).join(30)
    _, _, headers = site.seen[0]
    assert "x-forwarded-proto" not in headers
    # HAProxy adds the address it saw after what the shopper wrote; the WSGI
    # server joins the two, and the site, trusting one proxy, reads the last.
    assert headers["x-forwarded-for"] == ["203.0.113.9", "127.0.0.1"]
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.post(
        "/fr/checkout/preview/",
        HTTP_X_FORWARDED_FOR=",".join(headers["x-forwarded-for"]),
        REMOTE_ADDR="10.0.0.5",
    )
    assert client_ip(request) == "127.0.0.1"


def test_the_configuration_with_https_is_valid(tmp_path):
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: no certificate to try HTTPS with")
    # HAProxy takes one PEM: the certificate, then its key.
    pem, key, cert = tmp_path / "site.pem", tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    pem.write_text(cert.read_text() + key.read_text())
    command, env = _haproxy(tmp_path, proxy_port=free_port(), site_port=free_port())
    env.update(MAALEM_TLS_BIND=f"127.0.0.1:{free_port()}", MAALEM_TLS_CERT=str(pem))
    checked = subprocess.run(
        [command[0], "-c", "-f", str(CONFIG)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

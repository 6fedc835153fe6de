"""A Redis server of the test's own, to stop and start again mid-test.

The shared Redis that `scripts/services.sh` starts serves every other test
(and other suites on the machine): an outage test never stops it. This one
runs the same `redis-server` binary on a free loopback port below Linux's
ephemeral range, with no persistence, in a temporary folder: stopped and
started again, it comes back empty, as a Redis without persistence does after
a restart.
"""

import random
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

PORTS = range(20000, 32000)  # below the ephemeral range (32768-60999)


def redis_binary() -> str | None:
    return shutil.which("redis-server")


def unused_port() -> int:
    """A loopback port nothing listens on (below the ephemeral range)."""
    for port in random.sample(PORTS, 50):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free loopback port for a test Redis")


class RedisServer:
    def __init__(self, binary: str):
        self.binary = binary
        self.port = unused_port()
        self.directory = Path(tempfile.mkdtemp(prefix="test-redis-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = open(self.directory / "redis.log", "ab")  # noqa: SIM115 (the server's)
        self.process = subprocess.Popen(
            [
                self.binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 20
        while True:
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                log_text = (self.directory / "redis.log").read_text()[-500:]
                raise RuntimeError(f"test Redis did not start: {log_text}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

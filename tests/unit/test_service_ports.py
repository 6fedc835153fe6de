"""The suite's servers listen outside Linux's ephemeral port range.

An outgoing connection (a bench, a browser) takes its local port from that
range; a server whose fixed port falls inside it can find the port held and
fail to start with "Address already in use".
"""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_EPHEMERAL = (32768, 60999)


def _ephemeral_range() -> tuple[int, int]:
    path = Path("/proc/sys/net/ipv4/ip_local_port_range")
    if path.is_file():
        low, high = path.read_text().split()
        return int(low), int(high)
    return DEFAULT_EPHEMERAL


def _default_ports(script: str) -> dict[str, int]:
    text = (REPO / "scripts" / script).read_text()
    return {
        name: int(port)
        for name, port in re.findall(r"^(\w+)=\$\{\w+:-(\d+)\}$", text, re.MULTILINE)
    }


def test_service_ports_are_outside_the_ephemeral_range():
    low, high = _ephemeral_range()
    ports = _default_ports("services.sh") | _default_ports("localstripe.sh")
    assert {"PG_PORT", "REDIS_PORT", "ES_PORT", "STRIPE_PORT", "PORT"} <= set(ports)
    # Elasticsearch's transport listens on ES_PORT + 100 … + 199.
    listened = set(ports.values()) | {ports["ES_PORT"] + 100, ports["ES_PORT"] + 199}
    for port in sorted(listened):
        assert not (low <= port <= high) and not (
            DEFAULT_EPHEMERAL[0] <= port <= DEFAULT_EPHEMERAL[1]
        ), f"port {port} is in the ephemeral range"

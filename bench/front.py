"""HAProxy with the site's own configuration (deploy/haproxy.cfg) in front of a
bench's gunicorn, as production serves it: `bench/checkout.py --front haproxy`,
`bench/load.py --front haproxy`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "haproxy.cfg"


def haproxy_command(*, port: int, site_port: int, slots: int) -> tuple[list, dict]:
    """The command and environment of an HAProxy listening on `port` in front
    of the gunicorn on `site_port`, which is given `slots` requests at once
    (its workers × threads): the others wait in HAProxy's queue."""
    haproxy = os.environ.get("TEST_HAPROXY") or shutil.which("haproxy")
    if not haproxy:
        raise RuntimeError(
            "HAProxy is not installed: scripts/services.sh start does it"
        )
    env = dict(
        os.environ,
        MAALEM_PROXY_BIND=f"127.0.0.1:{port}",
        MAALEM_WEB_ADDR=f"127.0.0.1:{site_port}",
        MAALEM_WEB_SERVERS="1",
        MAALEM_WEB_SLOTS=str(slots),
    )
    return [haproxy, "-db", "-f", str(CONFIG)], env

"""What is kept between requests, by default, with and without Redis.

Without Redis the cache is each process's local memory: a write in one
process moves its versions only, so nothing is kept longer than a whole page
(a minute), and what prices a basket is not kept at all. With Redis every
process shares the versions."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMES = (
    "CATALOGUE_PAGE_CACHE_SECONDS",
    "CATALOGUE_VERSIONED_PAGE_CACHE_SECONDS",
    "CATALOGUE_FRAGMENT_CACHE_SECONDS",
    "CHECKOUT_KEPT_READS_SECONDS",
)


def defaults(redis_url: str) -> dict[str, int]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_")) and k not in NAMES
    }
    env.update(DJANGO_SETTINGS_MODULE="marketplace.settings.base", SECRET_KEY="x")
    if redis_url:
        env["REDIS_URL"] = redis_url
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "redis_url, expected",
    [
        ("", {"versioned": 60, "fragments": 60, "checkout": 0}),
        (
            "redis://127.0.0.1:1/0",
            {"versioned": 900, "fragments": 600, "checkout": 600},
        ),
    ],
    ids=["local memory", "redis"],
)
def test_nothing_is_kept_longer_than_the_cache_is_shared(redis_url, expected):
    found = defaults(redis_url)
    assert found["CATALOGUE_PAGE_CACHE_SECONDS"] == 60
    assert found["CATALOGUE_VERSIONED_PAGE_CACHE_SECONDS"] == expected["versioned"]
    assert found["CATALOGUE_FRAGMENT_CACHE_SECONDS"] == expected["fragments"]
    assert found["CHECKOUT_KEPT_READS_SECONDS"] == expected["checkout"]

"""`.env.example` is safe to copy to `.env` for local use.

A copied example must leave `make run`'s embedded default alone (SQLite,
debug, local hosts); production's values live in `.env.production.example`,
which must name every variable the settings read.
"""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _assignments(name: str) -> dict[str, str]:
    text = (REPO / name).read_text()
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, re.MULTILINE))


def test_the_local_example_sets_nothing_when_copied():
    assert _assignments(".env.example") == {}


def test_the_production_example_names_every_variable_the_settings_read():
    settings_text = "\n".join(
        path.read_text() for path in (REPO / "marketplace" / "settings").glob("*.py")
    )
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', settings_text))
    read -= {"TEST_SQLITE_NAME", "TEST_MEDIA_ROOT"}  # the test settings' own
    documented = set(_assignments(".env.production.example"))
    assert read - documented == set()

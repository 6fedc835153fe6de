"""A template name is found once in the project's own folders.

Two apps shipping the same name (say `oscar/checkout/thank_you.html`) chain
silently, one extending the other, in the order of INSTALLED_APPS: move an
app in the list and a block disappears. One file per name, or an explicit
chain under different names.
"""

import os
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Not the project's: installed packages, front-end tools, collected files.
SKIPPED = {".venv", "node_modules", ".git", "staticfiles", "media"}


def _template_folders():
    for top, dirs, _files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED and not d.startswith(".")]
        if Path(top).name == "templates":
            dirs[:] = []
            yield Path(top)


def test_no_two_template_folders_ship_the_same_name():
    found = defaultdict(list)
    for folder in _template_folders():
        for path in folder.rglob("*"):
            if path.is_file():
                found[path.relative_to(folder).as_posix()].append(
                    path.relative_to(ROOT).as_posix()
                )
    assert {name: paths for name, paths in found.items() if len(paths) > 1} == {}

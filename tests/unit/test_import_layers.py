"""Dependencies run one way: cms -> commerce -> catalogue -> artisans, and the
project-wide modules under marketplace/ import none of the rooms above them.

The contracts are in pyproject.toml ([tool.importlinter]); import-linter reads
every import of the project, those inside functions included.
"""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("artisans", "catalogue", "cms", "marketplace")


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "lint-imports"),
            "--no-cache",
            "--no-logo",
            "--config",
            str(root / "pyproject.toml"),
        ],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_project_keeps_its_import_contracts():
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_against_the_direction_breaks_a_contract(tmp_path):
    # given a copy of the project where artisans imports the catalogue
    for package in PACKAGES:
        shutil.copytree(
            REPO / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "static", "templates"),
        )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    models = tmp_path / "artisans" / "models.py"
    models.write_text(models.read_text() + "\nimport catalogue.selectors  # noqa\n")

    # when the contracts are checked
    result = _lint_imports(tmp_path)

    # then the layers contract is broken, naming the import
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "artisans.models -> catalogue.selectors" in result.stdout

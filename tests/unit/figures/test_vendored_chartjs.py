"""The charting library is served from our own static files, with its licence,
as scripts/vendor_chartjs.sh wrote it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
VENDOR = ROOT / "static" / "vendor" / "chart.js"


def test_chartjs_is_vendored_with_its_licence_at_the_scripts_version():
    script = (ROOT / "scripts" / "vendor_chartjs.sh").read_text()
    version = re.search(r"^CHARTJS_VERSION=(\S+)$", script, re.M).group(1)
    build = (VENDOR / "chart.umd.min.js").read_text()
    assert f"Chart.js v{version}" in build[:200]
    assert "MIT" in (VENDOR / "LICENSE.md").read_text()
    assert version in (VENDOR / "VERSION").read_text()


def test_the_figures_script_reads_its_data_from_a_json_element():
    script = (
        ROOT / "marketplace" / "figures" / "static" / "figures" / "figures.js"
    ).read_text()
    assert 'getElementById("figures-data")' in script and "JSON.parse" in script
    assert "eval(" not in script and "innerHTML" not in script

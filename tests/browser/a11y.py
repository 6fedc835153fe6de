"""Accessibility in the real browser: axe-core run on the page as shown.

axe-core is vendored under tests/browser/vendor/axe-core/ by
scripts/vendor_axe.sh (the site never serves it). `axe_check` evaluates it in
the page through the DevTools protocol (so the Content-Security-Policy, which
runs no inline script, does not refuse it), runs the WCAG 2.0, 2.1 and 2.2
A and AA rules, saves the whole JSON report beside the journey's
screenshots, and returns the violations of impact "serious" or "critical"
(what the journeys fail on) as readable lines.
"""

import json
from functools import cache
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# The rule sets of WCAG 2.2 level AA (axe's tags), plus axe's best practices
# reported in the JSON but not failing: only these tags fail a journey.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_run(page) -> dict:
    """axe's results for the page open in `page` (a Playwright Page)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """(tags) => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        WCAG_AA,
    )


def serious_violations(results: dict) -> list[str]:
    lines = []
    for violation in results["violations"]:
        if violation.get("impact") not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            lines.append(
                f"{violation['impact']} {violation['id']}: {violation['help']}"
                f" at {' '.join(node['target'])}"
                f" ({node.get('failureSummary', '').splitlines()[-1:]})"
            )
    return lines


def axe_check(page, path: Path) -> list[str]:
    """Run axe, save its report at `path` (JSON); the failing violations."""
    results = axe_run(page)
    report = {
        "url": results.get("url"),
        "testEngine": results.get("testEngine"),
        "tags": WCAG_AA,
        "violations": results["violations"],
    }
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False), "utf-8")
    return [f"{page.url}: {line}" for line in serious_violations(results)]

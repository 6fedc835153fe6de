"""Arabic pages load Oscar's stylesheet mirrored, whole; the others Oscar's own.

The mirror is generated (scripts/build_rtl_css.sh), so every Bootstrap utility
Oscar's and the project's templates use (`mr-3`, `pl-0`, `ml-1`, …) is flipped,
not only the few a hand-written list remembered.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.mfa import force_login_verified

RTL_STYLES = "/static/css/rtl/oscar-styles.rtl.css"
RTL_DASHBOARD = "/static/css/rtl/oscar-dashboard.rtl.css"
LTR_STYLES = "/static/oscar/css/styles.css"
LTR_DASHBOARD = "/static/oscar/css/dashboard.css"
STATIC = Path(settings.BASE_DIR) / "static" / "css"


def _stylesheets(html: str) -> set[str]:
    return set(re.findall(r'<link rel="stylesheet"[^>]*href="([^"]+)"', html))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [("ar", RTL_STYLES, LTR_STYLES), ("fr", LTR_STYLES, RTL_STYLES)],
)
def test_shop_pages_load_the_stylesheet_for_their_direction(
    client, language, expected, absent
):
    response = client.get(f"/{language}/basket/")

    sheets = _stylesheets(response.content.decode())
    assert expected in sheets
    assert absent not in sheets


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [("ar", RTL_DASHBOARD, LTR_DASHBOARD), ("en", LTR_DASHBOARD, RTL_DASHBOARD)],
)
def test_dashboard_pages_load_the_stylesheet_for_their_direction(
    client, admin_user, language, expected, absent
):
    force_login_verified(client, admin_user)
    response = client.get(f"/{language}/dashboard/")

    assert response.status_code == 200
    sheets = _stylesheets(response.content.decode())
    assert expected in sheets
    assert absent not in sheets


@pytest.mark.parametrize(
    "utility", [".mr-3", ".mr-sm-2", ".pl-0", ".ml-0", ".mr-1", ".ml-1", ".ml-auto"]
)
def test_the_mirror_flips_the_utilities_the_templates_use(utility):
    mirrored = (STATIC / "rtl" / "oscar-styles.rtl.css").read_text()
    side = {"m": "margin", "p": "padding"}[utility[1]]
    physical = "right" if utility[2] == "l" else "left"
    rule = re.search(
        rf"(^\s*|,\s*){re.escape(utility)}\s*(,[^{{]*)?\{{([^}}]*)\}}", mirrored, re.M
    )
    assert rule, utility
    assert f"{side}-{physical}" in rule.group(3), (utility, rule.group(3))


def test_the_project_stylesheet_uses_logical_properties():
    css = (STATIC / "marketplace.css").read_text()
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)\s*:|float\s*:\s*(?:left|right)"
        r"|text-align\s*:\s*(?:left|right)",
        css,
    )
    assert physical == []

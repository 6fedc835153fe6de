"""Arabic pages load Oscar's stylesheet mirrored, whole; the others Oscar's own.

The mirror is generated (scripts/build_rtl_css.sh), so every Bootstrap utility
Oscar's and the project's templates use (`mr-3`, `pl-0`, `ml-1`, …) is flipped,
not only the few a hand-written list remembered.
"""

import posixpath
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.mfa import force_login_verified

RTL_STYLES = "/static/oscar/css/styles.rtl.css"
RTL_DASHBOARD = "/static/oscar/css/dashboard.rtl.css"
LTR_STYLES = "/static/oscar/css/styles.css"
LTR_DASHBOARD = "/static/oscar/css/dashboard.css"
STATIC_ROOT = Path(settings.BASE_DIR) / "static"
STATIC = STATIC_ROOT / "css"


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
    mirrored = (STATIC_ROOT / "oscar" / "css" / "styles.rtl.css").read_text()
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


@pytest.mark.parametrize("served", [RTL_STYLES, RTL_DASHBOARD])
def test_every_file_the_mirror_points_to_is_served(served):
    """Fonts and images are named relative to the stylesheet: the mirror sits
    beside Oscar's own so that they resolve (icons, not empty boxes)."""
    static_path = served.removeprefix(settings.STATIC_URL)
    sheet = finders.find(static_path)
    relative = set(re.findall(r'url\("?(?!data:)([^")]+)"?\)', Path(sheet).read_text()))
    assert relative
    folder = posixpath.dirname(static_path)
    for url in relative:
        path = posixpath.normpath(posixpath.join(folder, url.split("?")[0]))
        assert finders.find(path), (served, url)

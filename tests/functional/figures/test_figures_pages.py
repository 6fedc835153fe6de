"""The figures pages: who sees what, the numbers as a table and a CSV, the
charts without inline script, Arabic right to left, constant queries."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from tests.factories import UserFactory
from tests.integration.cms import factories as cms
from tests.integration.figures.market import NOW, market_build
from tests.integration.figures.sales import at, sale
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db

SELLER_PAGE = "/en/seller/figures/"
SELLER_CSV = "/en/seller/figures/csv/"
CHAMBER_PAGE = "/en/chamber/figures/"
CHAMBER_CSV = "/en/chamber/figures/csv/"
STAFF_PAGE = "/en/dashboard/figures/"
STAFF_CSV = "/en/dashboard/figures/csv/"


@pytest.fixture
def market(tree):
    return market_build(tree)


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW):
        yield


def _figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match, name
    return match.group(1).strip()


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _chamber(code: str):
    user = UserFactory()
    cms.region(code, "x").chamber.staff.add(user)
    return user


# --- Sellers ---------------------------------------------------------------------


def test_a_seller_sees_its_own_figures_only(client, market):
    client.force_login(market["a"].owner)
    html = client.get(SELLER_PAGE + "?period=30d").content.decode()
    assert _figure(html, "orders") == "3"
    assert _figure(html, "units") == "4"
    assert _figure(html, "views") == "100"
    assert _figure(html, "conversion") == "3.0 %"
    assert "Tapis Azilal" in html and "Tapis du Rif" not in html

    client.force_login(market["b"].owner)
    html = client.get(SELLER_PAGE + "?period=30d").content.decode()
    assert _figure(html, "orders") == "1"
    assert _figure(html, "views") == "1000"
    assert "Tapis du Rif" in html and "Tapis Azilal" not in html


def test_the_seller_csv_has_the_tables_numbers(client, market):
    client.force_login(market["a"].owner)
    rows = _csv(client.get(SELLER_CSV + "?period=7d"))
    assert rows[0] == ["Day", "Sales (MAD)", "Orders", "Product views"]
    assert len(rows) == 1 + 7 + 1
    assert rows[-3:] == [
        ["2026-11-29", "0.00", "0", "0"],
        ["2026-11-30", "200.00", "1", "40"],
        ["Total", "500.00", "2", "50"],
    ]
    rows = _csv(client.get(SELLER_CSV + "?period=7d&table=products"))
    assert rows == [
        ["Product", "Units", "Sales (MAD)", "Product views"],
        ["Plat de Safi", "1", "300.00", "10"],
        ["Tapis Azilal", "2", "200.00", "40"],
    ]
    client.force_login(market["b"].owner)
    rows = _csv(client.get(SELLER_CSV + "?period=7d&table=products"))
    assert [row[0] for row in rows[1:]] == ["Tapis du Rif"]


def test_a_csv_cell_a_spreadsheet_would_run_stays_text(client, market):
    rug = market["rug"]
    rug.title = '=HYPERLINK("http://evil.example")'
    rug.save()
    sale([(rug, 1, "10.00")], placed_at=at("2026-11-30", 9))
    client.force_login(market["a"].owner)
    rows = _csv(client.get(SELLER_CSV + "?period=7d&table=products"))
    assert '\'=HYPERLINK("http://evil.example")' in [row[0] for row in rows]


def test_figures_pages_refuse_who_runs_no_shop(client, market):
    assert client.get(SELLER_PAGE).status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.get(SELLER_PAGE).status_code == 403
    assert client.get(SELLER_CSV).status_code == 403


def test_the_seller_page_costs_the_same_queries_with_more_sales(client, market):
    client.force_login(market["a"].owner)
    client.get(SELLER_PAGE)  # the session's own first queries

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(SELLER_PAGE + "?period=12m").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(4):
        extra = cms.product(seller_obj=market["a"], title=f"Coussin {n}")
        sale([(extra, n + 1, "40.00")], placed_at=at(f"2026-0{n + 2}-10"))
    assert count() == before


# --- Charts, Arabic, the Content-Security-Policy ----------------------------------


def test_charts_are_drawn_without_inline_script(client, market):
    client.force_login(market["a"].owner)
    response = client.get(SELLER_PAGE)
    html = response.content.decode()
    assert 'id="figures-data" type="application/json"' in html
    assert "/static/vendor/chart.js/chart.umd.min.js" in html
    assert "/static/figures/figures.js" in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or "application/json" in tag or "nonce=" in tag, tag
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    # Only the figures pages load the charting library.
    assert "chart.umd.min.js" not in client.get("/en/seller/").content.decode()


def test_the_figures_page_reads_right_to_left_in_arabic(client, market):
    client.force_login(market["a"].owner)
    html = client.get("/ar/seller/figures/").content.decode()
    assert re.search(r'<html[^>]*dir="rtl"', html)
    assert re.search(r'<html[^>]*lang="ar"', html)


# --- Chambers and staff -----------------------------------------------------------


def test_a_chamber_sees_its_region_only(client, market):
    tree = market["tree"]
    force_login_verified(client, _chamber(tree.region_a.code))
    html = client.get(CHAMBER_PAGE + "?period=30d").content.decode()
    assert _figure(html, "orders") == "3"
    assert "Al Haouz" in html and '<th scope="row">Poterie</th>' in html
    assert client.get(CHAMBER_PAGE + f"?region={tree.region_b.code}").status_code == 404
    assert client.get(CHAMBER_CSV + f"?region={tree.region_b.code}").status_code == 404

    force_login_verified(client, _chamber(tree.region_b.code))
    html = client.get(CHAMBER_PAGE + "?period=30d").content.decode()
    assert _figure(html, "orders") == "1"
    assert "Al Haouz" not in html and '<th scope="row">Poterie</th>' not in html
    assert client.get(CHAMBER_PAGE + f"?region={tree.region_a.code}").status_code == 404


def test_the_chamber_csv_tables(client, market):
    force_login_verified(client, _chamber(market["tree"].region_a.code))
    rows = _csv(client.get(CHAMBER_CSV + "?period=30d&table=crafts"))
    assert rows == [
        ["Craft", "Public products", "Units sold", "Sales (MAD)"],
        ["Poterie", "1", "1", "300.00"],
        ["Tapis", "1", "3", "300.00"],
    ]
    rows = _csv(client.get(CHAMBER_CSV + "?period=30d&table=sellers"))
    assert rows[1:] == [
        ["Pending review", "1"],
        ["Verified", "1"],
        ["Rejected", "0"],
        ["Suspended", "0"],
    ]
    rows = _csv(client.get(CHAMBER_CSV + "?period=30d&table=provinces"))
    assert rows[1:] == [["Al Haouz", "2", "4", "600.00"]]
    assert _csv(client.get(CHAMBER_CSV + "?table=promotions"))[1:] == []


def test_chamber_figures_refuse_everyone_else(client, market):
    assert client.get(CHAMBER_PAGE).status_code == 302  # to sign in
    client.force_login(market["a"].owner)
    assert client.get(CHAMBER_PAGE).status_code == 404
    client.force_login(UserFactory())
    assert client.get(CHAMBER_CSV).status_code == 404


def test_chamber_figures_ask_for_the_second_factor(client, market):
    client.force_login(_chamber(market["tree"].region_a.code))
    response = client.get(CHAMBER_PAGE)
    assert response.status_code == 302
    assert "/accounts/security/" in response["Location"]


def test_staff_see_the_whole_marketplace(client, market):
    force_login_verified(client, UserFactory(is_staff=True))
    html = client.get(STAFF_PAGE + "?period=30d").content.decode()
    assert _figure(html, "orders") == "4"
    assert "Al Haouz" in html
    rows = _csv(client.get(STAFF_CSV + "?period=30d"))
    assert rows[-1] == ["Total", "650.00", "4"]
    force_login_verified(client, _chamber(market["tree"].region_a.code))
    assert client.get(STAFF_PAGE).status_code == 403
    client.force_login(market["a"].owner)
    assert client.get(STAFF_CSV).status_code == 403


@pytest.mark.parametrize("page", [CHAMBER_PAGE, STAFF_PAGE])
def test_region_pages_cost_the_same_queries_with_more_sales(client, market, page):
    tree = market["tree"]
    chamber = _chamber(tree.region_a.code)
    chamber.is_staff = True
    chamber.save()
    force_login_verified(client, chamber)
    client.get(page)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page + "?period=12m").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    shop_c = cms.seller(region_obj=tree.region_a)
    for n in range(4):
        extra = cms.product(seller_obj=shop_c, title=f"Coussin {n}")
        sale([(extra, n + 1, "40.00")], placed_at=at(f"2026-0{n + 2}-10"))
    assert count() == before


# --- The ways in ------------------------------------------------------------------


def test_the_shop_home_shows_the_last_seven_days_and_links_to_the_figures(
    client, market
):
    client.force_login(market["a"].owner)
    html = client.get("/en/seller/").content.decode()
    assert _figure(html, "sales") == _figure(
        client.get(SELLER_PAGE + "?period=7d").content.decode(), "sales"
    )
    assert _figure(html, "orders") == "2"
    assert 'href="/en/seller/figures/"' in html


def test_the_chamber_queue_and_the_staff_dashboard_link_to_their_figures(
    client, market
):
    force_login_verified(client, _chamber(market["tree"].region_a.code))
    html = client.get("/en/chamber/").content.decode()
    assert f'href="{CHAMBER_PAGE}"' in html
    force_login_verified(client, UserFactory(is_staff=True))
    html = client.get("/en/dashboard/").content.decode()
    assert f'href="{STAFF_PAGE}"' in html


def _table_rows(html: str, table: str) -> dict[str, list[str]]:
    body = html[html.index(f'data-table="{table}"') :]
    body = body[: body.index("</table>")]
    rows = {}
    for key, cells in re.findall(r'<tr data-key="([^"]*)">(.*?)</tr>', body, re.S):
        rows[key] = [c.strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", cells)]
    return rows


def test_staff_see_sellers_products_and_sales_region_by_region(client, market):
    from artisans.models import Seller

    tree = market["tree"]
    a, b = tree.region_a.code, tree.region_b.code
    statuses = list(Seller.Status.values)
    force_login_verified(client, UserFactory(is_staff=True))

    html = client.get(STAFF_PAGE + "?period=30d").content.decode()
    rows = _table_rows(html, "regions")
    expected_a = [0] * len(statuses)
    expected_a[statuses.index("verified")] = 1
    expected_a[statuses.index("pending")] = 1
    expected_b = [0] * len(statuses)
    expected_b[statuses.index("verified")] = 1
    # Region, sellers by status, public products, units, sales (30 days).
    assert rows[a][1:-1] == [str(n) for n in expected_a] + ["2", "4"]
    assert "600" in rows[a][-1]
    assert rows[b][1:-1] == [str(n) for n in expected_b] + ["1", "1"]
    assert "50" in rows[b][-1]
    assert list(rows)[:2] == [a, b]  # the most sales first

    csv_rows = _csv(client.get(STAFF_CSV + "?period=30d&table=regions"))
    assert csv_rows[0][0] == "Region" and csv_rows[0][-1] == "Sales (MAD)"
    by_name = {row[0]: row[1:] for row in csv_rows[1:]}
    assert by_name[tree.region_a.name][-3:] == ["2", "4", "600.00"]
    # Twelve months: the June sale too.
    csv_rows = _csv(client.get(STAFF_CSV + "?period=12m&table=regions"))
    assert {row[0]: row[-1] for row in csv_rows[1:]}[tree.region_a.name] == "1100.00"

    # A chamber reads its own region's figures, never the staff's table.
    force_login_verified(client, _chamber(a))
    assert 'data-table="regions"' not in client.get(CHAMBER_PAGE).content.decode()
    assert client.get(STAFF_CSV + "?table=regions").status_code == 403

"""The figures pages: a seller's shop, a chamber's region, the marketplace.

Each page is the same numbers three ways: two charts (a time series and a bar
chart, drawn by static/figures/figures.js from a json_script element: no
inline script), an HTML table, and a CSV download. Who sees what: a seller
its own shop (artisans.access, owner and members alike); chamber staff the
regions of their chambers only (another region answers 404); marketplace
staff everything. Chamber and staff pages sit under the prefixes the second
factor guards (marketplace.accounts.middleware).
"""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from artisans.access import seller_view
from artisans.models import Seller

from .selectors import (
    PERIODS,
    SellerFigures,
    period_get,
    region_figures,
    regions_table,
    seller_figures,
)

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A CSV cell: text from users stays text in a spreadsheet."""
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _csv_response(filename: str, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Excel opens UTF-8 (Arabic names) only with the byte order mark.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return response


def chart_data(figures) -> dict:
    """What the figures page's charts draw (json_script), strings for money."""
    data = {
        "names": {
            "sales": _("Sales (MAD)"),
            "orders": _("Orders"),
            "views": _("Product views"),
        },
        "labels": [point.day.isoformat() for point in figures.series],
        "monthly": figures.period.monthly,
        "sales": [str(point.sales) for point in figures.series],
        "orders": [point.orders for point in figures.series],
    }
    if isinstance(figures, SellerFigures):
        data["views"] = [point.views for point in figures.series]
        data["top"] = {
            "labels": [p.title for p in figures.top_products],
            "sales": [str(p.sales) for p in figures.top_products],
        }
    else:
        data["crafts"] = {
            "labels": [str(s.label) for s in figures.by_craft],
            "sales": [str(s.sales) for s in figures.by_craft],
        }
        data["provinces"] = {
            "labels": [str(s.label) for s in figures.by_province],
            "sales": [str(s.sales) for s in figures.by_province],
        }
    return data


def _page_context(figures) -> dict:
    return {
        "figures": figures,
        "periods": PERIODS.values(),
        "chart_data": chart_data(figures),
    }


# --- Sellers -------------------------------------------------------------------


@seller_view
def seller_figures_page(request, seller):
    figures = seller_figures(
        seller=seller, period=period_get(request.GET.get("period"))
    )
    return render(
        request,
        "figures/seller.html",
        {"seller": seller, **_page_context(figures)},
    )


@seller_view
def seller_figures_csv(request, seller):
    figures = seller_figures(
        seller=seller, period=period_get(request.GET.get("period"))
    )
    if request.GET.get("table") == "products":
        rows = [[_("Product"), _("Units"), _("Sales (MAD)"), _("Product views")]]
        rows += [[p.title, p.units, p.sales, p.views] for p in figures.top_products]
        name = f"{seller.slug}-top-products-{figures.period.key}.csv"
    else:
        rows = [[_("Day"), _("Sales (MAD)"), _("Orders"), _("Product views")]]
        rows += [
            [point.day.isoformat(), point.sales, point.orders, point.views]
            for point in figures.series
        ]
        rows.append([_("Total"), figures.sales, figures.orders, figures.views])
        name = f"{seller.slug}-figures-{figures.period.key}.csv"
    return _csv_response(name, rows)


# --- Chambers and staff --------------------------------------------------------


def _staff_only(request) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


def _chamber_region(request):
    """The region asked for (`?region=CODE`) among the user's chambers'; 404
    for anyone in no chamber and for any other region."""
    chambers = list(request.user.chambers.select_related("region").order_by("pk"))
    if not chambers:
        raise Http404
    code = request.GET.get("region")
    for chamber in chambers:
        if code in (None, "", chamber.region.code):
            return chamber.region, [c.region for c in chambers]
    raise Http404


def _region_csv(figures, *, name: str, table: str | None) -> HttpResponse:
    if table == "crafts" or table == "provinces":
        shares = figures.by_craft if table == "crafts" else figures.by_province
        heading = _("Craft") if table == "crafts" else _("Province")
        rows = [[heading, _("Public products"), _("Units sold"), _("Sales (MAD)")]]
        rows += [[s.label, s.products, s.units, s.sales] for s in shares]
    elif table == "sellers":
        rows = [[_("Status"), _("Sellers")]]
        rows += [[s.label, s.sellers] for s in figures.sellers_by_status]
    elif table == "promotions":
        rows = [
            [
                _("Promotion"),
                _("Discount (%)"),
                _("Starts"),
                _("Ends"),
                _("Sales before (MAD)"),
                _("Sales during (MAD)"),
                _("Change (%)"),
            ]
        ]
        rows += [
            [
                p.title,
                p.percent,
                p.starts_at.isoformat(),
                p.ends_at.isoformat(),
                p.sales_before,
                p.sales_during,
                "" if p.change_percent is None else p.change_percent,
            ]
            for p in figures.promotions
        ]
    else:
        table = "sales"
        rows = [[_("Day"), _("Sales (MAD)"), _("Orders")]]
        rows += [
            [point.day.isoformat(), point.sales, point.orders]
            for point in figures.series
        ]
        rows.append([_("Total"), figures.sales, figures.orders])
    return _csv_response(f"{name}-{table}-{figures.period.key}.csv", rows)


@login_required
def chamber_figures_page(request):
    region, regions = _chamber_region(request)
    figures = region_figures(
        region=region, period=period_get(request.GET.get("period"))
    )
    return render(
        request,
        "figures/region.html",
        {
            "region": region,
            "regions": regions,
            "csv_url_name": "figures:chamber-csv",
            **_page_context(figures),
        },
    )


@login_required
def chamber_figures_csv(request):
    region, _regions = _chamber_region(request)
    figures = region_figures(
        region=region, period=period_get(request.GET.get("period"))
    )
    return _region_csv(figures, name=region.slug, table=request.GET.get("table"))


@login_required
def staff_figures_page(request):
    _staff_only(request)
    period = period_get(request.GET.get("period"))
    figures = region_figures(period=period)
    return render(
        request,
        "figures/region.html",
        {
            "region": None,
            "csv_url_name": "figures:staff-csv",
            "regions_table": regions_table(period=period),
            "status_labels": Seller.Status.labels,
            **_page_context(figures),
        },
    )


@login_required
def staff_figures_csv(request):
    _staff_only(request)
    period = period_get(request.GET.get("period"))
    if request.GET.get("table") == "regions":
        rows = [
            [
                _("Region"),
                *[
                    _("Sellers: %(status)s") % {"status": label}
                    for label in Seller.Status.labels
                ],
                _("Public products"),
                _("Units sold"),
                _("Sales (MAD)"),
            ]
        ]
        rows += [
            [
                row.region.localized_name(),
                *row.sellers_by_status,
                row.products,
                row.units,
                row.sales,
            ]
            for row in regions_table(period=period)
        ]
        return _csv_response(f"maalem-regions-{period.key}.csv", rows)
    figures = region_figures(period=period)
    return _region_csv(figures, name="maalem", table=request.GET.get("table"))

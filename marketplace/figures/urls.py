"""The figures pages, each under the prefix of the people it serves (seller/,
the chamber's pages, Oscar's dashboard for staff: the second factor guards the
last two by prefix)."""

from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("seller/figures/", views.seller_figures_page, name="seller"),
    path("seller/figures/csv/", views.seller_figures_csv, name="seller-csv"),
    path("chamber/figures/", views.chamber_figures_page, name="chamber"),
    path(
        "chamber/figures/csv/",
        views.chamber_figures_csv,
        name="chamber-csv",
    ),
    path("dashboard/figures/", views.staff_figures_page, name="staff"),
    path("dashboard/figures/csv/", views.staff_figures_csv, name="staff-csv"),
]

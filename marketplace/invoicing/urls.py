from django.urls import path

from . import views

app_name = "invoicing"

FMT = "<str:fmt>"

urlpatterns = [
    path(f"invoices/<int:pk>.{FMT}", views.shopper_invoice, name="shopper-file"),
    # A guest, by its order-status page's signed link (Oscar's order hash).
    path(
        f"invoices/order/<str:number>/<str:hash>/<int:pk>.{FMT}",
        views.guest_invoice,
        name="guest-file",
    ),
    path("seller/invoices/", views.seller_invoices, name="seller-list"),
    path("seller/invoices/ice/", views.seller_tax_profile, name="seller-ice"),
    path(f"seller/invoices/<int:pk>.{FMT}", views.seller_invoice, name="seller-file"),
    path(
        "dashboard/invoices/missing-ice/",
        views.staff_missing_ice,
        name="staff-missing-ice",
    ),
]

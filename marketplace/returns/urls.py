from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("returns/", views.shopper_list, name="shopper-list"),
    path("returns/new/<int:part_pk>/", views.shopper_new, name="shopper-new"),
    path("returns/<int:pk>/", views.shopper_detail, name="shopper-detail"),
    # A guest, by its order-status page's signed link (Oscar's order hash).
    path(
        "returns/order/<str:number>/<str:hash>/new/<int:part_pk>/",
        views.guest_new,
        name="guest-new",
    ),
    path(
        "returns/order/<str:number>/<str:hash>/<int:pk>/",
        views.guest_detail,
        name="guest-detail",
    ),
    path("seller/returns/", views.seller_list, name="seller-list"),
    path("seller/returns/<int:pk>/", views.seller_detail, name="seller-detail"),
    path("dashboard/disputes/", views.staff_list, name="staff-list"),
    path("dashboard/disputes/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("chamber/disputes/", views.chamber_list, name="chamber-list"),
    path("chamber/disputes/<int:pk>/", views.chamber_detail, name="chamber-detail"),
]

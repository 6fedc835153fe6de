from django.urls import path

from . import views

app_name = "shipping"

urlpatterns = [
    path("seller/shipping/", views.seller_settings, name="seller-settings"),
    path("shipping/country/", views.country_choose, name="country"),
    path("shipping/ships-to/<int:pk>/", views.ships_to, name="ships-to"),
]

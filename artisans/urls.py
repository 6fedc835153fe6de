from django.urls import path

from . import views

app_name = "artisans"

urlpatterns = [
    path("", views.SellerListView.as_view(), name="seller-list"),
    path("<slug:slug>/", views.StorefrontView.as_view(), name="storefront"),
]

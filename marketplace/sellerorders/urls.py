from django.urls import path

from . import views

app_name = "sellerorders"

urlpatterns = [
    path("", views.part_list, name="list"),
    path("<int:pk>/", views.part_detail, name="detail"),
    path("<int:pk>/ship/", views.part_ship, name="ship"),
    path("<int:pk>/deliver/", views.part_deliver, name="deliver"),
    path("<int:pk>/confirm-cod/", views.part_cod_confirm, name="confirm-cod"),
    path("<int:pk>/cash-collected/", views.part_cash_collected, name="cash-collected"),
]

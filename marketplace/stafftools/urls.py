from django.urls import path

from . import views

app_name = "stafftools"

# /<lang>/dashboard/sellers/: under Oscar's dashboard (its second factor).
urlpatterns = [
    path("", views.SellerListView.as_view(), name="sellers"),
    path("<int:pk>/", views.SellerHistoryView.as_view(), name="seller"),
]

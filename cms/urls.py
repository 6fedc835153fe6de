from django.urls import path

from . import chamber_views

app_name = "cms"

urlpatterns = [
    path(
        "chamber/translations/",
        chamber_views.chamber_translations,
        name="chamber-translations",
    ),
]

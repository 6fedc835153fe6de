from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_centre, name="centre"),
    path("my-data.json", views.data_download, name="download"),
    path("erase/", views.erasure, name="erase"),
]

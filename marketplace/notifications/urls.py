from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/", views.notification_open_view, name="open"),
    path("read/", views.notifications_read_view, name="mark-read"),
    path("settings/", views.PreferencesView.as_view(), name="preferences"),
]

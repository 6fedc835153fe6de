"""The floor of bench/pages.py: one Django view, no database, no middleware
beyond Django's defaults, served by gunicorn exactly like the site. What it
reaches is about what Django and gunicorn themselves cost on this machine.

    gunicorn -w 2 bench.floor:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    DATABASES={},
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
)

BODY = "<!DOCTYPE html><html><body>" + "<p>Maalem</p>" * 200 + "</body></html>"


def page(request):
    return HttpResponse(BODY)


urlpatterns = [path("", page)]

application = get_wsgi_application()

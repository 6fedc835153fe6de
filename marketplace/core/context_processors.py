from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import get_language_bidi


def media_origin() -> str:
    """The photos' own origin (a bucket's, `MEDIA_URL` absolute), else ""."""
    parts = urlsplit(settings.MEDIA_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def marketplace(request):
    return {
        "LANGUAGE_DIRECTION": "rtl" if get_language_bidi() else "ltr",
        "payment_methods": settings.PAYMENT_METHODS,
        # Pages connect to it while the stylesheets load (their first photos
        # are the largest paint of a phone's first screen).
        "MEDIA_ORIGIN": media_origin(),
    }

from django.conf import settings
from django.utils.translation import get_language_bidi


def marketplace(request):
    return {
        "LANGUAGE_DIRECTION": "rtl" if get_language_bidi() else "ltr",
        "payment_methods": settings.PAYMENT_METHODS,
    }

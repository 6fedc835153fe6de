"""Production: everything from the environment, secure by default.

`python manage.py check --deploy` is clean with these settings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
# Card payments are confirmed only by Stripe's signed webhook: with a secret key
# and no webhook secret, cards would be charged and no order ever marked paid
# (or, worse, a signature check skipped). Refuse to start.
if STRIPE_SECRET_KEY and not STRIPE_WEBHOOK_SECRET:  # noqa: F405
    raise ImproperlyConfigured(
        "STRIPE_WEBHOOK_SECRET must be set in production when STRIPE_SECRET_KEY is."
    )
# The CMI: its callback is verified with the store key, and its form needs the
# gateway's address; half a configuration takes cards it cannot confirm.
if CMI_CLIENT_ID and not (CMI_STORE_KEY and CMI_GATEWAY_URL):  # noqa: F405
    raise ImproperlyConfigured(
        "CMI_STORE_KEY and CMI_GATEWAY_URL must be set in production when "
        "CMI_CLIENT_ID is."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
OSCAR_URL_SCHEMA = "https"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
LOGGING["root"]["level"] = env("LOG_LEVEL", default="INFO")  # noqa: F405

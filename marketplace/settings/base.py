"""Settings shared by every environment.

Twelve-factor: the embedded default needs no configuration at all (SQLite, local
media, database search, inline background tasks, console e-mail, cash on
delivery). Each integration is switched on by its environment variable and is
off without it; `.env.example` documents every variable.
"""

from decimal import Decimal
from pathlib import Path

import environ
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  (Oscar's settings, overridden below)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "marketplace"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

# Only for the embedded default; production.py refuses to start without one.
SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    # Project apps come before Oscar's and Wagtail's so their templates win.
    "marketplace.core.apps.CoreConfig",
    "artisans.apps.ArtisansConfig",
    "cms.apps.CmsConfig",
    "marketplace.sellerdash.apps.SellerDashConfig",
    "marketplace.sellerorders.apps.SellerOrdersConfig",
    "marketplace.payments.apps.PaymentsConfig",
    # Oscar's checkout, forked: above Oscar so its templates override Oscar's.
    "marketplace.checkout.apps.CheckoutConfig",
    # django-oscar: the shop. The catalogue app is forked into catalogue/.
    "marketplace.config.MarketplaceShop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "oscar.apps.address.apps.AddressConfig",
    "marketplace.shipping.apps.ShippingConfig",
    "catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "marketplace.search.apps.SearchConfig",  # forked: search.api, not Haystack
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail: the promotional content.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a parameter: PostgreSQL refuses NUL bytes in text.
    "marketplace.limits.NulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "marketplace.core.context_processors.marketplace",
            ],
        },
    },
]

# --- Database: SQLite embedded, PostgreSQL through DATABASE_URL -------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
    # lock at BEGIN so concurrent writers queue instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Cache, sessions, background tasks: local by default, Redis by REDIS_URL --
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    INSTALLED_APPS += ["django_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Inline: a task runs in the request that enqueues it.
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Authentication ----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATION}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = reverse_lazy("customer:summary")
LOGIN_URL = reverse_lazy("customer:login")

# --- Languages: French first, Arabic right to left, English -----------------
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("ar", "العربية"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"

# --- Static and media files ---------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    # MEDIA_STORAGE_BACKEND swaps local files for any Django storage (an S3
    # bucket through django-storages, for example) without code changes.
    "default": {
        "BACKEND": env(
            "MEDIA_STORAGE_BACKEND",
            default="django.core.files.storage.FileSystemStorage",
        )
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- E-mail: console by default, SMTP through EMAIL_URL ------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Maalem <contact@maalem.ma>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Search ------------------------------------------------------------------
# Product search: "database" (embedded default) or "elasticsearch".
SEARCH_BACKEND = env("SEARCH_BACKEND", default="database")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="maalem")
# Oscar's own search views run on Haystack's database ("simple") engine until
# the marketplace's search interface replaces them.
HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}
}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
# Wagtail's search of CMS pages stays on Wagtail's own database backend.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Payments ------------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Points the Stripe client at another API server (stripe-mock in tests).
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
# Stripe.js, loaded by the card payment page; the browser tests serve
# localstripe's stand-in (its /js.stripe.com/v3/) instead.
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
# Cash on delivery is always offered; card only when Stripe is configured.
PAYMENT_METHODS = ["cod"] + (["card"] if STRIPE_SECRET_KEY else [])

# --- Oscar ---------------------------------------------------------------------
OSCAR_SHOP_NAME = "Maalem"
OSCAR_SHOP_TAGLINE = _("Moroccan crafts, straight from registered artisans")
OSCAR_HOMEPAGE = reverse_lazy("home")
OSCAR_DEFAULT_CURRENCY = "MAD"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_MODERATE_REVIEWS = True
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_PRODUCTS_PER_PAGE = 24
# Catalogue pages served to anonymous, cookieless shoppers from the cache for
# at most this many seconds (catalogue/pagecache.py); 0 switches it off.
CATALOGUE_PAGE_CACHE_SECONDS = env.int("CATALOGUE_PAGE_CACHE_SECONDS", default=60)
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "country")
OSCAR_IMAGE_FOLDER = "images/products/%Y/%m/"
# Oscar's default "missing image" is a file in MEDIA_ROOT; ours ships as static.
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_SLUG_ALLOW_UNICODE = False

# --- Wagtail -------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Maalem"
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]

# --- Marketplace -------------------------------------------------------------
MARKETPLACE_COMMISSION_PERCENT = Decimal(
    env("MARKETPLACE_COMMISSION_PERCENT", default="10")
)
# A seller without its own shipping rates charges these (MAD, prices incl. tax).
MARKETPLACE_SHIPPING_FLAT_RATE = Decimal(
    env("MARKETPLACE_SHIPPING_FLAT_RATE", default="35.00")
)
MARKETPLACE_FREE_SHIPPING_THRESHOLD = Decimal(
    env("MARKETPLACE_FREE_SHIPPING_THRESHOLD", default="800.00")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

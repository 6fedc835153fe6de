"""Settings shared by every environment.

Twelve-factor: the embedded default needs no configuration at all (SQLite, local
media, database search, inline background tasks, console e-mail, cash on
delivery). Each integration is switched on by its environment variable and is
off without it; `.env.example` documents every variable.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  (Oscar's settings, overridden below)

from marketplace.orders.status import ORDER_STATUS_PIPELINE

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
    # Translated model fields (title_fr, title_ar, title_en ...): before the
    # admin, as django-modeltranslation asks, so its admin classes load first.
    "modeltranslation",
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
    # Login lock-outs (axes) and the second factor (django-otp).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Project apps come before Oscar's and Wagtail's so their templates win.
    "marketplace.core.apps.CoreConfig",
    "marketplace.accounts.apps.AccountsConfig",
    "marketplace.messaging.apps.MessagingConfig",
    "artisans.apps.ArtisansConfig",
    "cms.apps.CmsConfig",
    "marketplace.sellerdash.apps.SellerDashConfig",
    "marketplace.stafftools.apps.StaffToolsConfig",
    "marketplace.sellerorders.apps.SellerOrdersConfig",
    "marketplace.payments.apps.PaymentsConfig",
    "marketplace.returns.apps.ReturnsConfig",
    # Invoices and credit notes (sellers' sales, the marketplace's commission).
    "marketplace.invoicing.apps.InvoicingConfig",
    "marketplace.outbox.apps.OutboxConfig",
    "marketplace.legal.apps.LegalConfig",
    "marketplace.privacy.apps.PrivacyConfig",
    "marketplace.scheduler.apps.SchedulerConfig",
    "marketplace.health.apps.HealthConfig",
    "marketplace.notifications.apps.NotificationsConfig",
    "marketplace.pagecache.apps.PageCacheConfig",
    "marketplace.currency.apps.CurrencyConfig",
    "marketplace.seo.apps.SeoConfig",
    # Figures and charts for sellers, chambers and staff; counts product views.
    "marketplace.figures.apps.FiguresConfig",
    # Oscar's checkout, forked: above Oscar so its templates override Oscar's.
    "marketplace.checkout.apps.CheckoutConfig",
    # django-oscar: the shop. The catalogue app is forked into catalogue/.
    "marketplace.config.MarketplaceShop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "marketplace.address.apps.AddressConfig",  # forked: countries named
    "marketplace.shipping.apps.ShippingConfig",
    "catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "marketplace.partner.apps.PartnerConfig",  # forked: availability messages
    "marketplace.basket.apps.BasketConfig",  # forked: labelled quantity boxes
    "oscar.apps.payment.apps.PaymentConfig",
    "marketplace.offer.apps.OfferConfig",  # forked: names in three languages
    "marketplace.order.apps.OrderConfig",  # forked: lines written at once
    # Oscar's account pages (forked: wish list messages name products marked),
    # its notification pages sent to the bell's.
    "marketplace.customer.apps.CustomerConfig",
    "marketplace.search.apps.SearchConfig",  # forked: search.api, not Haystack
    "marketplace.voucher.apps.VoucherConfig",  # forked: names in three languages
    "marketplace.wishlists.apps.WishlistsConfig",  # forked: titles marked
    "marketplace.dashboard.apps.DashboardConfig",  # forked: see its catalogue
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    # Forked for its forms: the vocabulary's names in three languages.
    "marketplace.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "marketplace.dashboard.offers.apps.OffersDashboardConfig",  # forked: forms
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "marketplace.dashboard.vouchers.apps.VouchersDashboardConfig",  # forked: forms
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
    "csp",
]

MIDDLEWARE = [
    # /healthz and /readyz, before the host check and the HTTPS redirect.
    "marketplace.health.middleware.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header (marketplace/csp.py).
    "marketplace.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped (a phone on a slow network: issue 18's Lighthouse gate);
    # after WhiteNoise, which serves its own compressed static files. Django's
    # GZip pads each response at random against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    # Before anything reads a parameter: PostgreSQL refuses NUL bytes in text.
    "marketplace.limits.NulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The display currency (a cookie), for the page cache's key and templates.
    "marketplace.currency.middleware.CurrencyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Where this request reads: a replica, or the primary (read-your-writes).
    "marketplace.replicas.ReplicaReadsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "marketplace.accounts.middleware.MfaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Oscar's, keeping the header's basket count cookie (marketplace/basket).
    "marketplace.basket.middleware.BasketMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a lock-out into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "OPTIONS": {
            # Django's default loaders, but the apps' directories through
            # marketplace.oscar_templates: Oscar's English aria-label
            # "breadcrumb" read in the page's language.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "marketplace.oscar_templates.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Oscar's, built only when a template reads it.
                "marketplace.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "marketplace.core.context_processors.marketplace",
                # The header's menu for each role (read only when shown).
                "marketplace.nav.context_processors.nav",
                "marketplace.messaging.context_processors.unread_messages",
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
    # Kept between requests: opening one costs Django's function
    # registrations and these pragmas, about 3.5 ms of CPU, a third of a
    # rendered page (bench/profile_pages.py).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL: the parameters sent apart from the SQL (server-side binding),
# and a statement run five times on a connection prepared there (psycopg's
# `prepare_threshold`): planning a product page's row (eight tables joined)
# took longer than running it. Django leaves both off for connection poolers
# in transaction mode (PgBouncer), which lose prepared statements between
# transactions: set DATABASE_PREPARED_STATEMENTS=false behind one.
POSTGRES_PREPARED = (
    {"server_side_binding": True, "prepare_threshold": 5}
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
    else {}
)
if "postgresql" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"].setdefault("OPTIONS", {}).update(POSTGRES_PREPARED)
# Read replicas (PostgreSQL streaming replicas), comma-separated URLs: the
# anonymous catalogue, search fallback, storefront and CMS reads go there,
# everything else and a writer's next pages to the primary (marketplace/replicas.py).
for _n, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica_{_n}"] = {
        **env.db_url_config(_url),
        "OPTIONS": dict(POSTGRES_PREPARED),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["marketplace.replicas.ReplicaRouter"]
# How long a browser that wrote reads the primary (longer than the lag).
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Cache, sessions, background tasks: local by default, Redis by REDIS_URL --
# Redis is a cache and a queue, never the only copy of anything: a Redis outage
# costs speed, not pages (marketplace/cache.py), sessions (kept in the database,
# Redis holding a copy) nor queued work (marketplace/outbox).


def redis_services(url: str, *, timeout: float) -> dict:
    """The settings that put the cache, sessions and task queue on Redis.

    `timeout`: seconds to wait for Redis, so that one that hangs does not hold
    a page for long. The tests of outages apply these to a Redis of their own.
    """
    # django-rq hands a URL's query to redis-py (its REDIS_CLIENT_KWARGS are
    # ignored with a URL). Connecting only: a worker's blocking read waits as
    # long as RQ asks.
    separator = "&" if "?" in url else "?"
    return {
        "CACHES": {
            "default": {
                "BACKEND": "marketplace.cache.FailSoftRedisCache",
                "LOCATION": url,
                "OPTIONS": {
                    "socket_connect_timeout": timeout,
                    "socket_timeout": timeout,
                },
            }
        },
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
        "RQ_QUEUES": {
            "default": {"URL": f"{url}{separator}socket_connect_timeout={timeout}"}
        },
        "TASKS": {
            "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
        },
        # `rqworker`'s worker: jobs run in its process, not a fork each
        # (marketplace/outbox/worker.py).
        "RQ": {"WORKER_CLASS": "marketplace.outbox.worker.OutboxWorker"},
    }


REDIS_URL = env("REDIS_URL", default="")
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)
if REDIS_URL:
    vars().update(redis_services(REDIS_URL, timeout=REDIS_TIMEOUT))
    INSTALLED_APPS += ["django_rq"]
else:
    # Room for the kept pages, their versions and the product cards of a
    # catalogue of thousands (Django's default keeps 300 entries).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
    # Inline: a task runs in the request that enqueues it.
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Authentication ----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses every login of a locked-out account or address.
    "marketplace.accounts.backends.AxesBackend",
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

# Password guessing (django-axes), for the shop's login, the checkout's
# returning-customer form and the Django and Wagtail admin logins. After
# AXES_FAILURE_LIMIT wrong passwords in a row, an account is locked from every
# address, and an address is locked for every account, until
# AXES_COOLOFF_MINUTES pass with no new failure. Locking the account everywhere
# is what stops a guesser with many addresses; its cost, that anyone who knows
# an address can pause that account's logins, is bounded: the pause is short,
# the page offers a password reset, and a completed reset lifts it
# (marketplace.accounts.services.lockout_reset). docs/security.md has the rest.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# Failures during a lock-out do not extend it: its owner is told when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "marketplace.accounts.axes.lockout_username"
AXES_LOCKOUT_CALLABLE = "marketplace.accounts.axes.lockout_response"
AXES_CLIENT_IP_CALLABLE = "marketplace.accounts.client.axes_client_ip"
# How many reverse proxies in front of the site add to X-Forwarded-For; 0 when
# clients connect directly (then REMOTE_ADDR is their address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Password reset and sign-up send e-mail: capped per address and per mailbox.
ACCOUNTS_THROTTLES = {
    "registration": {"per_address": 20, "per_email": 3, "window": 3600},
    "password_reset": {"per_address": 20, "per_email": 3, "window": 3600},
}
ACCOUNTS_REGISTRATION_LINK_SECONDS = 3 * 24 * 3600
OTP_TOTP_ISSUER = "Maalem"

# --- Languages: French first, Arabic right to left, English -----------------
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("ar", "العربية"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in three languages (django-modeltranslation): each translated field
# has a column per language; reading `obj.name` falls back from the active
# language to French, then Arabic, then English. A product's own fallback
# (the visitor's language, then the seller's source language) is
# marketplace.translated's.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr", "ar", "en")
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
# Several app servers share one store: MEDIA_STORAGE=s3 puts photos, their
# thumbnails and every upload in an S3-compatible bucket (django-storages;
# SeaweedFS on loopback in tests and the cluster run), public-read behind
# MEDIA_CDN_DOMAIN when set. The embedded default keeps the local disk.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    _cdn = env("MEDIA_CDN_DOMAIN", default="")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "region_name": env("AWS_S3_REGION_NAME", default="us-east-1"),
            # Photos are public (product pages), served by the CDN or the
            # store without signatures; names are random (catalogue/photos.py).
            "querystring_auth": False,
            "file_overwrite": False,
            "custom_domain": _cdn or None,
            "url_protocol": env("MEDIA_URL_PROTOCOL", default="https:"),
            "addressing_style": "path",
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
    if not _cdn and env("AWS_S3_ENDPOINT_URL", default=""):
        # No CDN: the store's own address (path-style) serves the files.
        MEDIA_URL = "{}/{}/".format(
            env("AWS_S3_ENDPOINT_URL").rstrip("/"), env("AWS_STORAGE_BUCKET_NAME")
        )
# Files only their owners may read (messages' photos): outside MEDIA_ROOT, so
# nothing that serves /media/ reaches them; served by guarded views only.
# PRIVATE_STORAGE_BACKEND swaps in a private bucket (marketplace/messaging/
# storage.py says how).
PRIVATE_MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")
)
STORAGES["private"] = {
    "BACKEND": env(
        "PRIVATE_STORAGE_BACKEND",
        default="marketplace.messaging.storage.PrivateFileSystemStorage",
    ),
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
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
# A shopper's search waits this long for Elasticsearch, then gets the database
# backend's answer (search.api); for this many seconds after such a failure
# searches go to the database without asking Elasticsearch.
ELASTICSEARCH_SEARCH_TIMEOUT = env.float("ELASTICSEARCH_SEARCH_TIMEOUT", default=3.0)
# An index update (a worker's task) waits this long, without retrying, then
# fails and is retried later by the outbox: a worker is never held minutes.
ELASTICSEARCH_WRITE_TIMEOUT = env.float("ELASTICSEARCH_WRITE_TIMEOUT", default=10.0)
SEARCH_RETRY_AFTER = env.float("SEARCH_RETRY_AFTER", default=10.0)
# With Elasticsearch, the database backend's index is kept written too, as the
# fallback when Elasticsearch is down.
SEARCH_DATABASE_FALLBACK = env.bool("SEARCH_DATABASE_FALLBACK", default=True)
# Haystack serves no page (search is `search.api`, browsing `catalogue.views`);
# it stays installed because Oscar's search modules import it, kept inert: the
# database ("simple") engine, and a signal processor that indexes nothing.
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
# The CMI (Morocco's card switch): its hosted 3-D Secure page and the store
# key that signs what goes to it and what comes back (marketplace/payments/
# cmi.py). The real test gateway is https://testpayment.cmi.co.ma/fim/est3Dgate;
# the tests use the simulator in tools/cmi_sim/ (scripts/cmi_sim.sh).
CMI_CLIENT_ID = env("CMI_CLIENT_ID", default="")
CMI_STORE_KEY = env("CMI_STORE_KEY", default="")
CMI_GATEWAY_URL = env("CMI_GATEWAY_URL", default="")
# Refunds by the CMI's back-office API, where the merchant contract allows it;
# otherwise a refund of a CMI payment is recorded for a bank refund by staff.
CMI_REFUNDS_BY_API = env.bool("CMI_REFUNDS_BY_API", default=False)
CMI_API_URL = env("CMI_API_URL", default="")
CMI_API_USER = env("CMI_API_USER", default="")
CMI_API_PASSWORD = env("CMI_API_PASSWORD", default="")
CMI_API_TIMEOUT = env.float("CMI_API_TIMEOUT", default=20.0)
# Which provider takes a shopper's card: the first of these that is configured
# and serves the order (payments.providers): the CMI serves orders in
# CMI_CURRENCIES shipped to CMI_COUNTRIES (empty: any country), Stripe the
# rest. ["cmi"] or ["stripe"] keeps one of them only.
PAYMENT_CARD_PROVIDERS = env.list("PAYMENT_CARD_PROVIDERS", default=["cmi", "stripe"])
CMI_CURRENCIES = env.list("CMI_CURRENCIES", default=["MAD"])
CMI_COUNTRIES = env.list("CMI_COUNTRIES", default=["MA"])
# Cash on delivery is always offered; card only when a card provider is
# configured.
PAYMENT_METHODS = ["cod"] + (
    ["card"] if STRIPE_SECRET_KEY or (CMI_CLIENT_ID and CMI_STORE_KEY) else []
)

# --- Oscar ---------------------------------------------------------------------
OSCAR_SHOP_NAME = "Maalem"
OSCAR_SHOP_TAGLINE = _("Moroccan crafts, straight from registered artisans")
OSCAR_HOMEPAGE = reverse_lazy("home")
OSCAR_DEFAULT_CURRENCY = "MAD"
OSCAR_ALLOW_ANON_CHECKOUT = True
# The order's statuses and their (empty) transitions: marketplace/orders/.
OSCAR_ORDER_STATUS_PIPELINE = ORDER_STATUS_PIPELINE
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_MODERATE_REVIEWS = True
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
# "Back in stock" e-mails go through the outbox after a stock save
# (catalogue.receivers), not inside every save, an order's included.
OSCAR_EAGER_ALERTS = False
OSCAR_PRODUCTS_PER_PAGE = 24
# A product list's pages stop here: its count reads at most this many pages of
# products, and its deepest page skips as many, whatever the catalogue's size
# (catalogue.views.ProductCardPaginator; a shopper narrows by the filters).
CATALOGUE_LIST_PAGES_MAX = env.int("CATALOGUE_LIST_PAGES_MAX", default=50)
# The product type (slug) of a product a seller's catalogue file creates: the
# file has no column for it (created with that slug if missing).
CATALOGUE_FILE_PRODUCT_CLASS = "artisanat"
# Catalogue pages served to anonymous, cookieless shoppers from the cache for
# at most this many seconds (marketplace/pagecache/); 0 switches it off.
CATALOGUE_PAGE_CACHE_SECONDS = env.int("CATALOGUE_PAGE_CACHE_SECONDS", default=60)
# How long the catalogue, product, storefront and search pages are kept when
# the cache is shared by every process (Redis): every write they show moves
# a version they carry and nothing in them changes with the clock, so only
# the minute above for the Wagtail pages (fairs, promotions that start and
# end). With the local memory cache a process does not see another's
# versions: the minute above. Never longer than 0 when the cache is off.
CATALOGUE_VERSIONED_PAGE_CACHE_SECONDS = env.int(
    "CATALOGUE_VERSIONED_PAGE_CACHE_SECONDS",
    default=900 if REDIS_URL else CATALOGUE_PAGE_CACHE_SECONDS,
)
# Parts of a rendered page kept between renderings (product cards, keyed by
# the product's version and the language: marketplace/pagecache/); 0: never.
# A minute without Redis, like whole pages: the local memory cache is each
# process's own, and a write in one does not move another's versions.
CATALOGUE_FRAGMENT_CACHE_SECONDS = env.int(
    "CATALOGUE_FRAGMENT_CACHE_SECONDS", default=600 if REDIS_URL else 60
)
# What prices a basket at each request (the site's offers, a charge's
# shipping tables) kept between requests by the versions every write to it
# moves (marketplace/offer/applicator.py, marketplace/shipping/charges.py);
# 0: read every time. With Redis only by default: with the local memory
# cache, a write in one process would not make another process's copy stale.
CHECKOUT_KEPT_READS_SECONDS = env.int(
    "CHECKOUT_KEPT_READS_SECONDS", default=600 if REDIS_URL else 0
)
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "country")
OSCAR_IMAGE_FOLDER = "images/products/%Y/%m/"
# Oscar's default "missing image" is a file in MEDIA_ROOT; ours ships as static.
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_SLUG_ALLOW_UNICODE = False

# --- Wagtail -------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Maalem"
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = True
# One password reset for every account, the shop's: it is throttled and lifts
# a login lock-out (marketplace.accounts). Wagtail's own would be neither.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No Gravatar: editors' e-mail hashes are not sent to a third party, and the
# admin loads no image from another origin (Content-Security-Policy).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Uploaded images are re-encoded without their metadata (EXIF GPS included).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.MetadataFreeImageForm"

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
# A product without its weight weighs this much in a parcel (carriers' bands).
MARKETPLACE_DEFAULT_WEIGHT_G = env.int("MARKETPLACE_DEFAULT_WEIGHT_G", default=1000)
# The visitor's chosen delivery country (the product page says whether a
# shop ships there), remembered like the language, in a cookie.
SHIPPING_COUNTRY_COOKIE = "maalem_country"
# Cash on delivery holds stock on a shopper's word: an order not confirmed
# (by the e-mail's link, or a phone call the seller records) within this many
# hours is cancelled by `expire_unconfirmed_cod_orders`.
MARKETPLACE_COD_CONFIRM_HOURS = env.int("MARKETPLACE_COD_CONFIRM_HOURS", default=48)

# --- Messages between shoppers and shops (marketplace/messaging) ------------
# A shopper starts at most this many conversations a day with shops it has
# not ordered from.
MESSAGING_NEW_CONVERSATIONS_PER_DAY = env.int(
    "MESSAGING_NEW_CONVERSATIONS_PER_DAY", default=5
)
# A storefront shows its response figures from this many conversations
# (90 days); the shop's dashboard always shows them.
MESSAGING_FIGURES_MIN_CONVERSATIONS = env.int(
    "MESSAGING_FIGURES_MIN_CONVERSATIONS", default=5
)
# The most one cash order may be worth (MAD, incl. shipping); card above it.
MARKETPLACE_COD_MAX_ORDER_TOTAL = Decimal(
    env("MARKETPLACE_COD_MAX_ORDER_TOTAL", default="5000.00")
)
# Unconfirmed cash orders open at once from one client address, one phone.
MARKETPLACE_COD_MAX_OPEN_PER_IP = env.int("MARKETPLACE_COD_MAX_OPEN_PER_IP", default=3)
MARKETPLACE_COD_MAX_OPEN_PER_PHONE = env.int(
    "MARKETPLACE_COD_MAX_OPEN_PER_PHONE", default=2
)

# --- Figures ---------------------------------------------------------------------
# Without Redis, product views are counted in the web process's memory, which
# folds them into the database itself this often (marketplace/figures); with
# Redis, the scheduler's `fold_view_counts` does (run_scheduler).
FIGURES_LOCAL_FOLD_SECONDS = env.int("FIGURES_LOCAL_FOLD_SECONDS", default=300)

# --- Returns, refunds and disputes ----------------------------------------------
# A sale's credit is payable only this many days after delivery (or the
# shop's longer return window), with no return request open.
MARKETPLACE_PAYOUT_HOLD_DAYS = env.int("MARKETPLACE_PAYOUT_HOLD_DAYS", default=7)
# A seller that has not answered a return request in this many days may see
# it taken to the marketplace by the shopper.
MARKETPLACE_RETURN_ANSWER_DAYS = env.int("MARKETPLACE_RETURN_ANSWER_DAYS", default=3)
MARKETPLACE_RETURN_MAX_PHOTOS = 5

# --- Seller applications ---------------------------------------------------------
# Each valid apply form asks the registry about a number: at most this many per
# account and per client address (marketplace.accounts.client) in the window,
# in seconds.
SELLER_APPLY_LIMIT_PER_ACCOUNT = env.int("SELLER_APPLY_LIMIT_PER_ACCOUNT", default=5)
SELLER_APPLY_LIMIT_PER_ADDRESS = env.int("SELLER_APPLY_LIMIT_PER_ADDRESS", default=20)
SELLER_APPLY_LIMIT_WINDOW = env.int("SELLER_APPLY_LIMIT_WINDOW", default=86_400)

# --- Content-Security-Policy (django-csp; marketplace/csp.py) ------------------
# Scripts from our origin, or inline with the response's nonce; never
# 'unsafe-inline' nor 'unsafe-eval'. The card payment page adds Stripe's origins,
# the staff tools relax scripts (marketplace/csp.py says why). Styles may be
# inline: Oscar's and Bootstrap's templates carry style attributes, and a style
# cannot run code.
_MEDIA_ORIGIN = (
    [f"{urlsplit(MEDIA_URL).scheme}://{urlsplit(MEDIA_URL).netloc}"]
    if urlsplit(MEDIA_URL).netloc
    else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *_MEDIA_ORIGIN],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- Invoices (marketplace/invoicing) ------------------------------------------
# The marketplace's own details, printed on its commission invoices to sellers.
INVOICING_ISSUER = {
    "name": env("INVOICING_ISSUER_NAME", default="Maalem SARL"),
    "ice": env("INVOICING_ISSUER_ICE", default="001234567000062"),
    "rc": env("INVOICING_ISSUER_RC", default="RC Casablanca 000000"),
    "if": env("INVOICING_ISSUER_IF", default="00000000"),
    "address": env(
        "INVOICING_ISSUER_ADDRESS", default="1 boulevard Anfa, 20000 Casablanca, Maroc"
    ),
}
# A seller whose invoiced sales over the last 12 months reach this (MAD) must
# have entered its ICE: one without is flagged (its invoices page, the staff's
# list), its invoices still issued and marked "ICE missing".
INVOICING_ICE_THRESHOLD = Decimal(env("INVOICING_ICE_THRESHOLD", default="50000"))
# VAT included in the marketplace's commission (its invoices show it apart).
INVOICING_COMMISSION_VAT_PERCENT = Decimal(
    env("INVOICING_COMMISSION_VAT_PERCENT", default="20")
)
# Prices shown in another currency for buyers abroad (marketplace/currency):
# the cookie keeping the visitor's choice; charges stay in MAD.
DISPLAY_CURRENCY_COOKIE_NAME = "currency"
# The header's basket count, a display hint for cached pages' script
# (marketplace/basket/middleware.py): never read by the server.
BASKET_COUNT_COOKIE_NAME = "basket_count"

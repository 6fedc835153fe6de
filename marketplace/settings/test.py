"""Settings for the test suite.

The database comes from DATABASE_URL like everywhere else: the whole suite
runs on the PostgreSQL server that scripts/services.sh starts, and a short pass
(tests marked `embedded`) on SQLite, the embedded default (scripts/test.sh).
"""

import atexit
import shutil
import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Uploaded and generated files go to a throw-away folder, never to media/.
MEDIA_ROOT = env("TEST_MEDIA_ROOT", default="") or tempfile.mkdtemp(prefix="media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="private-media-")
atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, ignore_errors=True)
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Pages render afresh in tests; tests of the page cache switch it on.
CATALOGUE_PAGE_CACHE_SECONDS = 0
CATALOGUE_FRAGMENT_CACHE_SECONDS = 0
CHECKOUT_KEPT_READS_SECONDS = 0

# A file lets `pytest --reuse-db` keep the migrated test database between runs
# (Oscar and Wagtail make about 320 migrations); in-memory by default.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": env("TEST_SQLITE_NAME", default=":memory:")
    }
# Tests fold product views when they mean to, never on a thread of their own.
FIGURES_LOCAL_FOLD_SECONDS = 0

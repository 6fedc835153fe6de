"""Production settings come from the environment, and are secure."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
    "SECRET_KEY": "k" * 24 + "-production-secret-" + "x" * 24,
    "ALLOWED_HOSTS": "maalem.ma,www.maalem.ma",
    "DATABASE_URL": "postgres://maalem:secret@127.0.0.1:5432/maalem",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
    "SEARCH_BACKEND": "elasticsearch",
    "STRIPE_SECRET_KEY": "sk_test_123",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_123",
    "STRIPE_WEBHOOK_SECRET": "whsec_123",
    "EMAIL_URL": "smtp+tls://user:pass@127.0.0.1:587",
}


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_importing_the_settings_does_not_configure_django_half_way():
    """The settings' own imports never read `django.conf.settings`: a read
    configured Django from the half-imported module (every Django default, no
    SECRET_KEY), and production.py's refusal to start was swallowed by
    `manage.py` (it was Django's `gettext_noop` in marketplace/orders/status.py)."""
    code = (
        "import importlib, django.conf;"
        "importlib.import_module('marketplace.settings.base');"
        "print('configured' if django.conf.settings.configured else 'untouched')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "untouched"


def test_production_refuses_a_stripe_secret_key_without_a_webhook_secret():
    """Cards would be charged and no order ever marked paid: refuse to start."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "STRIPE_WEBHOOK_SECRET"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "STRIPE_WEBHOOK_SECRET must be set" in result.stderr


def test_production_without_stripe_at_all_still_starts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("STRIPE_")}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_read_each_service_from_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
        " s.SESSION_ENGINE, s.TASKS['default']['BACKEND'], s.PAYMENT_METHODS,"
        " s.SEARCH_BACKEND, s.EMAIL_BACKEND)"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "django.db.backends.postgresql" in out
    assert "RedisCache" in out and "backends.cache" in out and "RQBackend" in out
    assert "'cod', 'card'" in out and "elasticsearch" in out and "smtp" in out


@pytest.mark.parametrize("key", ["DATABASES", "CACHES", "TASKS", "PAYMENT_METHODS"])
def test_the_embedded_default_needs_no_configuration(key):
    code = f"from django.conf import settings as s; print(s.{key})"
    env = {"DJANGO_SETTINGS_MODULE": "marketplace.settings.dev"}
    result = _manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    expected = {
        "DATABASES": "sqlite3",
        "CACHES": "LocMemCache",
        "TASKS": "ImmediateBackend",
        "PAYMENT_METHODS": "['cod']",
    }[key]
    assert expected in result.stdout

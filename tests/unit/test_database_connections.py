"""Rendered pages do not open a database connection each: opening a SQLite
one costs Django's function registrations and the WAL pragmas, about 3.5 ms
of CPU, a third of a rendered page (bench/profile_pages.py). Both databases
keep theirs between requests."""

from django.conf import settings


def test_the_database_connection_is_kept_between_requests():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] >= 60

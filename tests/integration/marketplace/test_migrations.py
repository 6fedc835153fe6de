"""The migrations apply, and nothing is missing from them, on each database."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.migrations, pytest.mark.embedded]


def test_migrations_applied_to_the_test_database():
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert plan == [], f"unapplied on {connection.vendor}: {plan[:3]}"


def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()

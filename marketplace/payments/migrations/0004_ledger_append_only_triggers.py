"""The ledger is append-only in the database too, not only in `LedgerEntry`.

`LedgerEntry.save()` and `.delete()` refuse to change a row, but a queryset's
`update()` or `delete()`, the shell, a data migration or raw SQL would not go
through them. These triggers make the database itself refuse an UPDATE or a
DELETE of a ledger row; a correction is a new entry.

PostgreSQL: one trigger function raising an exception, fired before each row's
UPDATE or DELETE. TRUNCATE (table owner only) is left to the database's
permissions: Django's test runner empties tables with it between tests.
SQLite: two triggers with RAISE(ABORT).
"""

from django.db import migrations

TABLE = "payments_ledgerentry"

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'ledger entries are never changed nor deleted (% of id %)',
            TG_OP, OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER {TABLE}_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
    """,
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only();",
]

SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update
    BEFORE UPDATE ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, 'ledger entries are never changed');
    END;
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete
    BEFORE DELETE ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, 'ledger entries are never deleted');
    END;
    """,
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
]

SQL = {
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
}


def _run(schema_editor, which: int) -> None:
    statements = SQL.get(schema_editor.connection.vendor)
    if statements is None:
        # Another database: the model's save() and delete() still refuse.
        return
    for statement in statements[which]:
        # No parameters: the PL/pgSQL body's % must reach the server as is.
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor):
    _run(schema_editor, 0)


def remove(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0003_cod_confirmation_and_limits"),
    ]

    operations = [migrations.RunPython(install, remove, elidable=False)]

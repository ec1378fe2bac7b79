"""PostgreSQL: the payments ledger partitioned by year, one row per reference kept by a register.

The design is status/ledger_partitions.py's docstring. This migration converts an existing
ledger in place, every row kept with its id, under an exclusive lock:

1. the foreign keys that reference the ledger (refund applications' links) and its person-check
   triggers (migration 0009) are dropped, the table renamed aside;
2. a partitioned table of the same columns is made, with a DEFAULT partition and one partition
   for each year that holds payments or will (the first status rule's year through
   LEDGER_PARTITION_YEARS_AHEAD years after this one), every row copied into it;
3. the keys and the covering index are built after the copy (once, sorted, not row by row), the
   register of references filled from the ledger, the foreign keys pointed at the register, the
   triggers made again on the new table (the register's and 0009's person check).

Backwards: one plain table again, every row kept. The SQL is written here, not imported from
app code: this migration means the same whatever the code becomes.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

LEDGER = "status_payment"
REGISTER = "status_paymentreference"
DEFAULT_PARTITION = "status_payment_default"
UNPARTITIONED = "status_payment_unpartitioned"
PARTITIONED_OLD = "status_payment_partitioned"
PAYMENT_INDEX = "status_payment_person_period"

REGISTER_INSTALL_SQL = [
    """
CREATE OR REPLACE FUNCTION status_payment_register_insert() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO status_paymentreference (reference, payment_id, period)
    SELECT reference, id, period FROM written_payments;
    RETURN NULL;
END
$fn$""",
    """
CREATE OR REPLACE FUNCTION status_payment_register_update() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE status_paymentreference r SET reference = n.reference, period = n.period
    FROM written_payments n
    WHERE r.payment_id = n.id
      AND (r.reference, r.period) IS DISTINCT FROM (n.reference, n.period);
    IF EXISTS (SELECT 1 FROM written_payments n
               WHERE NOT EXISTS (SELECT 1 FROM status_paymentreference r
                                 WHERE r.payment_id = n.id)) THEN
        RAISE integrity_constraint_violation
            USING MESSAGE = 'status_payment.id cannot change (status_paymentreference names it)';
    END IF;
    RETURN NULL;
END
$fn$""",
    """
CREATE OR REPLACE FUNCTION status_payment_register_delete() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM status_paymentreference r USING removed_payments o WHERE r.payment_id = o.id;
    RETURN NULL;
END
$fn$""",
    # DELETE, not TRUNCATE: the link tables' foreign keys to the register are checked at commit,
    # once the same TRUNCATE emptied them.
    """
CREATE OR REPLACE FUNCTION status_payment_register_truncate() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM status_paymentreference;
    RETURN NULL;
END
$fn$""",
    """
CREATE TRIGGER status_payment_register_inserted AFTER INSERT ON status_payment
    REFERENCING NEW TABLE AS written_payments
    FOR EACH STATEMENT EXECUTE FUNCTION status_payment_register_insert()""",
    """
CREATE TRIGGER status_payment_register_updated AFTER UPDATE ON status_payment
    REFERENCING NEW TABLE AS written_payments
    FOR EACH STATEMENT EXECUTE FUNCTION status_payment_register_update()""",
    """
CREATE TRIGGER status_payment_register_deleted AFTER DELETE ON status_payment
    REFERENCING OLD TABLE AS removed_payments
    FOR EACH STATEMENT EXECUTE FUNCTION status_payment_register_delete()""",
    """
CREATE TRIGGER status_payment_register_truncated AFTER TRUNCATE ON status_payment
    FOR EACH STATEMENT EXECUTE FUNCTION status_payment_register_truncate()""",
]

REGISTER_UNINSTALL_SQL = [
    "DROP TRIGGER IF EXISTS status_payment_register_inserted ON status_payment",
    "DROP TRIGGER IF EXISTS status_payment_register_updated ON status_payment",
    "DROP TRIGGER IF EXISTS status_payment_register_deleted ON status_payment",
    "DROP TRIGGER IF EXISTS status_payment_register_truncated ON status_payment",
    "DROP FUNCTION IF EXISTS status_payment_register_insert()",
    "DROP FUNCTION IF EXISTS status_payment_register_update()",
    "DROP FUNCTION IF EXISTS status_payment_register_delete()",
    "DROP FUNCTION IF EXISTS status_payment_register_truncate()",
]

# Migration 0009's person check on payments: its triggers belong to the table, so they are made
# again on the table that replaces it (the function stays).
PERSON_CHECK_INSTALL_SQL = [
    """
CREATE TRIGGER status_payment_person_inserted AFTER INSERT ON status_payment
    REFERENCING NEW TABLE AS written_payments
    FOR EACH STATEMENT EXECUTE FUNCTION status_payment_person_exists()""",
    """
CREATE TRIGGER status_payment_person_updated AFTER UPDATE ON status_payment
    REFERENCING NEW TABLE AS written_payments
    FOR EACH STATEMENT EXECUTE FUNCTION status_payment_person_exists()""",
]
PERSON_CHECK_UNINSTALL_SQL = [
    "DROP TRIGGER IF EXISTS status_payment_person_inserted ON status_payment",
    "DROP TRIGGER IF EXISTS status_payment_person_updated ON status_payment",
]


def _relkind(cursor, table: str) -> str | None:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [table])
    row = cursor.fetchone()
    return row[0] if row else None


def _foreign_keys_to(cursor, table: str) -> list[tuple[str, str, str]]:
    """(constraint, referencing table, column) of every foreign key that references `table`."""
    cursor.execute(
        "SELECT c.conname, c.conrelid::regclass::text, a.attname FROM pg_constraint c"
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " WHERE c.contype = 'f' AND c.confrelid = to_regclass(%s)",
        [table],
    )
    return cursor.fetchall()


def _drop_foreign_keys(cursor, keys) -> None:
    for name, table, _column in keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')


def _add_foreign_keys(cursor, keys, *, target: str) -> None:
    for name, table, column in keys:
        cursor.execute(
            f'ALTER TABLE {table} ADD CONSTRAINT "{name}" FOREIGN KEY ("{column}")'
            f" REFERENCES {target} DEFERRABLE INITIALLY DEFERRED"
        )


def _execute_all(cursor, statements) -> None:
    for statement in statements:
        cursor.execute(statement)


def _copy_rows(cursor, *, source: str, target: str) -> None:
    """Every row of `source` into `target` (same columns), ids kept and the sequence after them."""
    cursor.execute(f"INSERT INTO {target} SELECT * FROM {source}")  # noqa: S608
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{target}', 'id'),"  # noqa: S608
        f" coalesce((SELECT max(id) FROM {target}), 0) + 1, false)"
    )


def _years(cursor) -> list[int]:
    """Each year that holds payments, and the first status rule's year through
    LEDGER_PARTITION_YEARS_AHEAD years after this one."""
    this_year = timezone.localdate().year
    cursor.execute(
        f"SELECT DISTINCT extract(year FROM period)::int FROM {UNPARTITIONED}"  # noqa: S608
        " UNION SELECT min(extract(year FROM valid_from))::int FROM status_statusrule"
    )
    years = {year for (year,) in cursor.fetchall() if year is not None}
    first = min(years | {this_year})
    return sorted(years | set(range(first, this_year + settings.LEDGER_PARTITION_YEARS_AHEAD + 1)))


def partition_ledger(apps, schema_editor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if _relkind(cursor, LEDGER) == "p":
            return
        cursor.execute(f"LOCK TABLE {LEDGER} IN ACCESS EXCLUSIVE MODE")
        keys = _foreign_keys_to(cursor, LEDGER)
        _drop_foreign_keys(cursor, keys)
        _execute_all(cursor, PERSON_CHECK_UNINSTALL_SQL)
        # Out of the way: the old table's names are the new one's.
        cursor.execute(f"DROP INDEX IF EXISTS {PAYMENT_INDEX}")
        cursor.execute(f"ALTER TABLE {LEDGER} DROP CONSTRAINT status_payment_reference_unique")
        cursor.execute(f"ALTER TABLE {LEDGER} RENAME TO {UNPARTITIONED}")
        cursor.execute(
            f"ALTER TABLE {UNPARTITIONED} RENAME CONSTRAINT status_payment_pkey"
            f" TO {UNPARTITIONED}_pkey"
        )
        cursor.execute(f"ALTER SEQUENCE status_payment_id_seq RENAME TO {UNPARTITIONED}_id_seq")
        cursor.execute(
            f"CREATE TABLE {LEDGER} (LIKE {UNPARTITIONED} INCLUDING DEFAULTS INCLUDING IDENTITY)"
            " PARTITION BY RANGE (period)"
        )
        cursor.execute(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {LEDGER} DEFAULT")
        for year in _years(cursor):
            cursor.execute(
                f"CREATE TABLE {LEDGER}_y{year} PARTITION OF {LEDGER}"
                f" FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
            )
        _copy_rows(cursor, source=UNPARTITIONED, target=LEDGER)
        cursor.execute(
            f"ALTER TABLE {LEDGER} ADD CONSTRAINT status_payment_pkey PRIMARY KEY (id, period)"
        )
        cursor.execute(
            f"CREATE INDEX {PAYMENT_INDEX} ON {LEDGER} (person_id, period)"
            " INCLUDE (payer_type_id, refunded)"
        )
        cursor.execute(
            f"CREATE TABLE {REGISTER} (reference text PRIMARY KEY,"
            " payment_id bigint NOT NULL UNIQUE, period date NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO {REGISTER} (reference, payment_id, period)"  # noqa: S608
            f" SELECT reference, id, period FROM {LEDGER}"
        )
        _add_foreign_keys(cursor, keys, target=f"{REGISTER} (payment_id)")
        cursor.execute(f"DROP TABLE {UNPARTITIONED}")
        _execute_all(cursor, PERSON_CHECK_INSTALL_SQL)
        _execute_all(cursor, REGISTER_INSTALL_SQL)
        cursor.execute(f"ANALYZE {LEDGER}, {REGISTER}")


def unpartition_ledger(apps, schema_editor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if _relkind(cursor, LEDGER) != "p":
            return
        cursor.execute(f"LOCK TABLE {LEDGER} IN ACCESS EXCLUSIVE MODE")
        keys = _foreign_keys_to(cursor, REGISTER)
        _drop_foreign_keys(cursor, keys)
        _execute_all(cursor, REGISTER_UNINSTALL_SQL)
        _execute_all(cursor, PERSON_CHECK_UNINSTALL_SQL)
        cursor.execute(f"ALTER TABLE {LEDGER} RENAME TO {PARTITIONED_OLD}")
        cursor.execute(f"ALTER INDEX {PAYMENT_INDEX} RENAME TO {PARTITIONED_OLD}_person_period")
        cursor.execute(
            f"ALTER TABLE {PARTITIONED_OLD} RENAME CONSTRAINT status_payment_pkey"
            f" TO {PARTITIONED_OLD}_pkey"
        )
        cursor.execute(f"ALTER SEQUENCE status_payment_id_seq RENAME TO {PARTITIONED_OLD}_id_seq")
        cursor.execute(
            f"CREATE TABLE {LEDGER} (LIKE {PARTITIONED_OLD} INCLUDING DEFAULTS INCLUDING IDENTITY)"
        )
        _copy_rows(cursor, source=PARTITIONED_OLD, target=LEDGER)
        cursor.execute(f"ALTER TABLE {LEDGER} ADD CONSTRAINT status_payment_pkey PRIMARY KEY (id)")
        cursor.execute(
            f"ALTER TABLE {LEDGER}"
            " ADD CONSTRAINT status_payment_reference_unique UNIQUE (reference)"
        )
        cursor.execute(
            f"CREATE INDEX {PAYMENT_INDEX} ON {LEDGER} (person_id, period)"
            " INCLUDE (payer_type_id, refunded)"
        )
        _add_foreign_keys(cursor, keys, target=f"{LEDGER} (id)")
        cursor.execute(f"DROP TABLE {PARTITIONED_OLD}")  # and its partitions
        cursor.execute(f"DROP TABLE {REGISTER}")
        _execute_all(cursor, PERSON_CHECK_INSTALL_SQL)
        cursor.execute(f"ANALYZE {LEDGER}")


class Migration(migrations.Migration):
    dependencies = [("status", "0011_recomputerun_failure")]

    operations = [migrations.RunPython(partition_ledger, unpartition_ledger)]

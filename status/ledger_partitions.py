"""The payments ledger partitioned by year on PostgreSQL, and its register of references.

`status_payment` is a declaratively partitioned table on PostgreSQL (migration 0010), by range
of `period`: one partition a year (`status_payment_y2025` holds 2025-01 … 2025-12) and a DEFAULT
partition, so that no row is ever refused. A year, not a quarter: the lookup reads the 12 months
of its window and the recompute a person's whole history, so each partition in a range costs one
more index descent per person; a year keeps the window to two partitions (a quarter: five) and
ten years of history to ten (a quarter: forty). SQLite (the `make run` demo) keeps one plain table.

What partitioning changes, and how every promise of the plain table still holds:

- Keys. PostgreSQL's unique keys on a partitioned table must contain the partition key, so the
  table's primary key is (id, period). Django's model keeps `id` as its primary key: every
  feature (admin, refunds, the M2M of refund applications) goes on addressing a payment by id,
  and ids stay unique because they come from the table's identity sequence and because the
  register below holds each id once.
- One row per source reference. A unique `reference` alone cannot be declared across
  partitions, so the register `status_paymentreference (reference PRIMARY KEY, payment_id
  UNIQUE, period)` holds one row per payment, written by statement-level triggers on the ledger
  in the same statement: a second payment with a known reference fails the writer's statement
  with a unique violation (SQLSTATE 23505, Django's IntegrityError), whichever partition each
  lands in and whoever writes (imports, the admin, raw SQL), and a concurrent writer of the same
  reference waits for the first one's commit exactly as it did on the plain table's unique
  index. The register is also the index by reference (the imports look references up there).
- Foreign keys to payments (the refund applications' link table) cannot reference
  `status_payment(id)` any more; they reference the register's `payment_id`, which is unique and
  mirrors the ledger. Migration 0010 moves every such key it finds: a new foreign key to Payment
  must be made with db_constraint=False or point at the register.
- The person check of status/ledger_integrity.py (statement-level triggers) is installed on
  the partitioned table as it was on the plain one.
- Partitions for the coming years exist ahead of need: migration 0010 and the yearly beat task
  (status.ensure_ledger_partitions) create every year from the first status rule's year through
  LEDGER_PARTITION_YEARS_AHEAD years after this one (the recompute looks ahead up to four years
  for prepaid months). A year whose rows went to the DEFAULT partition meanwhile gets its own
  partition, its rows moved into it, so the partitions are never made by hand.
- TRUNCATE of the ledger empties the register too (the test suite's flush relies on it). A
  partition detached or dropped directly (archiving a year) must delete its register rows.
"""

import datetime

from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction
from django.utils import timezone

from . import ledger_integrity

LEDGER = "status_payment"
REGISTER = "status_paymentreference"
DEFAULT_PARTITION = "status_payment_default"
# Kept apart while the ledger is copied into (or back out of) the partitioned table.
UNPARTITIONED = "status_payment_unpartitioned"
PARTITIONED_OLD = "status_payment_partitioned"
PAYMENT_INDEX = "status_payment_person_period"
PARTITIONS_LOCK_KEY = 7_310_426_003  # pg advisory lock: one partition maker at a time


def partition_name(year: int) -> str:
    return f"{LEDGER}_y{year}"


REGISTER_TRIGGERS_SQL = [
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
    f"DROP TRIGGER IF EXISTS status_payment_register_inserted ON {LEDGER}",
    f"DROP TRIGGER IF EXISTS status_payment_register_updated ON {LEDGER}",
    f"DROP TRIGGER IF EXISTS status_payment_register_deleted ON {LEDGER}",
    f"DROP TRIGGER IF EXISTS status_payment_register_truncated ON {LEDGER}",
    "DROP FUNCTION IF EXISTS status_payment_register_insert()",
    "DROP FUNCTION IF EXISTS status_payment_register_update()",
    "DROP FUNCTION IF EXISTS status_payment_register_delete()",
    "DROP FUNCTION IF EXISTS status_payment_register_truncate()",
]

# The person check's triggers on payments (ledger_integrity.INSTALL_SQL's payment statements):
# they belong to the table, so they are made again on the table that replaces it.
_PAYMENT_TRIGGERS = ("status_payment_person_inserted", "status_payment_person_updated")


def is_partitioned(connection=default_connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [LEDGER])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


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


def _drop_payment_triggers(cursor, table: str) -> None:
    for trigger in _PAYMENT_TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")


def _install_payment_triggers(cursor) -> None:
    for statement in ledger_integrity.INSTALL_SQL:
        if " ON status_payment" in statement:
            cursor.execute(statement)


def _copy_rows(cursor, *, source: str, target: str) -> None:
    """Every row of `source` into `target` (same columns), ids kept and the sequence after them."""
    cursor.execute(f"INSERT INTO {target} SELECT * FROM {source}")  # noqa: S608
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{target}', 'id'),"  # noqa: S608
        f" coalesce((SELECT max(id) FROM {target}), 0) + 1, false)"
    )


def partition_years(cursor, *, today: datetime.date, years_ahead: int) -> list[int]:
    """The years that should have a partition: from the first status rule's year (or any
    earlier year that holds payments) through `years_ahead` years after today's."""
    cursor.execute(
        f"SELECT (SELECT min(extract(year FROM valid_from))::int FROM status_statusrule),"  # noqa: S608
        f" (SELECT min(extract(year FROM period))::int FROM {LEDGER})"
    )
    first_rule, first_payment = cursor.fetchone()
    first = min(y for y in (first_rule, first_payment, today.year) if y is not None)
    return list(range(first, today.year + years_ahead + 1))


def _existing_partitions(cursor) -> set[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        " WHERE i.inhparent = to_regclass(%s)",
        [LEDGER],
    )
    return {name for (name,) in cursor.fetchall()}


def _create_partition(cursor, year: int) -> None:
    name = partition_name(year)
    bounds = f"FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {DEFAULT_PARTITION}"  # noqa: S608
        f" WHERE period >= '{year}-01-01' AND period < '{year + 1}-01-01')"
    )
    if not cursor.fetchone()[0]:
        cursor.execute(f"CREATE TABLE {name} PARTITION OF {LEDGER} FOR VALUES {bounds}")
        return
    # The year's rows went to the DEFAULT partition: they move into their own partition, the
    # DEFAULT one detached meanwhile (it may not hold rows of a defined partition). Rows moved
    # between partitions directly keep their id, period and reference: the register's triggers,
    # which are the ledger's, do not fire and need not.
    cursor.execute(f"ALTER TABLE {LEDGER} DETACH PARTITION {DEFAULT_PARTITION}")
    cursor.execute(f"CREATE TABLE {name} PARTITION OF {LEDGER} FOR VALUES {bounds}")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {DEFAULT_PARTITION}"  # noqa: S608
        f" WHERE period >= '{year}-01-01' AND period < '{year + 1}-01-01' RETURNING *)"
        f" INSERT INTO {name} SELECT * FROM moved"
    )
    cursor.execute(f"ALTER TABLE {LEDGER} ATTACH PARTITION {DEFAULT_PARTITION} DEFAULT")


def ensure_partitions(
    *, today: datetime.date | None = None, years_ahead: int | None = None, connection=None
) -> list[str]:
    """Create the yearly partitions that are missing (see partition_years); their names.

    Nothing on SQLite or before migration 0010. The ledger is locked only while a missing
    partition is created (an instant, unless rows of its year must leave the DEFAULT one).
    """
    connection = connection or default_connection
    if not is_partitioned(connection):
        return []
    today = today or timezone.localdate()
    if years_ahead is None:
        years_ahead = settings.LEDGER_PARTITION_YEARS_AHEAD
    created = []
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # Two runs at once (the beat task and a migration) take turns.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PARTITIONS_LOCK_KEY])
        years = set(partition_years(cursor, today=today, years_ahead=years_ahead))
        cursor.execute(f"SELECT DISTINCT extract(year FROM period)::int FROM {DEFAULT_PARTITION}")  # noqa: S608
        years |= {year for (year,) in cursor.fetchall()}
        existing = _existing_partitions(cursor)
        for year in sorted(years):
            if partition_name(year) not in existing:
                _create_partition(cursor, year)
                created.append(partition_name(year))
    return created


# --- Migration 0010 ---------------------------------------------------------------------------


def partition_ledger(apps, schema_editor) -> None:
    """Convert the plain ledger in place (PostgreSQL): every row copied, ids and references
    kept, into a partitioned table of the same columns; the register filled; keys moved."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or is_partitioned(connection):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {LEDGER} IN ACCESS EXCLUSIVE MODE")
        keys = _foreign_keys_to(cursor, LEDGER)
        _drop_foreign_keys(cursor, keys)
        _drop_payment_triggers(cursor, LEDGER)
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
        cursor.execute(
            f"SELECT DISTINCT extract(year FROM period)::int FROM {UNPARTITIONED}"  # noqa: S608
        )
        years = {year for (year,) in cursor.fetchall()}
        years |= set(
            partition_years(
                cursor,
                today=timezone.localdate(),
                years_ahead=settings.LEDGER_PARTITION_YEARS_AHEAD,
            )
        )
        for year in sorted(years):
            _create_partition(cursor, year)
        _copy_rows(cursor, source=UNPARTITIONED, target=LEDGER)
        # Indexes after the copy: built once, sorted, instead of row by row.
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
        _install_payment_triggers(cursor)
        for statement in REGISTER_TRIGGERS_SQL:
            cursor.execute(statement)
        cursor.execute(f"ANALYZE {LEDGER}, {REGISTER}")


def unpartition_ledger(apps, schema_editor) -> None:
    """Back to one plain table (migrating back before 0010): every row kept."""
    connection = schema_editor.connection
    if not is_partitioned(connection):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {LEDGER} IN ACCESS EXCLUSIVE MODE")
        keys = _foreign_keys_to(cursor, REGISTER)
        _drop_foreign_keys(cursor, keys)
        for statement in REGISTER_UNINSTALL_SQL:
            cursor.execute(statement)
        _drop_payment_triggers(cursor, LEDGER)
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
        _install_payment_triggers(cursor)
        cursor.execute(f"ANALYZE {LEDGER}")

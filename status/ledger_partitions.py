"""The payments ledger partitioned by year on PostgreSQL, and its register of references.

`status_payment` is a declaratively partitioned table on PostgreSQL (migration 0012), by range
of `period`: one partition a year (`status_payment_y2025` holds 2025-01 … 2025-12) and a DEFAULT
partition, so that no row is ever refused. A year, not a quarter: the lookup reads the 12 months
of its window and the recompute a person's whole history, so each partition in a range costs one
more index descent per person; a year keeps the window to two partitions (a quarter: five) and
ten years of history to ten (a quarter: forty).

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
  mirrors the ledger. Migration 0012 moves every such key it finds: a new foreign key to Payment
  must be made with db_constraint=False or point at the register.
- The person check of migration 0009 (statement-level triggers) is installed on the
  partitioned table as it was on the plain one.
- Partitions for the coming years exist ahead of need: migration 0012 and the yearly beat task
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

LEDGER = "status_payment"
# The register of references (migration 0012): one row per payment, unique by reference.
REGISTER = "status_paymentreference"
DEFAULT_PARTITION = "status_payment_default"
PARTITIONS_LOCK_KEY = 7_310_426_003  # pg advisory lock: one partition maker at a time


def partition_name(year: int) -> str:
    return f"{LEDGER}_y{year}"


def is_partitioned(connection=default_connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [LEDGER])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


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

    Nothing before migration 0012. The ledger is locked only while a missing
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
        # Two runs at once (the beat task and a call by hand) take turns.
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

"""The nightly status recompute over N persons × 36 months of payments, beside a bare SQL pass.

Generates the ledger with generate_series in a separate schema `bench_status` (tables shaped
like the real ones, unlogged but for the snapshots the job writes; rows stored in time order as
daily loads leave them, the covering (person, period) INCLUDE (payer_type, refunded) index of
migration 0007, vacuumed as autovacuum leaves a loaded table; reused when it already holds the
same size), then with search_path = bench_status, public:

1. bare pass: one SQL statement that only ORs each person's months into a bigint bitmask
   (parallel query off, fed by the (person, period) index) and writes that into a table;
2. the real job in one process: status.recompute.run_sync — every rule of docs/domain.md §3,
   snapshots upserted, changes counted — in chunks of 50 000 persons, one after another;
3. the real job as production runs it (with REDIS_URL): the nightly task sent through Redis to a
   real Celery worker (`--concurrency`, default one process per core), which fans the chunks
   out as a chord and finishes the run; timed from sending the task to the run's end.

Prints persons per second for each and the ratio to the bare pass.

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/status_recompute.py \
        [--persons 1000000] [--concurrency 2]
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import quote

# Tasks go to the broker, for a real worker to run (the test settings would run them inline).
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import celery_worker, machine, setup_django, timed_celery_recompute

SCHEMA = "bench_status"
AS_OF = datetime.date(2026, 11, 15)
FIRST_MONTH = datetime.date(2023, 11, 1)  # 36 months: 2023-11 … 2026-10


def generate(cursor, *, persons: int, months: int) -> float:
    started = time.perf_counter()
    cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    cursor.execute(f"CREATE SCHEMA {SCHEMA}")
    for table, kind in (
        ("status_person", "UNLOGGED"),
        ("status_payment", "UNLOGGED"),
        ("status_categorymembership", "UNLOGGED"),
        ("status_debtcancellation", "UNLOGGED"),
        # the job writes this one: logged, as in production
        ("status_statussnapshot", ""),
    ):
        cursor.execute(
            f"CREATE {kind} TABLE {SCHEMA}.{table} (LIKE public.{table} INCLUDING DEFAULTS)"
        )
    cursor.execute(
        f"""
        INSERT INTO {SCHEMA}.status_person
            (id, iin, last_name, first_name, patronymic, birth_date, sex, residency,
             created_at, changed_at)
        SELECT i, lpad(i::text, 12, '0'), '', '', '', DATE '1990-01-01', 'M',
               CASE WHEN i %% 50 = 0 THEN 'refugee' ELSE 'citizen' END, now(), now()
        FROM generate_series(1, %s) i
        """,
        [persons],
    )
    # Month by month (time order), every person: 80 % steady payers, the rest with gaps of
    # varying length, some stopping early, some self-payers.
    cursor.execute(
        f"""
        INSERT INTO {SCHEMA}.status_payment
            (id, person_id, period, payer_type_id, amount, paid_on, payer_bin, reference,
             refunded, refund_note)
        SELECT m * %(persons)s + p, p, (DATE %(first)s + make_interval(months => m))::date,
               CASE WHEN p %% 7 = 0 THEN 'self_payer' ELSE 'employer' END, 4250.00,
               (DATE %(first)s + make_interval(months => m + 1))::date, '', '', false, ''
        FROM generate_series(0, %(months)s - 1) m, generate_series(1, %(persons)s) p
        WHERE p %% 5 <> 0
           OR ((p * 7 + m * 13) %% 17 > (p %% 9)
               AND m < %(months)s - (p / 5) %% 8)
        """,
        {"persons": persons, "months": months, "first": FIRST_MONTH},
    )
    cursor.execute(
        f"ALTER TABLE {SCHEMA}.status_person ADD PRIMARY KEY (id);"
        f"ALTER TABLE {SCHEMA}.status_statussnapshot ADD PRIMARY KEY (person_id);"
        f"CREATE INDEX ON {SCHEMA}.status_categorymembership (person_id);"
        f"CREATE INDEX ON {SCHEMA}.status_debtcancellation (person_id);"
    )
    ensure_payment_index(cursor)
    return time.perf_counter() - started


PAYMENT_INDEX = (
    "CREATE INDEX status_payment_person_period ON {schema}.status_payment "
    "(person_id, period) INCLUDE (payer_type_id, refunded)"
)


def ensure_payment_index(cursor) -> None:
    """The payments' index as migration 0007 makes it on PostgreSQL (covering), then VACUUM
    ANALYZE, as autovacuum leaves a loaded table (visibility map set: index-only scans)."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s "
        "AND tablename = 'status_payment'",
        [SCHEMA],
    )
    indexes = dict(cursor.fetchall())
    wanted = PAYMENT_INDEX.format(schema=SCHEMA)
    if "INCLUDE (payer_type_id, refunded)" in indexes.get("status_payment_person_period", ""):
        return
    started = time.perf_counter()
    for name in indexes:
        cursor.execute(f"DROP INDEX {SCHEMA}.{name}")
    cursor.execute("SET maintenance_work_mem = '512MB'")
    cursor.execute(wanted)
    cursor.execute("RESET maintenance_work_mem")
    cursor.execute(f"VACUUM ANALYZE {SCHEMA}.status_person, {SCHEMA}.status_payment")
    print(f"payment index (covering) built in {time.perf_counter() - started:.1f} s")


def existing_size(cursor) -> tuple[int, int] | None:
    cursor.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [SCHEMA]
    )
    if cursor.fetchone()[0] < 5:
        return None
    cursor.execute(f"SELECT max(id) FROM {SCHEMA}.status_person")
    persons = cursor.fetchone()[0] or 0
    cursor.execute(f"SELECT count(*) FROM {SCHEMA}.status_payment WHERE person_id = 1")
    return persons, cursor.fetchone()[0]


def bare_pass(cursor) -> float:
    """Only OR each person's months into a bitmask and write it down: the yardstick, planned as
    the issue describes it (no parallel query, the (person, period) index feeding the
    aggregation person by person, as the real job's chunks are planned)."""
    started = time.perf_counter()
    cursor.execute("BEGIN")
    cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    cursor.execute("SET LOCAL jit = off")
    cursor.execute("SET LOCAL enable_seqscan = off")
    cursor.execute("SET LOCAL enable_bitmapscan = off")
    cursor.execute("SET LOCAL enable_hashagg = off")
    cursor.execute("DROP TABLE IF EXISTS bench_bitmask")
    cursor.execute(
        """
        CREATE UNLOGGED TABLE bench_bitmask AS
        SELECT person_id,
               bit_or(1::bigint << (((period - DATE '2020-01-01') + 15) * 1000 / 30437)) AS mask
        FROM status_payment
        WHERE NOT refunded
        GROUP BY person_id
        """
    )
    cursor.execute("COMMIT")
    return time.perf_counter() - started


def celery_run(*, concurrency: int) -> tuple[float, int]:
    """The nightly task through Redis to a real worker of `concurrency` processes: seconds from
    sending it to the run's end (the chord's final step), and the persons done."""
    url = os.environ["DATABASE_URL"]
    # the worker's connections see the bench schema first, as this process's cursor does
    options = quote(f"-c search_path={SCHEMA},public")
    database_url = f"{url}{'&' if '?' in url else '?'}options={options}"
    with celery_worker(concurrency=concurrency, database_url=database_url):
        return timed_celery_recompute(as_of=AS_OF)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    setup_django()
    from django.db import connection

    from status import recompute
    from status.models import RecomputeRun

    print(machine())
    with connection.cursor() as cursor:
        size = existing_size(cursor)
        if args.regenerate or size != (args.persons, args.months):
            seconds = generate(cursor, persons=args.persons, months=args.months)
            print(f"generated {args.persons:,} persons × {args.months} months in {seconds:.1f} s")
        else:
            print(f"reusing {args.persons:,} persons × {args.months} months in {SCHEMA}")
            ensure_payment_index(cursor)
        cursor.execute(f"SELECT count(*) FROM {SCHEMA}.status_payment")
        print(f"payment rows: {cursor.fetchone()[0]:,}")
        cursor.execute(f"SET search_path TO {SCHEMA}, public")
        cursor.execute(f"TRUNCATE {SCHEMA}.status_statussnapshot")

    with connection.cursor() as cursor:
        bare = bare_pass(cursor)
    RecomputeRun.objects.filter(as_of=AS_OF).delete()
    started = time.perf_counter()
    run = recompute.run_sync(as_of=AS_OF)
    job = time.perf_counter() - started
    # The second night: same data, snapshots exist, nothing changes.
    RecomputeRun.objects.filter(as_of=AS_OF).delete()
    started = time.perf_counter()
    again = recompute.run_sync(as_of=AS_OF)
    job2 = time.perf_counter() - started
    chord = None
    if os.environ.get("REDIS_URL"):
        # The first night again, as production runs it: snapshots emptied, a real worker.
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {SCHEMA}.status_statussnapshot")
        RecomputeRun.objects.filter(as_of=AS_OF).delete()
        chord, chord_persons = celery_run(concurrency=args.concurrency)

    n = args.persons
    print(f"bare bitmask pass:            {bare:6.1f} s  {n / bare:12,.0f} persons/s")
    print(f"recompute job (first night):  {job:6.1f} s  {n / job:12,.0f} persons/s")
    print(f"recompute job (next night):   {job2:6.1f} s  {n / job2:12,.0f} persons/s")
    if chord is not None:
        print(
            f"Celery chord, {args.concurrency} worker processes (first night): "
            f"{chord:6.1f} s  {chord_persons / chord:12,.0f} persons/s"
        )
    print(f"ratio job / bare pass: {job / bare:.2f} (first), {job2 / bare:.2f} (next)")
    if chord is not None:
        print(f"ratio Celery chord / bare pass: {chord / bare:.2f}")
    print(f"persons {run.persons:,}, changes {run.changes:,} then {again.changes:,}")
    for status, reasons in sorted(run.counts.items()):
        for reason, count in sorted(reasons.items()):
            print(f"  {status:12} {reason:22} {count:>10,}")
    RecomputeRun.objects.filter(as_of=AS_OF).delete()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bitmask")


if __name__ == "__main__":
    main()

"""Payments import: 1 000 000 CSV rows (~50 000 persons) validated and loaded into PostgreSQL.

Runs the real import (status.imports.import_payments: the checks in Python, COPY into a
staging table, persons created in SQL, a set-based INSERT … SELECT of the references not yet in
the ledger, one transaction) on an empty ledger, then the same file again (every reference
already there), and as the yardstick a plain INSERT … SELECT of the same rows from a table
already in PostgreSQL into the same empty ledger (same indexes and integrity triggers, commit
included).

    DATABASE_URL=postgres://… .venv/bin/python bench/status_import.py [--rows N]

The benchmark works in its own throwaway database (test_<name>), created and dropped here.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

# Recompute requests go to the broker as in production (a worker would run them), not inline.
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"

from common import machine, setup_django, throwaway_database

TARGET_SECONDS = 15
PERSONS = 50_000


def write_csv(path: Path, *, rows: int, persons: int) -> None:
    """Employers' monthly files: per month, employer + employee rows for each person."""
    from status.demo import synthetic_iin

    rng = random.Random(2026)
    iins: set[str] = set()
    while len(iins) < persons:
        iins.add(synthetic_iin(rng, born_after=1960, born_before=2005))
    people = sorted(iins)
    salaries = [rng.randrange(150, 900) * 1000 for _ in people]
    months = rows // (2 * persons) + 1
    start = datetime.date(2024, 1, 1)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("iin,period,payer_type,amount,paid_on,reference,payer_bin\n")
        for m in range(months):
            year, month = start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1
            # Both period forms of the Fund's files.
            period = f"{year}-{month:02d}" if m % 2 else f"{month:02d}{year}"
            paid = datetime.date(year, month, 1) + datetime.timedelta(days=40)
            lines = []
            for k, iin in enumerate(people):
                if written >= rows:
                    break
                employer = min(salaries[k], 2_550_000) * 3 // 100
                employee = min(salaries[k], 850_000) * 2 // 100
                bin_ = f"990140000{k % 1000:03d}"
                lines.append(
                    f"{iin},{period},employer,{employer}.00,{paid},E{written:09d},{bin_}\n"
                )
                lines.append(
                    f"{iin},{period},employee,{employee}.00,{paid},E{written + 1:09d},{bin_}\n"
                )
                written += 2
            out.write("".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--persons", type=int, default=PERSONS)
    args = parser.parse_args()

    setup_django()
    from django.db import connection, transaction

    from status import snapshots
    from status.imports import import_payments
    from status.models import Payment, Person, StatusSnapshot

    with throwaway_database():
        print(machine())
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "payments.csv"
            started = time.perf_counter()
            write_csv(path, rows=args.rows, persons=args.persons)
            size = path.stat().st_size
            print(
                f"generated {args.rows:,} rows ({size / 1e6:.0f} MB, {args.persons:,} persons) "
                f"in {time.perf_counter() - started:.1f} s"
            )
            with connection.cursor() as cursor:
                # A ledger and registry the planner knows to be small (here: empty), as
                # autovacuum leaves them: the import must not plan a scan of either per row,
                # which it would outgrow as it writes.
                for model in (Payment, Person):
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"VACUUM ANALYZE {table}")
                cursor.execute("CHECKPOINT")
            statements = []

            def timed(execute, sql, params, many, context):
                begun = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    statements.append((begun, time.perf_counter() - begun, sql))

            started = started_real = time.perf_counter()
            with connection.execute_wrapper(timed), path.open("rb") as file:
                result = import_payments(file=file)
            real = time.perf_counter() - started
            assert result.ok and result.added == args.rows, result.problems[:5]
            assert result.persons_created == args.persons

            # What the import's refresh tasks do after its commit (one per 50 000 persons, set
            # based): from the import's end until every snapshot of its persons is current.
            started = time.perf_counter()
            refreshed = snapshots.refresh(person_ids=result.person_ids)
            to_current = real + time.perf_counter() - started
            assert refreshed == args.persons
            assert StatusSnapshot.objects.count() == args.persons

            started = time.perf_counter()
            with path.open("rb") as file:
                again = import_payments(file=file)
            repeat = time.perf_counter() - started
            assert again.added == 0 and again.already_there == args.rows

        # The yardstick: the same rows, already in PostgreSQL, into the same empty ledger.
        table = connection.ops.quote_name(Payment._meta.db_table)
        columns = ", ".join(
            connection.ops.quote_name(f.column) for f in Payment._meta.concrete_fields[1:]
        )
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE UNLOGGED TABLE bench_rows AS SELECT {columns} FROM {table}")
            cursor.execute(f"TRUNCATE {table} CASCADE")
            cursor.execute("VACUUM ANALYZE bench_rows")
            cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute("CHECKPOINT")
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM bench_rows")
        plain = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_rows")

        def line(label, seconds):
            return f"{label:<48} {seconds:6.2f} s  {args.rows / seconds:>10,.0f} rows/s"

        print(line("import_payments, empty ledger (real)", real))
        # Where the real import's time goes.
        analyze = next(b for b, _d, sql in statements if sql.startswith("ANALYZE"))
        persons = next(d for _b, d, sql in statements if "INSERT INTO status_person" in sql)
        # Found (a table of the file's references the ledger has), counted, set aside.
        known = sum(d for _b, d, sql in statements if "import_known_rows" in sql)
        payments = next(d for _b, d, sql in statements if "INSERT INTO status_payment" in sql)
        touched = next(d for _b, d, sql in statements if "WITH touched" in sql)
        last_end = max(b + d for b, d, _sql in statements)
        for label, seconds in [
            ("  read + check in Python, COPY to staging", analyze - started_real),
            ("  create persons (INSERT … SELECT + history)", persons),
            ("  set aside references already in the ledger", known),
            ("  INSERT … SELECT of new references into ledger", payments),
            ("  mark their persons changed", touched),
            ("  commit", started_real + real - last_end),
        ]:
            print(f"{label:<48} {seconds:6.2f} s")
        print(line("import to every snapshot current (+ refresh)", to_current))
        print(line("import_payments, same file again (all skipped)", repeat))
        print(line("plain INSERT … SELECT (yardstick)", plain))
        print(f"ratio real / yardstick: {real / plain:.2f}")
        verdict = "met" if real < TARGET_SECONDS else "NOT met"
        print(f"target: {args.rows:,} rows under {TARGET_SECONDS} s: {verdict}")


if __name__ == "__main__":
    sys.exit(main())

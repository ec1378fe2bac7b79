"""How the status work grows with the number of persons: 36 months a person at each size.

For each size (`--persons 1000000,2000000,4000000`, the default) a fresh database is made from
the migrated schema (the partitioned ledger, its register and triggers, as production has it):

1. persons with synthetic valid IINs, and 35 months of payments a person made in SQL, a month
   a statement through the ledger's triggers, two months at once (set-up, not measured; ~10 % of
   persons with gaps, a seventh self-payers), then VACUUM ANALYZE as autovacuum would;
2. the 36th month as the Fund's file, one row a person, through the real import
   (status.imports.import_payments), beside the yardstick of a bare COPY of the same file
   into an unindexed table;
3. the nightly recompute in one process (status.recompute.run_sync), and as production runs
   it with REDIS_URL: the Celery chord on a real worker of `--concurrency` processes, beside the
   bare bitmask pass of bench/status_recompute.py;
4. `--lookups` status lookups (status.snapshots.status_by_iin) of random persons: cold (each
   person's first lookup since the load: their rows in PostgreSQL's buffers only if the
   recompute left them there) and warm (the same persons again);
5. the database's size, the ledger's and the register's with their indexes, and the partitions.

Per size it prints the figures, the per-person costs and, at the end, how they grew from the
first size to the last against the targets (import and recompute ≤ +15 %, lookup p99 ≤ +20 %);
the chart goes to build/bench/status_scale.svg. Before each size the free disk is checked
against the bytes per payment row measured so far (316–318 B with indexes and register at 1 M
and 2 M persons: about 57 GB with head room at 4 M).

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/status_scale.py \
        [--persons 20000,40000] [--lookups 2000] [--concurrency 2] [--keep]

Run it without a streaming replica (make bench does: WITH_REPLICA=0): a replica would replay
every row, doubling the disk.
"""

import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# Tasks go to the broker, for a real worker to run (the test settings would run them inline).
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import celery_worker, machine, setup_django, timed_celery_recompute

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "bench_status_scale"
TEMPLATE = "bench_status_scale_template"
BYTES_PER_ROW_GUESS = 320  # measured: 316–318 B at 1 M and 2 M persons
GENERATORS = 2  # connections generating the history at once
TARGETS = {"import": 1.15, "recompute": 1.15, "lookup_p99": 1.20}


def months_of_run(months: int) -> tuple[datetime.date, datetime.date, datetime.date]:
    """(first generated month, the imported month, the recompute's day): the imported month is
    the last full month before today, so that no payment is dated in the future."""
    from msqory.months import month_index, month_start

    today = datetime.date.today()
    imported = month_start(month_index(today) - 1)
    first = month_start(month_index(imported) - (months - 1))
    return first, imported, today


def admin_cursor():
    """A connection to the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=settings["HOST"],
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )


def use_database(name: str) -> None:
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict["NAME"] = name


def make_template(base_name: str) -> None:
    """The migrated schema (with the data migrations' rules and payer types), once a run."""
    from django.core.management import call_command

    with admin_cursor() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {TEMPLATE}")
    use_database(TEMPLATE)
    call_command("migrate", verbosity=0)
    use_database(base_name)


def drop_database() -> None:
    """The benchmark's database dropped; the connection left on the maintenance database."""
    with admin_cursor() as admin:
        use_database("postgres")
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def fresh_database() -> None:
    drop_database()
    with admin_cursor() as admin:
        admin.execute(f"CREATE DATABASE {DATABASE} TEMPLATE {TEMPLATE}")
    use_database(DATABASE)


def synthetic_iins(count: int):
    """`count` distinct valid IINs, born 1950 … 2004 (deterministic)."""
    from status.iin import FEMALE, MALE, make_iin

    base = datetime.date(1950, 1, 1)
    made = 0
    for serial in range(10_000):
        for sex in (MALE, FEMALE):
            for day in range(20_000):
                birth = base + datetime.timedelta(days=day)
                iin = make_iin(birth, sex, serial)
                if iin is None:
                    continue
                yield iin, birth, sex
                made += 1
                if made == count:
                    return


def generate(cursor, *, persons: int, first: datetime.date, history_months: int) -> float:
    started = time.perf_counter()
    with cursor.copy(
        "COPY status_person (id, iin, last_name, first_name, patronymic, birth_date, sex,"
        " residency, created_at, changed_at) FROM STDIN"
    ) as copy:
        batch = []
        for number, (iin, birth, sex) in enumerate(synthetic_iins(persons), start=1):
            residency = "refugee" if number % 50 == 0 else "citizen"
            batch.append(
                f"{number}\t{iin}\t\t\t\t{birth}\t{sex}\t{residency}\t2020-01-01\t2020-01-01\n"
            )
            if len(batch) >= 50_000:
                copy.write("".join(batch))
                batch.clear()
        copy.write("".join(batch))
    cursor.execute("SELECT setval(pg_get_serial_sequence('status_person', 'id'), %s)", [persons])
    # Two months at a time, one statement per connection: each INSERT keeps one core busy and
    # this is set-up, not a measured figure (daily loads interleave months in the heap as well).
    with ThreadPoolExecutor(max_workers=GENERATORS) as pool:
        months = [
            pool.submit(_generate_month, first=first, m=m, persons=persons, months=history_months)
            for m in range(history_months)
        ]
        for month in months:
            month.result()
    cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def _generate_month(*, first: datetime.date, m: int, persons: int, months: int) -> None:
    """Month `m` of the history, in this thread's own connection."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            # 80 % steady payers, the rest with gaps of varying length, some stopping early.
            cursor.execute(
                """
                INSERT INTO status_payment (person_id, period, payer_type_id, amount, paid_on,
                    payer_bin, reference, refunded, refund_note)
                SELECT p, (DATE %(first)s + make_interval(months => %(m)s))::date,
                       CASE WHEN p %% 7 = 0 THEN 'self_payer' ELSE 'employer' END, 4250.00,
                       (DATE %(first)s + make_interval(months => %(m)s + 1))::date, '',
                       'G' || %(m)s || '-' || p, false, ''
                FROM generate_series(1, %(persons)s) p
                WHERE p %% 5 <> 0
                   OR ((p * 7 + %(m)s * 13) %% 17 > (p %% 9) AND %(m)s < %(months)s - (p / 5) %% 8)
                """,
                {"first": first, "m": m, "persons": persons, "months": months + 1},
            )
    finally:
        connection.close()


def write_month_file(path: Path, *, imported: datetime.date) -> int:
    from django.db import connection

    paid_on = imported + datetime.timedelta(days=14)
    rows = 0
    with connection.cursor() as cursor, path.open("w", encoding="utf-8") as out:
        out.write("iin,period,payer_type,amount,paid_on,reference\n")
        cursor.execute("SELECT id, iin FROM status_person ORDER BY id")
        while chunk := cursor.fetchmany(50_000):
            out.write(
                "".join(
                    f"{iin},{imported:%Y-%m},employer,4250.00,{paid_on},I{imported:%Y%m}-{pk}\n"
                    for pk, iin in chunk
                )
            )
            rows += len(chunk)
    return rows


def bare_copy(cursor, path: Path) -> float:
    """The yardstick of the import: the same file COPYed into an unindexed temporary table."""
    started = time.perf_counter()
    cursor.execute(
        "CREATE TEMPORARY TABLE bench_file (iin text, period text, payer_type text, amount text,"
        " paid_on text, reference text)"
    )
    with (
        path.open("rb") as source,
        cursor.copy("COPY bench_file FROM STDIN (FORMAT csv, HEADER)") as copy,
    ):
        while block := source.read(1 << 20):
            copy.write(block)
    seconds = time.perf_counter() - started
    cursor.execute("DROP TABLE bench_file")
    return seconds


def lookups(iins: list[str]) -> tuple[list[float], list[float]]:
    from status.snapshots import status_by_iin

    rounds = []
    for _ in range(2):  # cold, then warm
        times = []
        for iin in iins:
            started = time.perf_counter()
            status_by_iin(iin=iin)
            times.append((time.perf_counter() - started) * 1000)
        rounds.append(times)
    return rounds[0], rounds[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def sizes(cursor) -> dict:
    cursor.execute(
        "SELECT pg_database_size(current_database()),"
        " (SELECT sum(pg_table_size(inhrelid)) FROM pg_inherits"
        "  WHERE inhparent = 'status_payment'::regclass),"
        " (SELECT sum(pg_indexes_size(inhrelid)) FROM pg_inherits"
        "  WHERE inhparent = 'status_payment'::regclass),"
        " pg_table_size('status_paymentreference'), pg_indexes_size('status_paymentreference'),"
        " (SELECT count(*) FROM status_payment),"
        " (SELECT max(pg_total_relation_size(inhrelid)) FROM pg_inherits"
        "  WHERE inhparent = 'status_payment'::regclass)"
    )
    names = ("database", "ledger", "ledger_indexes", "register", "register_indexes", "rows")
    row = cursor.fetchone()
    return dict(zip((*names, "largest_partition"), row, strict=True))


def free_disk(cursor) -> int:
    cursor.execute("SELECT setting FROM pg_settings WHERE name = 'data_directory'")
    return shutil.disk_usage(cursor.fetchone()[0]).free


def measure(*, persons: int, months: int, lookups_count: int, concurrency: int, base_url: str):
    from django.db import connection

    from status import recompute
    from status.models import RecomputeRun

    first, imported, as_of = months_of_run(months)
    fresh_database()
    figures = {"persons": persons}
    with connection.cursor() as cursor:
        figures["generate_s"] = generate(
            cursor, persons=persons, first=first, history_months=months - 1
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "month.csv"
        rows = write_month_file(path, imported=imported)
        with connection.cursor() as cursor:
            figures["copy_s"] = bare_copy(cursor, path)
        from status.imports import import_payments

        with path.open("rb") as source:
            started = time.perf_counter()
            result = import_payments(file=source)
            figures["import_s"] = time.perf_counter() - started
        if not result.ok or result.added != rows:
            raise RuntimeError(f"the import did not add the month: {result.problems[:3]}")
    figures["import_rows"] = rows
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE status_payment, status_paymentreference")
        cursor.execute("TRUNCATE status_statussnapshot")
    # The import's recompute requests would run on the worker first: not this benchmark's work.
    from msqory.celery import app

    app.control.purge()
    with connection.cursor() as cursor:
        from status_recompute import bare_pass

        figures["bare_s"] = bare_pass(cursor)
    started = time.perf_counter()
    run = recompute.run_sync(as_of=as_of)
    figures["recompute_s"] = time.perf_counter() - started
    figures["counts"] = run.counts
    if os.environ.get("REDIS_URL"):
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE status_statussnapshot")
        RecomputeRun.objects.all().delete()
        url = urlsplit(base_url)
        with celery_worker(
            concurrency=concurrency, database_url=urlunsplit(url._replace(path=f"/{DATABASE}"))
        ):
            figures["chord_s"], _persons = timed_celery_recompute(as_of=as_of)
        figures["concurrency"] = concurrency
    with connection.cursor() as cursor:
        cursor.execute("SELECT iin FROM status_person")
        everyone = [iin for (iin,) in cursor.fetchall()]
    sample = random.Random(persons).sample(everyone, min(lookups_count, len(everyone)))
    cold, warm = lookups(sample)
    figures.update(
        cold_p50=percentile(cold, 0.5),
        cold_p99=percentile(cold, 0.99),
        warm_p50=percentile(warm, 0.5),
        warm_p99=percentile(warm, 0.99),
    )
    with connection.cursor() as cursor:
        figures.update(sizes(cursor))
    return figures


def row_bytes(f: dict) -> int:
    """The ledger's and the register's bytes, with their indexes."""
    return f["ledger"] + f["ledger_indexes"] + f["register"] + f["register_indexes"]


def report(f: dict) -> None:
    n, mib = f["persons"], 1 << 20
    print(f"\n== {n:,} persons, {f['rows']:,} payment rows (generated in {f['generate_s']:.0f} s)")
    print(
        f"import of one month ({f['import_rows']:,} rows): {f['import_s']:7.1f} s "
        f"{f['import_rows'] / f['import_s']:10,.0f} rows/s  "
        f"{f['import_s'] / n * 1e6:6.1f} µs/person   yardstick bare COPY {f['copy_s']:.1f} s "
        f"(import / COPY {f['import_s'] / f['copy_s']:.1f})"
    )
    print(
        f"recompute, one process:            {f['recompute_s']:7.1f} s "
        f"{n / f['recompute_s']:10,.0f} persons/s  {f['recompute_s'] / n * 1e6:6.1f} µs/person"
        f"   yardstick bare pass {f['bare_s']:.1f} s (ratio {f['recompute_s'] / f['bare_s']:.2f})"
    )
    if "chord_s" in f:
        print(
            f"recompute, Celery chord ({f['concurrency']} processes): {f['chord_s']:7.1f} s "
            f"{n / f['chord_s']:10,.0f} persons/s  {f['chord_s'] / n * 1e6:6.1f} µs/person"
        )
    print(
        f"lookup cold p50 {f['cold_p50']:.2f} ms p99 {f['cold_p99']:.2f} ms; "
        f"warm p50 {f['warm_p50']:.2f} ms p99 {f['warm_p99']:.2f} ms"
    )
    print(
        f"database {f['database'] / mib:,.0f} MiB; ledger {f['ledger'] / mib:,.0f} MiB + indexes "
        f"{f['ledger_indexes'] / mib:,.0f} MiB; register {f['register'] / mib:,.0f} MiB + indexes "
        f"{f['register_indexes'] / mib:,.0f} MiB; largest partition "
        f"{f['largest_partition'] / mib:,.0f} MiB; "
        f"{row_bytes(f) / f['rows']:.0f} B per payment row"
    )


def growth(results: list[dict]) -> None:
    first, last = results[0], results[-1]
    per = lambda f, key: f[key] / f["persons"]  # noqa: E731
    rows = [
        ("import per person", per(last, "import_s") / per(first, "import_s"), "import"),
        ("recompute per person", per(last, "recompute_s") / per(first, "recompute_s"), "recompute"),
        ("lookup p99 (warm)", last["warm_p99"] / first["warm_p99"], "lookup_p99"),
    ]
    if "chord_s" in first:
        ratio = per(last, "chord_s") / per(first, "chord_s")
        rows.insert(2, ("Celery chord per person", ratio, "recompute"))
    print(f"\ngrowth from {first['persons']:,} to {last['persons']:,} persons:")
    for label, ratio, target_name in rows:
        target = TARGETS[target_name]
        verdict = "met" if ratio <= target else "NOT met"
        print(f"  {label:24} ×{ratio:.2f}  (target ≤ ×{target:.2f}: {verdict})")
    print(f"  lookup p99 (cold)        ×{last['cold_p99'] / first['cold_p99']:.2f}")


def chart(results: list[dict], path: Path) -> None:
    """Per-person costs (µs) and lookup p99 (ms) by size, as an SVG of grouped bars."""
    series = [
        ("import µs/person", lambda f: f["import_s"] / f["persons"] * 1e6, "#1d70b8"),
        ("recompute µs/person", lambda f: f["recompute_s"] / f["persons"] * 1e6, "#00703c"),
        ("chord µs/person", lambda f: f.get("chord_s", 0) / f["persons"] * 1e6, "#4c2c92"),
        ("lookup p99 cold ms", lambda f: f["cold_p99"], "#d4351c"),
        ("lookup p99 warm ms", lambda f: f["warm_p99"], "#f47738"),
    ]
    width, height, left, bottom = 760, 360, 60, 300
    top = max(fn(f) for f in results for _n, fn, _c in series) or 1
    group = (width - left - 20) / len(results)
    bar = group / (len(series) + 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="11">',
        f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="#0b0c0c"/>',
    ]
    for g, f in enumerate(results):
        x0 = left + g * group
        parts.append(
            f'<text x="{x0 + group / 2}" y="{bottom + 16}" text-anchor="middle">'
            f"{f['persons']:,} persons</text>"
        )
        for s, (_name, fn, colour) in enumerate(series):
            value = fn(f)
            h = value / top * (bottom - 30)
            x = x0 + (s + 0.5) * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{bottom - h:.1f}" width="{bar * 0.9:.1f}" '
                f'height="{h:.1f}" fill="{colour}"/>'
                f'<text x="{x + bar * 0.45:.1f}" y="{bottom - h - 3:.1f}" text-anchor="middle">'
                f"{value:.1f}</text>"
            )
    for s, (name, _fn, colour) in enumerate(series):
        y = bottom + 32 + (s // 3) * 14
        x = left + (s % 3) * 220
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{y}">{name}</text>'
        )
    parts.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    print(f"chart: {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", default="1000000,2000000,4000000")
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the last size's database")
    args = parser.parse_args()
    sizes_wanted = [int(n) for n in args.persons.split(",")]

    setup_django()
    from django.db import connection

    print(machine())
    base_name = connection.settings_dict["NAME"]
    base_url = os.environ["DATABASE_URL"]
    make_template(base_name)
    results = []
    bytes_per_row = BYTES_PER_ROW_GUESS
    try:
        for persons in sizes_wanted:
            rows = persons * args.months * 0.95
            drop_database()  # the last size's, before its disk is counted as taken
            with connection.cursor() as cursor:
                free = free_disk(cursor)
            need = rows * bytes_per_row * 1.3  # and WAL, sorts, the month file
            if need > free:
                sys.exit(
                    f"{persons:,} persons need about {need / 1e9:.0f} GB of disk, "
                    f"{free / 1e9:.0f} GB are free: stopping before it."
                )
            figures = measure(
                persons=persons,
                months=args.months,
                lookups_count=args.lookups,
                concurrency=args.concurrency,
                base_url=base_url,
            )
            bytes_per_row = float(row_bytes(figures)) / figures["rows"]
            results.append(figures)
            report(figures)
    finally:
        use_database(base_name)
        with admin_cursor() as admin:
            if not args.keep:
                admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            admin.execute(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
    if len(results) > 1:
        growth(results)
    print("statuses of the last size:")
    for status, reasons in sorted(results[-1]["counts"].items()):
        for reason, count in sorted(reasons.items()):
            print(f"  {status:12} {reason:22} {count:>10,}")
    chart(results, ROOT / "build" / "bench" / "status_scale.svg")


if __name__ == "__main__":
    main()

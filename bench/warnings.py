"""The daily lapse-warning task: choose and queue the day's warnings and notices for N persons
with N/10 subscribers, the nightly status snapshots in place, beside a bare join of the same
rows.

Generates, with generate_series, in a schema `bench_warnings` (tables LIKE the real ones, with
their indexes and constraints; reused when it already holds the same size):
- N persons, each with a snapshot of this month: 45 % insured with nothing missing, 40 % in
  grace with only last month unpaid (due later this month: not warned, as nearly every
  employee on the 1st), 5 % in the last month of the grace period (lost on the 1st of next
  month) and 3 % in an earlier month of it, both with an overdue month (warned), 7 % not
  insured;
- a subscription for one person in ten, spread over them all (80 % e-mail, 20 % SMS), whose
  status last seen was insured for most, not insured for 1 %, not yet seen for 2 %: a heavy
  day, as the first of a month is (every loss and every grace month told at once).
Then, with search_path = bench_warnings, public:
1. bare pass: the join of the subscriptions to persons and snapshots, written to a table;
2. the real task: notifications.delivery.choose_status_messages — one statement choosing the
   messages (INSERT … ON CONFLICT DO NOTHING against the one-a-month index), recording the
   status seen, and the delivery tasks handed to the broker (REDIS_URL; else in memory);
3. the same task again the same day: nothing chosen (idempotence), the whole join still read.
Each timed three times (the messages and statuses seen are reset between runs); the best.

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/warnings.py \
        [--persons 1000000] [--subscribers 100000]
"""

import argparse
import datetime
import os
import sys
import time
import zoneinfo
from pathlib import Path

# Delivery tasks go to the broker and wait there (no worker): only choosing and queueing count.
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, setup_django

SCHEMA = "bench_warnings"
AS_OF = datetime.date(2026, 11, 2)
TARGET_SECONDS = 30
TABLES = [
    "status_person",
    "status_statussnapshot",
    "notifications_subscription",
    "notifications_message",
]


def generate(cursor, *, persons: int, subscribers: int) -> float:
    started = time.perf_counter()
    cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    cursor.execute(f"CREATE SCHEMA {SCHEMA}")
    for table in TABLES:
        cursor.execute(f"CREATE TABLE {SCHEMA}.{table} (LIKE public.{table} INCLUDING ALL)")
    cursor.execute(
        f"""
        INSERT INTO {SCHEMA}.status_person
            (id, iin, last_name, first_name, patronymic, birth_date, sex, residency,
             created_at, changed_at)
        SELECT i, lpad(i::text, 12, '0'), '', '', '', DATE '1990-01-01', 'M', 'citizen',
               now() - interval '30 days', now() - interval '1 day'
        FROM generate_series(1, %s) i
        """,
        [persons],
    )
    # i % 100: 0–44 insured, 45–84 grace with only October unpaid (not overdue on 2 November),
    # 85–89 grace (last month), 90–92 grace (earlier), both with September overdue, 93–99 lost.
    cursor.execute(
        f"""
        INSERT INTO {SCHEMA}.status_statussnapshot
            (person_id, month, computed_at, status, reason, care, covered_mask, state_mask,
             debt_mask, debt_amount, lapses_on)
        SELECT i, %(month)s, now(),
               CASE WHEN i %% 100 < 93 THEN 'insured' ELSE 'not_insured' END,
               CASE WHEN i %% 100 < 45 THEN 'paid_12_past_months'
                    WHEN i %% 100 < 93 THEN 'grace_period' ELSE 'debt' END,
               CASE WHEN i %% 100 < 93 THEN 'mshi' ELSE 'gvfmc' END,
               CASE WHEN i %% 100 < 45 THEN 4095 WHEN i %% 100 < 85 THEN 4094
                    WHEN i %% 100 < 93 THEN 4092 ELSE 0 END, 0,
               CASE WHEN i %% 100 < 45 THEN 0 WHEN i %% 100 < 85 THEN 1
                    WHEN i %% 100 < 93 THEN 3 ELSE 4095 END,
               CASE WHEN i %% 100 < 45 THEN 0 WHEN i %% 100 < 85 THEN 4250
                    WHEN i %% 100 < 93 THEN 8500 ELSE 51000 END,
               CASE WHEN i %% 100 BETWEEN 85 AND 89 THEN %(next_month)s
                    WHEN i %% 100 BETWEEN 45 AND 84 OR i %% 100 BETWEEN 90 AND 92
                        THEN %(later)s END
        FROM generate_series(1, %(persons)s) i
        """,
        {
            "month": AS_OF.replace(day=1),
            "next_month": datetime.date(2026, 12, 1),
            "later": datetime.date(2027, 1, 1),
            "persons": persons,
        },
    )
    cursor.execute(
        f"""
        INSERT INTO {SCHEMA}.notifications_subscription
            (iin, channel, address, language, key, state, created_at, confirmed_at,
             requested_at, code, code_tries, known_status)
        SELECT lpad(p::text, 12, '0'),
               CASE WHEN n %% 5 = 0 THEN 'sms' ELSE 'email' END,
               CASE WHEN n %% 5 = 0 THEN '+7701' || lpad(n::text, 7, '0')
                    ELSE 'person' || n || '@example.kz' END,
               (ARRAY['kk', 'ru', 'en'])[n %% 3 + 1], 'k' || n, 'active',
               now() - interval '60 days', now() - interval '60 days', now() - interval '60 days',
               '', 0, ''
        FROM generate_series(1, %(subscribers)s) n,
             LATERAL (SELECT (n::bigint * 7919) %% %(persons)s + 1 AS p) person
        """,
        # 7919 is prime: n · 7919 mod N + 1 is a different person for each n, spread over all.
        {"subscribers": subscribers, "persons": persons},
    )
    cursor.execute(f"VACUUM ANALYZE {SCHEMA}.status_person, {SCHEMA}.status_statussnapshot")
    return time.perf_counter() - started


def reset(cursor) -> None:
    """Before each run: no messages yet; 1 in 50 subscriptions not seen yet, 1 in 100 seen not
    insured (most of them come back), the others seen insured (the 7 % lost now are told)."""
    cursor.execute(f"TRUNCATE {SCHEMA}.notifications_message")
    cursor.execute(
        f"""
        UPDATE {SCHEMA}.notifications_subscription SET known_status =
            CASE WHEN id % 50 = 0 THEN '' WHEN id % 100 = 1 THEN 'not_insured' ELSE 'insured' END
        """
    )
    cursor.execute(f"VACUUM ANALYZE {SCHEMA}.notifications_subscription")


def existing_size(cursor) -> tuple[int, int] | None:
    cursor.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [SCHEMA]
    )
    if cursor.fetchone()[0] < len(TABLES):
        return None
    cursor.execute(f"SELECT count(*) FROM {SCHEMA}.status_person")
    persons = cursor.fetchone()[0]
    cursor.execute(f"SELECT count(*) FROM {SCHEMA}.notifications_subscription")
    return persons, cursor.fetchone()[0]


def bare_pass(cursor) -> float:
    """The yardstick: the same join, its rows only copied into a table."""
    started = time.perf_counter()
    cursor.execute("DROP TABLE IF EXISTS bench_warnings_join")
    cursor.execute(
        """
        CREATE UNLOGGED TABLE bench_warnings_join AS
        SELECT sub.id, sub.known_status, s.status, s.lapses_on, s.debt_mask
        FROM notifications_subscription sub
        JOIN status_person p ON p.iin = sub.iin
        JOIN status_statussnapshot s ON s.person_id = p.id
        WHERE sub.state = 'active' AND s.month = %s AND s.computed_at >= p.changed_at
        """,
        [AS_OF.replace(day=1)],
    )
    return time.perf_counter() - started


def best_of(runs: int, work, before=None) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--subscribers", type=int, default=None, help="default: persons / 10")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    subscribers = args.subscribers or max(1, args.persons // 10)

    setup_django()
    from django.db import connection

    from msqory.celery import app
    from notifications import delivery

    print(machine())
    with connection.cursor() as cursor:
        if existing_size(cursor) != (args.persons, subscribers):
            seconds = generate(cursor, persons=args.persons, subscribers=subscribers)
            print(
                f"generated {args.persons:,} persons, {subscribers:,} subscribers in "
                f"{seconds:.1f} s"
            )
        else:
            print(f"reusing {args.persons:,} persons, {subscribers:,} subscribers in {SCHEMA}")
        cursor.execute(f"SET search_path TO {SCHEMA}, public")

    def reset_all():
        with connection.cursor() as cursor:
            reset(cursor)

    def bare():
        with connection.cursor() as cursor:
            return bare_pass(cursor)

    now = datetime.datetime.combine(AS_OF, datetime.time(6), zoneinfo.ZoneInfo("Asia/Almaty"))

    def choose():
        return delivery.choose_status_messages(today=AS_OF, now=now)

    bare_seconds = min(bare() for _ in range(args.runs))
    task_seconds, counts = best_of(args.runs, choose, before=reset_all)
    again_seconds, again = best_of(args.runs, choose)
    app.control.purge()  # the delivery tasks no worker is meant to run

    chosen = sum(v for k, v in counts.items() if k != "waiting")
    print(f"bare join of {subscribers:,} subscribers: {bare_seconds:.2f} s")
    print(
        f"daily task: {task_seconds:.2f} s, {chosen:,} messages chosen and queued "
        f"({counts['warning']:,} warnings, {counts['lost']:,} lost, "
        f"{counts['returned']:,} returned; {counts['waiting']:,} SMS wait for 08:00); "
        f"{task_seconds / bare_seconds:.1f} × the bare join"
    )
    print(
        f"the same day again: {again_seconds:.2f} s, "
        f"{sum(v for k, v in again.items() if k != 'waiting')} chosen"
    )
    if args.persons < 1_000_000:
        factor = 1_000_000 / args.persons
        print(
            f"estimate for 1,000,000 persons / {int(subscribers * factor):,} subscribers "
            f"(linear): {task_seconds * factor:.1f} s (target < {TARGET_SECONDS} s)"
        )
    else:
        verdict = "within" if task_seconds < TARGET_SECONDS else "OVER"
        print(f"target < {TARGET_SECONDS} s: {verdict}")


if __name__ == "__main__":
    main()

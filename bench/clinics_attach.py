"""Attachments per second through clinics.services.attach, 8 concurrent workers on PostgreSQL.

Two phases on throwaway data (removed afterwards): first attachments of new people to 20
clinics whose places run out before the people do, then moves of attached people between
clinics (each closes the old attachment). Workers are processes, each with its own database
connection, attaching random people to random clinics at once. Afterwards the invariants are
checked in SQL: no clinic over capacity, nobody with two open attachments.

    DATABASE_URL=postgres://... .venv/bin/python bench/clinics_attach.py
"""

import multiprocessing
import os
import random
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

from common import machine, setup_django

WORKERS = 8
CLINICS = 20
CAPACITY = 95  # 1,900 places for 2,000 people: the last attempts find clinics full
PEOPLE = 2000
MOVES = 1000
PREFIX = "BENCH-"


def main() -> None:
    setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    print(machine())
    print(
        "load average before the run (other work on this machine): "
        + " ".join(f"{load:.2f}" for load in os.getloadavg())
    )
    clinic_ids, person_ids = create_data()
    try:
        rng = random.Random(2026)
        first = [(pk, rng.choice(clinic_ids), "first") for pk in person_ids]
        report("first attachments", run(first))
        attached = list(attachments().filter(end__isnull=True).values_list("person_id", flat=True))
        moves = [(pk, rng.choice(clinic_ids), "move") for pk in rng.sample(attached, MOVES)]
        report("moves between clinics", run(moves))
        check_invariants()
    finally:
        remove_data()


def attachments():
    from clinics.models import Attachment

    return Attachment.objects.filter(clinic__code__startswith=PREFIX)


def create_data() -> tuple[list[int], list[int]]:
    from clinics.models import City, Clinic
    from status.demo import synthetic_iin
    from status.iin import parse_iin
    from status.models import Person

    remove_data()
    city = City.objects.order_by("pk").first() or City.objects.create(name="Астана")
    clinics = [
        Clinic.objects.create(
            code=f"{PREFIX}{n:03d}",
            bin=f"99{n:010d}",
            name=f"Бенчмарк емханасы {n}",
            address="—",
            city=city,
            capacity=CAPACITY,
            fund_contract=True,
        )
        for n in range(CLINICS)
    ]
    rng = random.Random("bench-clinics")
    iins: set[str] = set()
    while len(iins) < PEOPLE:
        iins.add(synthetic_iin(rng))
    taken = set(Person.objects.filter(iin__in=iins).values_list("iin", flat=True))
    people = []
    for iin in sorted(iins - taken):
        facts = parse_iin(iin)
        people.append(Person(iin=iin, last_name=PREFIX, birth_date=facts.birth_date, sex=facts.sex))
    Person.objects.bulk_create(people, batch_size=1000)
    person_ids = list(Person.objects.filter(last_name=PREFIX).values_list("pk", flat=True))
    return [c.pk for c in clinics], person_ids


def remove_data() -> None:
    from clinics.models import Attachment, Clinic
    from status.models import Person

    attachments().delete()
    Attachment.history.filter(clinic__code__startswith=PREFIX).delete()
    Clinic.history.filter(code__startswith=PREFIX).delete()
    Clinic.objects.filter(code__startswith=PREFIX).delete()
    Person.objects.filter(last_name=PREFIX).delete()


def run(jobs: list[tuple[int, int, str]]) -> tuple[Counter, float, list[float]]:
    """Split the jobs over the workers, start them together; return outcomes and timings."""
    from django.db import connections

    connections.close_all()  # each forked worker opens its own connection
    chunks = [jobs[i::WORKERS] for i in range(WORKERS)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(WORKERS, mp_context=context) as pool:
        list(pool.map(_warm, range(WORKERS)))
        started = time.perf_counter()
        results = list(pool.map(_work, chunks))
        elapsed = time.perf_counter() - started
    outcomes: Counter = Counter()
    latencies: list[float] = []
    for counts, times in results:
        outcomes.update(counts)
        latencies.extend(times)
    return outcomes, elapsed, latencies


def _warm(_n: int) -> None:
    from django.db import connection

    connection.ensure_connection()


def _work(jobs: list[tuple[int, int, str]]) -> tuple[Counter, list[float]]:
    from clinics import services
    from clinics.errors import AttachmentRefused
    from clinics.models import Clinic, Document, Reason
    from status.models import Person

    counts: Counter = Counter()
    times = []
    for person_id, clinic_id, kind in jobs:
        reason = Reason.FIRST if kind == "first" else Reason.RESIDENCE_CHANGE
        documents = [Document.IDENTITY, Document.PROOF_OF_ADDRESS]
        started = time.perf_counter()
        try:
            services.attach(
                person=Person(pk=person_id),
                clinic=Clinic(pk=clinic_id),
                reason=reason,
                by=None,
                documents=documents,
            )
            counts["attached"] += 1
        except AttachmentRefused as refusal:
            counts[refusal.code] += 1
        times.append(time.perf_counter() - started)
    return counts, times


def report(phase: str, result: tuple[Counter, float, list[float]]) -> None:
    outcomes, elapsed, latencies = result
    calls = sum(outcomes.values())
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    print(
        f"{phase}: {calls} calls by {WORKERS} workers in {elapsed:.2f} s = "
        f"{calls / elapsed:.0f} calls/s, {outcomes['attached'] / elapsed:.0f} attachments/s; "
        f"latency p50 {percentile(0.5):.1f} ms, p95 {percentile(0.95):.1f} ms, "
        f"p99 {percentile(0.99):.1f} ms; outcomes {dict(outcomes)}"
    )


def check_invariants() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.code, c.capacity, count(a.id)
            FROM clinics_clinic c JOIN clinics_attachment a ON a.clinic_id = c.id
            WHERE a."end" IS NULL AND c.code LIKE %s
            GROUP BY c.id HAVING count(a.id) > c.capacity
            """,
            [PREFIX + "%"],
        )
        over = cursor.fetchall()
        cursor.execute(
            """
            SELECT person_id FROM clinics_attachment
            WHERE "end" IS NULL GROUP BY person_id HAVING count(*) > 1
            """
        )
        doubles = cursor.fetchall()
        cursor.execute(
            """
            SELECT count(*)
            FROM clinics_attachment a JOIN clinics_clinic c ON a.clinic_id = c.id
            WHERE a."end" IS NULL AND c.code LIKE %s
            """,
            [PREFIX + "%"],
        )
        (open_count,) = cursor.fetchone()
    print(
        f"invariants: clinics over capacity {len(over)}, people with two open attachments "
        f"{len(doubles)}; open attachments {open_count} of {CLINICS * CAPACITY} places"
    )
    if over or doubles:
        sys.exit("INVARIANT BROKEN")


if __name__ == "__main__":
    main()

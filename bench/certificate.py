"""Status certificates: how long one PDF takes to make, and how large it is.

Makes N certificate PDFs (kk, ru and en in turn, for an insured person, one in the grace period
and one in debt) from issued certificates, as the download and GET …/pdf do, and prints the
median and 95th percentile time and the largest PDF. Beside them, measured in the same run: a
one-line WeasyPrint page in the same font (the fixed cost of any WeasyPrint document here) and
the CPU probe, so the figures compare across runs on this shared machine.

    DATABASE_URL=postgres://… .venv/bin/python bench/certificate.py [--count N]

The benchmark works in its own throwaway database (test_<name>), created and dropped here.
"""

import argparse
import random
import statistics
import time

from common import machine, setup_django, throwaway_database

TARGET_P50_MS = 300
TARGET_MAX_KB = 150


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)]


def timed(make, count: int) -> list[float]:
    make()  # the first document loads fonts and caches: not what a running worker pays
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        make()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=60, help="PDFs to make (default 60)")
    args = parser.parse_args()

    setup_django()
    from django.utils import timezone
    from weasyprint import HTML

    from certificates import pdf, services
    from msqory.months import month_index, month_start
    from status.demo import synthetic_iin
    from status.models import Payment, Person

    with throwaway_database():
        print(machine())
        rng = random.Random(2026)
        this_month = month_index(timezone.localdate())
        certificates = []
        # Paid up to 1, 3 and 5 months ago: insured, in the grace period, in debt.
        for n, last_paid in enumerate((1, 3, 5)):
            person = Person.objects.create(iin=synthetic_iin(rng))
            Payment.objects.bulk_create(
                Payment(
                    person=person,
                    period=month_start(this_month - ago),
                    payer_type_id="employer",
                    amount="25500.00",
                    paid_on=month_start(this_month - ago),
                    reference=f"BENCH-{n}-{ago}",
                )
                for ago in range(last_paid, 30)
            )
            for language in ("kk", "ru", "en"):
                certificates.append(services.issue_certificate(iin=person.iin, language=language))

        sizes = []
        turn = iter(range(10**9))

        def make_certificate():
            document = pdf.certificate_pdf(certificate=certificates[next(turn) % len(certificates)])
            sizes.append(len(document))

        timings = timed(make_certificate, args.count)
        floor = timed(
            lambda: HTML(
                string='<p style="font-family: DejaVu Sans">Сәлем, әлем</p>',
                url_fetcher=pdf.offline_fetcher(),
            ).write_pdf(),
            max(5, args.count // 3),
        )
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        largest = max(sizes) / 1024
        print(
            f"certificate PDF: {args.count} made (kk/ru/en; insured, grace, debt): "
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms; size {min(sizes) / 1024:.1f}–{largest:.1f} KB"
        )
        print(
            f"yardstick: a one-line WeasyPrint page, p50 {statistics.median(floor):.0f} ms "
            f"(the certificate costs {p50 / statistics.median(floor):.1f} of it)"
        )
        print(
            f"target: p50 under {TARGET_P50_MS} ms: {'met' if p50 < TARGET_P50_MS else 'NOT met'}; "
            f"at most {TARGET_MAX_KB} KB: {'met' if largest <= TARGET_MAX_KB else 'NOT met'}"
        )


if __name__ == "__main__":
    main()

"""Information section: page, FAQ, guide and search response times, and search at 100× content.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/information_pages.py \
        [--repeat N] [--copies N]

Runs against a migrated database (the content of information's data migration). The scaled
search adds 200 copies of the FAQ entries inside a transaction that is rolled back. CI runs it at
`--repeat 2 --copies 2` from a fresh copy of the repository (.ci/run): the newcomer's first
`make bench`.
"""

import argparse
import math
import statistics
import time

from common import machine, setup_django

setup_django()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from information import selectors  # noqa: E402
from information.models import FaqCategory, FaqEntry  # noqa: E402


def timed(call, repeat):
    call()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[math.ceil(len(samples) * 0.95) - 1]


def report(name, figures):
    p50, p95 = figures
    print(f"{name:<55} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=40, help="timed calls per figure")
    parser.add_argument("--copies", type=int, default=200, help="copies of the FAQ to search")
    args = parser.parse_args()
    print(machine())
    client = Client(HTTP_HOST="localhost")
    for url in (
        "/kk/information/",
        "/ru/information/faq/",
        "/en/information/who-pays/",
        "/kk/guide/?residency=citizen&situation=employee&situation=entrepreneur",
        "/kk/information/search/?q=мәмс",
        "/ru/information/search/?q=поликлиник",
        "/en/information/search/?q=self-payer+status",
    ):
        report(f"GET {url}"[:55], timed(lambda url=url: client.get(url), args.repeat))

    print(f"search over {FaqEntry.objects.count()} FAQ entries:")
    report(
        "  selectors.search kk 'сақтандыр'",
        timed(lambda: selectors.search(query="сақтандыр", language="kk"), args.repeat),
    )
    with transaction.atomic():
        category = FaqCategory.objects.first()
        entries = FaqEntry.objects.all()
        FaqEntry.objects.bulk_create(
            [
                FaqEntry(
                    category=category,
                    slug=f"bench-{i}-{entry.slug}",
                    question=entry.question_kk,
                    question_kk=entry.question_kk,
                    question_ru=entry.question_ru,
                    question_en=entry.question_en,
                    answer=entry.answer_kk,
                    answer_kk=entry.answer_kk,
                    answer_ru=entry.answer_ru,
                    answer_en=entry.answer_en,
                )
                for i in range(args.copies)
                for entry in entries
            ]
        )
        print(f"search over {FaqEntry.objects.count()} FAQ entries (no index, vector per query):")
        report(
            "  selectors.search kk 'сақтандыр'",
            timed(
                lambda: selectors.search(query="сақтандыр", language="kk"), max(1, args.repeat // 4)
            ),
        )
        report(
            "  selectors.search en 'several polyclinics'",
            timed(
                lambda: selectors.search(query="several polyclinics", language="en"),
                max(1, args.repeat // 4),
            ),
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()

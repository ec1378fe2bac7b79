"""Refund applications: deadlines and the whole staff workflow, end to end, in PostgreSQL.

Measures (1) due-date arithmetic (15 working days by Kazakhstan's calendar, staff rows read
from the database) for every day of two years, and (2) N refund applications filed with a PDF
and taken submitted → payment confirmed → under review → approved → paid through the services
(row locks, audit events, e-mail rendered after commit, payments marked refunded and the
person's status recomputed), as Fund staff would over a day.

    DATABASE_URL=postgres://… .venv/bin/python bench/refunds_workflow.py [--applications N]

The benchmark works in its own throwaway database (test_<name>), created and dropped here.
"""

import argparse
import datetime
import os
import random
import statistics
import tempfile
import time

# Tasks run inline (e-mail rendering and the status recompute are part of the cost measured);
# mail goes to memory.
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from common import machine, setup_django, throwaway_database

TARGET_MS_PER_APPLICATION = 250


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=200)
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile

    from msqory.roles import FUND_STAFF
    from refunds import services
    from refunds.workdays import add_working_days
    from status.demo import synthetic_iin
    from status.models import Payment, Person

    media = tempfile.TemporaryDirectory(prefix="refunds-bench-")
    settings.PRIVATE_MEDIA_ROOT = media.name
    with media, throwaway_database():
        print(machine())

        days = [datetime.date(2025, 1, 1) + datetime.timedelta(days=n) for n in range(730)]
        started = time.perf_counter()
        for day in days:
            add_working_days(day, 15)
        elapsed = time.perf_counter() - started
        print(
            f"due dates: {len(days)} in {elapsed:.2f} s ({elapsed / len(days) * 1000:.2f} ms each)"
        )

        staff = []
        for name in ("bench.reviewer", "bench.approver"):
            user = get_user_model().objects.create_user(username=name, is_staff=True)
            user.groups.add(Group.objects.get(name=FUND_STAFF))
            staff.append(user)
        reviewer, approver = staff
        rng = random.Random(2026)
        today = datetime.date.today().replace(day=1)
        months = [(today - datetime.timedelta(days=31 * n)).replace(day=1) for n in range(1, 13)]
        pdf = b"%PDF-1.4\n" + b"0" * 200_000 + b"\n%%EOF\n"
        persons = []
        for n in range(args.applications):
            person = Person(iin=synthetic_iin(rng), last_name="Bench")
            person.save()
            Payment.objects.bulk_create(
                Payment(
                    person=person,
                    period=month,
                    payer_type_id="self_payer",
                    amount="4250.00",
                    paid_on=month + datetime.timedelta(days=5),
                    reference=f"BENCH-{n}-{month:%Y%m}",
                )
                for month in months
            )
            persons.append(person)

        timings = []
        started = time.perf_counter()
        for person in persons:
            one = time.perf_counter()
            payment = Payment.objects.filter(person=person).order_by("-period").first()
            application = services.submit_refund(
                person=person,
                payments=[payment],
                documents=[("payment_document", ContentFile(pdf, name="chek.pdf"))],
                applicant_name="Bench",
                region="astana",
                phone="+7 701 000 00 00",
                email="bench@example.kz",
                iban="KZ86125KZT5004100100",
                bic="KCJBKZKX",
            )
            services.confirm_payment(application=application, actor=reviewer)
            services.start_review(application=application, actor=reviewer)
            services.approve(application=application, actor=approver)
            services.mark_paid(application=application, actor=approver)
            timings.append((time.perf_counter() - one) * 1000)
        elapsed = time.perf_counter() - started
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"workflow: {len(persons)} refunds filed and paid in {elapsed:.1f} s; "
            f"per application median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms"
        )
        verdict = "met" if statistics.median(timings) < TARGET_MS_PER_APPLICATION else "NOT met"
        print(f"target: median under {TARGET_MS_PER_APPLICATION} ms per application: {verdict}")


if __name__ == "__main__":
    main()

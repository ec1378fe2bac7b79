"""Generated payment histories for the agreement test and the benchmark's sanity check."""

import datetime
import random
from decimal import Decimal

from msqory.months import month_index, month_start
from status.demo import synthetic_iin
from status.iin import parse_iin
from status.models import CategoryMembership, DebtCancellation, Payment, Person

PAYER_TYPES = ["employer", "employee", "self_payer", "individual_entrepreneur", "state"]
STATE_CATEGORIES = ["pensioner", "child", "registered_unemployed", "fulltime_student"]
EXEMPT_CATEGORIES = ["military", "law_enforcement"]


def generate(*, rng: random.Random, persons: int) -> list[Person]:
    """Persons with varied histories: steady, gappy, prepaid, long, state-paid, exempt…"""
    iins: set[str] = set()
    people = []
    while len(people) < persons:
        iin = synthetic_iin(rng)
        if iin in iins:
            continue
        iins.add(iin)
        facts = parse_iin(iin)
        people.append(
            Person(
                iin=iin,
                birth_date=facts.birth_date,
                sex=facts.sex,
                residency=rng.choice(["citizen", "citizen", "refugee", "kandas"]),
            )
        )
    people = Person.objects.bulk_create(people)
    payments, memberships, cancellations = [], [], []
    lo, hi = month_index(datetime.date(2019, 6, 1)), month_index(datetime.date(2027, 12, 1))
    for person in people:
        profile = rng.random()
        segments = []
        if profile < 0.2:  # long steady payer, maybe stopping
            segments.append((month_index(datetime.date(2020, 1, 1)), rng.randint(lo + 60, hi)))
        elif profile < 0.9:
            for _ in range(rng.randint(1, 3)):
                start = rng.randint(lo, hi)
                segments.append((start, min(hi, start + rng.randint(0, 40))))
        hole = rng.random() * 0.3
        for first, last in segments:
            for i in range(first, last + 1):
                if rng.random() < hole:
                    continue
                for payer in rng.sample(PAYER_TYPES, rng.choice([1, 1, 1, 2])):
                    payments.append(
                        Payment(
                            person=person,
                            period=month_start(i),
                            payer_type_id=payer,
                            amount=Decimal("4250.00"),
                            paid_on=month_start(i + 1),
                            reference=f"g{person.pk}-{len(payments)}",
                            refunded=rng.random() < 0.03,
                        )
                    )
        if rng.random() < 0.15:
            start = month_start(rng.randint(lo - 24, hi))
            start = start.replace(day=rng.randint(1, 28))
            end = None if rng.random() < 0.4 else start + datetime.timedelta(rng.randint(0, 900))
            memberships.append(
                CategoryMembership(
                    person=person,
                    category_id=rng.choice(STATE_CATEGORIES),
                    start=start,
                    end=end,
                )
            )
        if rng.random() < 0.04:
            start = month_start(rng.randint(lo, hi))
            memberships.append(
                CategoryMembership(
                    person=person,
                    category_id=rng.choice(EXEMPT_CATEGORIES),
                    start=start,
                    end=None if rng.random() < 0.5 else start + datetime.timedelta(400),
                )
            )
        if rng.random() < 0.08:
            first = rng.randint(lo, hi)
            cancellations.append(
                DebtCancellation(
                    person=person,
                    start=month_start(first),
                    end=month_start(first + rng.randint(0, 14)),
                    reference=f"c{person.pk}",
                )
            )
    Payment.objects.bulk_create(payments, batch_size=5000)
    CategoryMembership.objects.bulk_create(memberships)
    DebtCancellation.objects.bulk_create(cancellations)
    return people

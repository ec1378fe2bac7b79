"""Test people whose status the certificate tests need, each paying the months they say."""

import random

from django.utils import timezone

from msqory.months import month_index, month_start
from status.demo import synthetic_iin
from status.models import Person
from tests.ledger import pay

THIS_MONTH = month_index(timezone.localdate())


def person_paying(seed: int, *, months_ago: range, **fields) -> Person:
    """A person whose employer paid the months `months_ago` months before this one."""
    who = Person.objects.create(iin=synthetic_iin(random.Random(seed)), **fields)
    pay(who, [month_start(THIS_MONTH - ago) for ago in months_ago], reference=f"C{seed}")
    return who


def insured(seed: int = 1, **fields) -> Person:
    return person_paying(seed, months_ago=range(1, 25), **fields)


def in_grace(seed: int = 2) -> Person:
    """The last two months unpaid: insured for a short grace period, 2 debt months."""
    return person_paying(seed, months_ago=range(3, 30))


def lapsed(seed: int = 3) -> Person:
    """The last four months unpaid: not insured."""
    return person_paying(seed, months_ago=range(5, 30))


def prepaid(seed: int = 4) -> Person:
    """Nothing paid in the past; this month and the 11 after it paid in advance."""
    return person_paying(seed, months_ago=range(0, -12, -1))

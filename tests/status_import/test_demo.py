"""`make run` seeds demo payment histories that show every status reason, and seeding twice
changes nothing."""

import random
from io import StringIO

import pytest
from django.core.management.base import OutputWrapper

from status.demo import seed
from status.models import CategoryMembership, Payment, Person, Reason

pytestmark = pytest.mark.django_db


def run_seed():
    out = StringIO()
    seed(rng=random.Random("2026:status"), persons=120, stdout=OutputWrapper(out))
    return out.getvalue()


def counts():
    return (Person.objects.count(), Payment.objects.count(), CategoryMembership.objects.count())


def test_seeding_twice_changes_nothing_and_every_reason_has_a_demo_iin():
    first = run_seed()
    after_first = counts()
    second = run_seed()
    assert counts() == after_first
    assert after_first[1] > 120 * 12, "people have months of payments"
    for reason in Reason.values:
        assert f"  {reason:<20} " in first
        line = next(line for line in first.splitlines() if line.startswith(f"  {reason:<20} "))
        iin = line.split()[-1]
        assert Person.objects.filter(iin=iin).exists(), f"{reason} has a demo IIN"
    assert first.splitlines()[-7:] == second.splitlines()[-7:], "the same IINs again"


def test_histories_use_the_payer_types_of_real_life():
    run_seed()
    used = set(Payment.objects.values_list("payer_type_id", flat=True).distinct())
    assert {"employer", "employee", "self_payer", "state", "individual_entrepreneur"} <= used
    assert Payment.objects.filter(reference__startswith="demo:").count() == Payment.objects.count()

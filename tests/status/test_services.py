"""The interfaces other apps call: refunds and debt cancellations move the status at once."""

import datetime
import random
from decimal import Decimal

import pytest

from status import selectors, services, snapshots
from status.demo import synthetic_iin
from status.models import Payment, Person, StatusSnapshot
from tests.ledger import pay

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 10)


def employee(seed=1, *, first=datetime.date(2025, 1, 1), last=datetime.date(2026, 10, 1)):
    who = Person.objects.create(iin=synthetic_iin(random.Random(seed)))
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    pay(
        who,
        [
            datetime.date(
                first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1
            )
            for i in range(months)
        ],
    )
    return who


def test_person_by_iin_finds_the_person_or_nobody():
    who = employee()
    assert selectors.person_by_iin(iin=f" {who.iin} ") == who
    assert selectors.person_by_iin(iin=synthetic_iin(random.Random(50))) is None


def test_refund_uncovers_the_months_and_recomputes_at_once(django_capture_on_commit_callbacks):
    who = employee()
    assert snapshots.current_status(person=who, on=TODAY).reason == "paid_12_past_months"
    refunded = Payment.objects.filter(person=who, period__gte=datetime.date(2026, 8, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_payments_refunded(payments=list(refunded), note="employer paid twice")
    assert all(p.refunded and p.refund_note == "employer paid twice" for p in refunded.all())
    snapshot = StatusSnapshot.objects.get(person=who)
    assert (snapshot.status, snapshot.reason) == ("not_insured", "debt")
    result = snapshots.current_status(person=who, on=TODAY)
    assert [f"{d:%Y-%m}" for d in result.debt_months] == ["2026-08", "2026-09", "2026-10"]


def test_cancelled_debt_is_no_longer_owed(django_capture_on_commit_callbacks):
    who = employee(2, last=datetime.date(2026, 5, 1))
    before = snapshots.current_status(person=who, on=TODAY)
    assert before.status == "not_insured" and len(before.debt_months) == 5
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_debt(
            person=who,
            start=datetime.date(2026, 6, 1),
            end=datetime.date(2026, 10, 31),
            reference="eOtinish-1",
        )
        services.cancel_debt(  # the same decision twice changes nothing
            person=who,
            start=datetime.date(2026, 6, 1),
            end=datetime.date(2026, 10, 31),
            reference="eOtinish-1",
        )
    who.refresh_from_db()
    after = snapshots.current_status(person=who, on=TODAY)
    assert after.debt_months == [] and after.debt_amount == Decimal("0.00")
    assert who.cancellations.count() == 1


def test_a_change_of_many_persons_refreshes_them_in_one_set_based_task(
    django_capture_on_commit_callbacks,
):
    """No task per person: the persons a change touches are refreshed together, by the same
    set-based recompute the night runs, and their snapshots are current afterwards."""
    people = [
        employee(10),
        employee(11, last=datetime.date(2026, 8, 1)),
        employee(12, last=datetime.date(2026, 2, 1)),
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.touch_persons(person_ids=[p.pk for p in people])
    assert len(callbacks) == 1
    reasons = [StatusSnapshot.objects.get(person=p).reason for p in people]
    today = selectors.today()
    expected = [selectors.compute_person_status(person=p, on=today).reason for p in people]
    assert reasons == expected
    assert all(
        StatusSnapshot.objects.get(person=p).computed_at >= Person.objects.get(pk=p.pk).changed_at
        for p in people
    )

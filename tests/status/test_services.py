"""The interfaces other apps call: refunds and debt cancellations move the status at once."""

import datetime
import random
from decimal import Decimal

import pytest

from status import recompute, selectors, services
from status.demo import synthetic_iin
from status.models import Payment, Person, RecomputeRun, StatusSnapshot
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
    assert selectors.current_status(person=who, on=TODAY).reason == "paid_12_past_months"
    refunded = Payment.objects.filter(person=who, period__gte=datetime.date(2026, 8, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_payments_refunded(payments=list(refunded), note="employer paid twice")
    assert all(p.refunded and p.refund_note == "employer paid twice" for p in refunded.all())
    snapshot = StatusSnapshot.objects.get(person=who)
    assert (snapshot.status, snapshot.reason) == ("not_insured", "debt")
    result = selectors.current_status(person=who, on=TODAY)
    assert [f"{d:%Y-%m}" for d in result.debt_months] == ["2026-08", "2026-09", "2026-10"]


def test_cancelled_debt_is_no_longer_owed(django_capture_on_commit_callbacks):
    who = employee(2, last=datetime.date(2026, 5, 1))
    before = selectors.current_status(person=who, on=TODAY)
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
    after = selectors.current_status(person=who, on=TODAY)
    assert after.debt_months == [] and after.debt_amount == Decimal("0.00")
    assert who.cancellations.count() == 1


def test_python_fallback_gives_the_same_snapshots(monkeypatch):
    """What SQLite (`make run`) uses: the pure function person by person, same results."""
    people = [
        employee(10),
        employee(11, last=datetime.date(2026, 8, 1)),
        employee(12, last=datetime.date(2026, 2, 1)),
    ]
    monkeypatch.setattr(recompute, "uses_sql", lambda: False)
    run = recompute.run_sync(as_of=TODAY, chunk_size=2)
    assert run.method == "python" and run.state == RecomputeRun.State.FINISHED
    reasons = [StatusSnapshot.objects.get(person=p).reason for p in people]
    assert reasons == ["paid_12_past_months", "grace_period", "debt"]

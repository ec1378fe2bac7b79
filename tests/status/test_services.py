"""The interfaces other apps call: refunds and debt cancellations move the status at once."""

import datetime
import random
from decimal import Decimal

import pytest

from status import selectors, services, snapshots
from status.demo import synthetic_iin
from status.errors import NotDebt
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


def test_a_cancellation_of_months_that_were_never_debt_is_refused():
    """Cancelling a paid month would take its cover away: refused, nothing recorded."""
    who = employee(20, last=datetime.date(2026, 5, 1))  # 2026-06 … 2026-10 are debt
    with pytest.raises(NotDebt) as refusal:
        services.cancel_debt(
            person=who,
            start=datetime.date(2026, 4, 1),  # paid
            end=datetime.date(2026, 7, 1),
            reference="eOtinish-2",
        )
    assert refusal.value.months == [datetime.date(2026, 4, 1), datetime.date(2026, 5, 1)]
    assert refusal.value.code == "not_debt" and "04.2026, 05.2026" in refusal.value.message
    assert not who.cancellations.exists()


def test_a_cancellation_that_changes_nothing_touches_nobody(django_capture_on_commit_callbacks):
    who = employee(21, last=datetime.date(2026, 5, 1))
    services.cancel_debt(
        person=who, start=datetime.date(2026, 6, 1), end=datetime.date(2026, 9, 1), reference="A"
    )
    changed = Person.objects.get(pk=who.pk).changed_at
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        # the same months again under another decision, and the same decision again
        services.cancel_debt(
            person=who,
            start=datetime.date(2026, 7, 1),
            end=datetime.date(2026, 8, 1),
            reference="B",
        )
        services.cancel_debt(
            person=who,
            start=datetime.date(2026, 6, 1),
            end=datetime.date(2026, 9, 1),
            reference="A",
        )
    assert Person.objects.get(pk=who.pk).changed_at == changed
    assert callbacks == []


def test_a_status_in_2020_needs_no_amount_of_2019():
    """The window of a 2020 month reaches into 2019, before the status rules: those months are
    not owed, so no 2019 self-payer amount is asked for."""
    who = employee(22, first=datetime.date(2020, 1, 1), last=datetime.date(2020, 4, 1))
    result = selectors.compute_person_status(person=who, on=datetime.date(2020, 6, 10))
    assert (result.status, result.reason) == ("not_insured", "debt")
    assert [f"{d:%Y-%m}" for d in result.debt_months] == ["2020-05"]
    assert result.debt_amount_complete and result.debt_amount == Decimal("2125.00")

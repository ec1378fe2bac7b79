"""Writes of the status app. Every change that can move a status bumps Person.changed_at (so
stored snapshots are known to be stale) and has those persons' snapshots refreshed, set-based,
through the outbox: the refresh is written in the change's own transaction and sent to Celery
once it commits, so a broker outage loses nothing (`touch_persons`, the one place that sends it).
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from msqory.months import first_of_month, months_between
from outbox.services import enqueue

from . import selectors
from .errors import NotDebt
from .models import DebtCancellation, Payment, Person
from .recompute import BATCH_SIZE


def touch_persons(*, person_ids: Iterable[int]) -> list[int]:
    """Mark the persons as changed and queue the refresh of their snapshots in the same
    transaction (the outbox sends it once the transaction commits)."""
    ids = sorted(set(person_ids))
    if not ids:
        return ids
    Person.objects.filter(pk__in=ids).update(changed_at=timezone.now())
    refresh_later(person_ids=ids)
    return ids


def refresh_later(*, person_ids: list[int]) -> None:
    """In the caller's transaction: one set-based refresh task per BATCH_SIZE persons (an import
    of a million rows sends a handful, never one per person)."""
    for start in range(0, len(person_ids), BATCH_SIZE):
        enqueue(task="status.recompute_persons", args=[person_ids[start : start + BATCH_SIZE]])


@transaction.atomic
def mark_payments_refunded(*, payments, note: str = "") -> None:
    """The payments no longer cover their months (docs/domain.md §5); the persons are
    recomputed."""
    ids = [p.pk if isinstance(p, Payment) else p for p in payments]
    rows = Payment.objects.filter(pk__in=ids, refunded=False)
    person_ids = list(rows.values_list("person_id", flat=True).distinct())
    rows.update(refunded=True, refunded_at=timezone.now(), refund_note=note[:200])
    touch_persons(person_ids=person_ids)


@transaction.atomic
def cancel_debt(
    *, person: Person, start: datetime.date, end: datetime.date, reference: str
) -> DebtCancellation:
    """Months start … end become not owed (docs/domain.md §6); the person is recomputed at once.

    Raises NotDebt when a month was never a debt (paid, state-paid, before the status rules, or
    not yet past). Idempotent by reference: the same decision recorded twice changes nothing;
    a cancellation of months cancelled already is recorded but touches nobody.
    """
    existing = DebtCancellation.objects.filter(reference=reference).first()
    if existing is not None:
        return existing
    periods = months_between(start, end)
    refused = selectors.never_debt_months(person=person, periods=periods)
    if refused:
        raise NotDebt(refused)
    already = selectors.cancelled_months(person=person)
    cancellation, created = DebtCancellation.objects.get_or_create(
        reference=reference,
        defaults={"person": person, "start": first_of_month(start), "end": first_of_month(end)},
    )
    if created and not set(periods) <= already:
        touch_persons(person_ids=[person.pk])
    return cancellation

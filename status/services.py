"""Writes of the status app. Every change that can move a status bumps Person.changed_at (so
stored snapshots are known to be stale) and recomputes those persons at once through Celery
(through the outbox: the recompute is written in the change's own transaction)."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from outbox.services import enqueue

from .models import DebtCancellation, Payment, Person


def touch_persons(*, person_ids: Iterable[int]) -> list[int]:
    """Mark the persons as changed and queue their recompute in the same transaction."""
    ids = sorted(set(person_ids))
    if not ids:
        return ids
    Person.objects.filter(pk__in=ids).update(changed_at=timezone.now())
    recompute_persons_later(person_ids=ids)
    return ids


def recompute_persons_later(*, person_ids: list[int]) -> None:
    """Queue the recompute in the caller's transaction (outbox: sent once it commits)."""
    # Large batches (an import of a million rows) are split so no single task runs for long.
    for start in range(0, len(person_ids), 5000):
        enqueue(task="status.recompute_persons", args=[person_ids[start : start + 5000]])


def recompute_persons_now(*, person_ids: Iterable[int], on: datetime.date | None = None) -> int:
    """Recompute and store the snapshots of these persons (the pure rule, person by person)."""
    from .selectors import compute_person_status, store_snapshot

    done = 0
    for person in Person.objects.filter(pk__in=list(person_ids)):
        with transaction.atomic():
            store_snapshot(person=person, result=compute_person_status(person=person, on=on))
        done += 1
    return done


@transaction.atomic
def mark_payments_refunded(*, payments, note: str = "") -> None:
    """The payments no longer cover their months (DOMAIN.md §5); the persons are recomputed."""
    ids = [p.pk if isinstance(p, Payment) else p for p in payments]
    rows = Payment.objects.filter(pk__in=ids, refunded=False)
    person_ids = list(rows.values_list("person_id", flat=True).distinct())
    rows.update(refunded=True, refunded_at=timezone.now(), refund_note=note[:200])
    touch_persons(person_ids=person_ids)


@transaction.atomic
def cancel_debt(
    *, person: Person, start: datetime.date, end: datetime.date, reference: str
) -> DebtCancellation:
    """Months start … end become not owed (DOMAIN.md §6); the person is recomputed at once.

    Idempotent by reference: the same decision recorded twice changes nothing.
    """
    cancellation, _created = DebtCancellation.objects.get_or_create(
        reference=reference,
        defaults={"person": person, "start": start.replace(day=1), "end": end.replace(day=1)},
    )
    touch_persons(person_ids=[person.pk])
    return cancellation

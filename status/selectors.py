"""Reads of the status app: a person by IIN, their facts for the rule, the rule applied to them.

Nothing here writes. Stored statuses (snapshots) are read and refreshed in snapshots.py.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.utils import timezone

from contributions import rulecache
from contributions.errors import NoRule
from contributions.selectors import self_payer_amounts
from msqory.months import months_between

from . import rulebook
from .engine import (
    Facts,
    NoStatusRule,
    Rule,
    StatusResult,
    compute_status,
    never_debt,
    window_periods,
)
from .models import CategoryKind, CategoryMembership, DebtCancellation, Payment, Person

# A status needs the status rules, both data the Fund publishes: without one there is no
# answer, and every page and the API say so in words.
MISSING_RULE = (NoStatusRule, NoRule)


def person_by_iin(*, iin: str) -> Person | None:
    return Person.objects.filter(iin=(iin or "").strip()).first()


def today() -> datetime.date:
    """Today in Asia/Almaty (the project's TIME_ZONE): the month M of every status."""
    return timezone.localdate()


def status_rules() -> tuple[Rule, ...]:
    """The status rules, from the rule cache (no query unless a rule changed)."""
    return rulebook.status_rules()


def window_amounts(*, rules: Sequence[Rule], on: datetime.date):
    """The self-payer amount of each month of the window shown on `on` (None if unpublished)."""
    return self_payer_amounts(periods=window_periods(rules=rules, today=on))


def person_facts(*, person: Person) -> Facts:
    return facts_by_person(person_ids=[person.pk])[person.pk]


def facts_by_person(*, person_ids: list[int]) -> dict[int, Facts]:
    """The facts of many persons in four queries: what the pure rule reads about each."""
    payments: dict[int, dict[datetime.date, set[str]]] = defaultdict(lambda: defaultdict(set))
    for pid, period, payer_type in Payment.objects.filter(
        person_id__in=person_ids, refunded=False
    ).values_list("person_id", "period", "payer_type_id"):
        payments[pid][period].add(payer_type)
    state: dict[int, list] = defaultdict(list)
    exempt: dict[int, list] = defaultdict(list)
    for pid, kind, start, end in CategoryMembership.objects.filter(
        person_id__in=person_ids
    ).values_list("person_id", "category__kind", "start", "end"):
        (state if kind == CategoryKind.STATE_PAID else exempt)[pid].append((start, end))
    cancelled: dict[int, list] = defaultdict(list)
    for pid, start, end in DebtCancellation.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "start", "end"
    ):
        cancelled[pid].append((start, end))
    residency = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "residency"))
    return {
        pid: Facts(
            payments={k: frozenset(v) for k, v in payments[pid].items()},
            state_paid=state[pid],
            exempt=exempt[pid],
            cancelled=cancelled[pid],
            residency=residency[pid],
        )
        for pid in residency
    }


def compute_person_status(*, person: Person, on: datetime.date | None = None) -> StatusResult:
    """The pure rule applied to the person's records as they are now, on any date."""
    on = on or today()
    rules = status_rules()
    return compute_status(
        facts=person_facts(person=person),
        rules=rules,
        today=on,
        self_payer_amounts=window_amounts(rules=rules, on=on),
    )


def never_debt_months(
    *, person: Person, periods: Sequence[datetime.date], on: datetime.date | None = None
) -> list[datetime.date]:
    """Of these months, those that were never the person's debt (engine.never_debt)."""
    return never_debt(
        facts=person_facts(person=person),
        rules=status_rules(),
        today=on or today(),
        periods=periods,
    )


def cancelled_months(*, person: Person) -> set[datetime.date]:
    """The months a debt cancellation of the person already covers."""
    return {
        month
        for start, end in DebtCancellation.objects.filter(person=person).values_list("start", "end")
        for month in months_between(start, end)
    }


def payer_type_names() -> dict[str, str]:
    """Payer type code → name in the active language (from the rule cache)."""
    return {code: str(pt.name) for code, pt in rulecache.current().payer_types.items()}

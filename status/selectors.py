"""Reads of the status app: a person by IIN, their facts for the rule, and their current status."""

import copy
import datetime
import time
from collections import defaultdict

import psycopg
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from contributions.errors import NoRule

from .engine import (
    Facts,
    MonthCell,
    NoStatusRule,
    Rule,
    StatusResult,
    compute_status,
    month_index,
    month_start,
    rule_for,
    window_periods,
)
from .models import (
    CategoryKind,
    CategoryMembership,
    DebtCancellation,
    Payment,
    Person,
    RecomputeRun,
    StatusRule,
    StatusSnapshot,
)

# A status needs the status rules and each debt month's self-payer amount, both data the Fund
# publishes: without one there is no answer, and every page and the API say so in words.
MISSING_RULE = (NoStatusRule, NoRule)


def person_by_iin(*, iin: str) -> Person | None:
    return Person.objects.filter(iin=(iin or "").strip()).first()


def today() -> datetime.date:
    """Today in Asia/Almaty (the project's TIME_ZONE): the month M of every status."""
    return timezone.localdate()


_RULES_CACHE: dict[str, tuple[float, list[Rule]]] = {}
RULES_CACHE_SECONDS = 60


def status_rules(*, cached: bool = False) -> list[Rule]:
    """The status rules; `cached` keeps them a minute in this process (the lookup's hot path)."""
    if cached:
        hit = _RULES_CACHE.get("rules")
        if hit and hit[0] > time.monotonic():
            return hit[1]
    rules = [
        Rule(
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            window=r.window_months,
            grace=r.grace_months,
            extended_grace=r.extended_grace_months,
            extended_after=r.extended_grace_after_months,
        )
        for r in StatusRule.objects.order_by("valid_from")
    ]
    _RULES_CACHE["rules"] = (time.monotonic() + RULES_CACHE_SECONDS, rules)
    return rules


def person_facts(*, person: Person) -> Facts:
    payments: dict[datetime.date, set[str]] = defaultdict(set)
    for period, payer_type in Payment.objects.filter(person=person, refunded=False).values_list(
        "period", "payer_type_id"
    ):
        payments[period].add(payer_type)
    state, exempt = [], []
    for kind, start, end in CategoryMembership.objects.filter(person=person).values_list(
        "category__kind", "start", "end"
    ):
        (state if kind == CategoryKind.STATE_PAID else exempt).append((start, end))
    cancelled = list(DebtCancellation.objects.filter(person=person).values_list("start", "end"))
    return Facts(
        payments=dict(payments),
        state_paid=state,
        exempt=exempt,
        cancelled=cancelled,
        residency=person.residency,
    )


def facts_by_person(*, person_ids: list[int]) -> dict[int, Facts]:
    """The facts of many persons in four queries (tests and the SQLite recompute fallback)."""
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


def self_payer_amounts(*, periods: list[datetime.date]):
    from contributions.selectors import self_payer_amounts as amounts

    return amounts(periods=periods) if periods else {}


def compute_person_status(*, person: Person, on: datetime.date | None = None) -> StatusResult:
    """The pure rule applied to the person's records as they are now."""
    on = on or today()
    rules = status_rules()
    return compute_status(
        facts=person_facts(person=person),
        rules=rules,
        today=on,
        self_payer_amounts=self_payer_amounts(periods=window_periods(rules=rules, today=on)),
    )


def mask(flags) -> int:
    """Month flags oldest first -> int whose bits read oldest first (as the SQL job writes)."""
    flags = list(flags)
    return sum(1 << (len(flags) - 1 - i) for i, flag in enumerate(flags) if flag)


def unmask(value: int, width: int) -> list[bool]:
    return [bool(value >> (width - 1 - i) & 1) for i in range(width)]


def store_snapshot(*, person: Person, result: StatusResult) -> StatusSnapshot:
    snapshot, _created = StatusSnapshot.objects.update_or_create(
        person=person,
        defaults={
            "month": result.month,
            "computed_at": timezone.now(),
            "status": result.status,
            "reason": result.reason,
            "care": result.care,
            "covered_mask": mask(c.covered for c in result.months),
            "state_mask": mask(c.state for c in result.months),
            "debt_mask": mask(c.debt for c in result.months),
            "debt_amount": result.debt_amount,
            "lapses_on": result.lapses_on,
        },
    )
    return snapshot


def _result_from_snapshot(
    *, snapshot: StatusSnapshot, person: Person, on: datetime.date
) -> StatusResult | None:
    rule = rule_for(status_rules(cached=True), month_index(on))
    if rule is None:
        return None
    m = month_index(snapshot.month)
    first, last = month_start(m - rule.window), month_start(m - 1)
    payer_types: dict[datetime.date, set[str]] = defaultdict(set)
    for period, payer_type in Payment.objects.filter(
        person=person, refunded=False, period__gte=first, period__lte=last
    ).values_list("period", "payer_type_id"):
        payer_types[period].add(payer_type)
    return _result_from_masks(
        on=on,
        month=snapshot.month,
        window=rule.window,
        masks=(snapshot.covered_mask, snapshot.state_mask, snapshot.debt_mask),
        payer_types=payer_types,
        status=snapshot.status,
        reason=snapshot.reason,
        care=snapshot.care,
        debt_amount=snapshot.debt_amount,
        lapses_on=snapshot.lapses_on,
    )


def _result_from_masks(
    *,
    on: datetime.date,
    month: datetime.date,
    window: int,
    masks: tuple[int, int, int],
    payer_types: dict[datetime.date, set[str]],
    status: str,
    reason: str,
    care: str,
    debt_amount,
    lapses_on: datetime.date | None,
) -> StatusResult:
    """A stored snapshot (its month masks) and the grid's payer types as a StatusResult."""
    m = month_index(month)
    periods = [month_start(i) for i in range(m - window, m)]
    flags = zip(*(unmask(value, window) for value in masks), strict=True)
    cells = [
        MonthCell(
            period=period,
            covered=covered,
            state=state,
            debt=debt,
            payer_types=tuple(sorted(payer_types.get(period, ()))),
        )
        for period, (covered, state, debt) in zip(periods, flags, strict=True)
    ]
    return StatusResult(
        as_of=on,
        month=month,
        status=status,
        reason=reason,
        care=care,
        months=cells,
        debt_months=[c.period for c in cells if c.debt],
        debt_amount=debt_amount,
        lapses_on=lapses_on,
    )


def status_by_iin(*, iin: str, on: datetime.date | None = None) -> StatusResult:
    """The public answer for a valid IIN: the person's status, or `no_payments` when unknown."""
    on = on or today()
    iin = (iin or "").strip()
    if connection.vendor == "postgresql":
        return _status_by_iin_pg(iin=iin, on=on)
    # The snapshot comes along in the same query: a lookup is two queries in all.
    person = Person.objects.select_related("snapshot").filter(iin=iin).first()
    if person is not None:
        try:
            snapshot = person.snapshot
        except StatusSnapshot.DoesNotExist:
            snapshot = None
        return _current_status(
            person=person, snapshot=snapshot, changed_at=person.changed_at, on=on
        )
    return _nobody_status(on=on)


# The public lookup's hot path (PostgreSQL): the person, their snapshot and, when the snapshot is
# current, the payer types of the grid's months, in one round trip through a prepared statement
# (no planning per lookup); the payments come from the covering (person, period) index alone.
_LOOKUP_SQL = """
SELECT p.id, p.changed_at, s.month, s.computed_at, s.status, s.reason, s.care,
       s.covered_mask, s.state_mask, s.debt_mask, s.debt_amount, s.lapses_on,
       g.periods, g.payer_types
FROM status_person p
LEFT JOIN status_statussnapshot s ON s.person_id = p.id
LEFT JOIN LATERAL (
    SELECT array_agg(q.period) AS periods, array_agg(q.payer_type_id::text) AS payer_types
    FROM status_payment q
    WHERE q.person_id = p.id AND q.period >= %(first)s AND q.period < %(month)s
      AND NOT q.refunded AND s.month = %(month)s AND s.computed_at >= p.changed_at
) g ON true
WHERE p.iin = %(iin)s
"""


def lookup_row(*, iin: str, month: datetime.date, window: int) -> tuple | None:
    """The lookup's one round trip to PostgreSQL: _LOOKUP_SQL's row for this IIN, or None."""
    # Django's cursor for the connection handling (health check, reconnects, error wrapping),
    # psycopg's own for the server-side binding a prepared statement needs.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        psycopg.Cursor(cursor.cursor.connection) as pg,
    ):
        pg.execute(
            _LOOKUP_SQL,
            {"iin": iin, "month": month, "first": month_start(month_index(month) - window)},
            prepare=True,
        )
        return pg.fetchone()


def _status_by_iin_pg(*, iin: str, on: datetime.date) -> StatusResult:
    m = month_index(on)
    rule = rule_for(status_rules(cached=True), m)
    if rule is None:
        raise NoStatusRule(month_start(m))
    month = month_start(m)
    row = lookup_row(iin=iin, month=month, window=rule.window)
    if row is None:
        return _nobody_status(on=on)
    (pk, changed_at, snap_month, computed_at, *values, periods, types) = row
    if snap_month == month and computed_at >= changed_at:
        payer_types: dict[datetime.date, set[str]] = defaultdict(set)
        for period, payer_type in zip(periods or (), types or (), strict=True):
            payer_types[period].add(payer_type)
        status, reason, care, covered, state, debt, debt_amount, lapses_on = values
        return _result_from_masks(
            on=on,
            month=month,
            window=rule.window,
            masks=(covered, state, debt),
            payer_types=payer_types,
            status=status,
            reason=reason,
            care=care,
            debt_amount=debt_amount,
            lapses_on=lapses_on,
        )
    return _recompute_and_store(person=Person.objects.get(pk=pk), on=on)


_NOBODY_CACHE: dict[datetime.date, tuple[float, StatusResult]] = {}


def _nobody_status(*, on: datetime.date) -> StatusResult:
    """The answer for a valid IIN nobody holds: the same for everyone on a day (kept a minute,
    like the rules it comes from), so guessed IINs cost no query."""
    hit = _NOBODY_CACHE.get(on)
    if hit and hit[0] > time.monotonic():
        return copy.deepcopy(hit[1])
    rules = status_rules()
    result = compute_status(
        facts=Facts(),
        rules=rules,
        today=on,
        self_payer_amounts=self_payer_amounts(periods=window_periods(rules=rules, today=on)),
    )
    _NOBODY_CACHE.clear()
    _NOBODY_CACHE[on] = (time.monotonic() + RULES_CACHE_SECONDS, copy.deepcopy(result))
    return result


def payer_type_names() -> dict[str, str]:
    from contributions.models import PayerType

    return {pt.code: pt.name for pt in PayerType.objects.all()}


def current_status(*, person: Person, on: datetime.date | None = None) -> StatusResult:
    """Today's status: the stored snapshot when it is current, else computed afresh and stored.

    A snapshot is stale when it is for another month than today's or older than the person's
    latest change (Person.changed_at is bumped by every payment, refund, category or
    cancellation).
    """
    # The person's latest change is read with the snapshot: the caller's object may be older.
    snapshot = (
        StatusSnapshot.objects.filter(person=person)
        .annotate(person_changed_at=F("person__changed_at"))
        .first()
    )
    changed_at = snapshot.person_changed_at if snapshot else person.changed_at
    return _current_status(person=person, snapshot=snapshot, changed_at=changed_at, on=on)


def _current_status(
    *,
    person: Person,
    snapshot: StatusSnapshot | None,
    changed_at: datetime.datetime,
    on: datetime.date | None,
) -> StatusResult:
    on = on or today()
    if (
        snapshot is not None
        and snapshot.month == on.replace(day=1)
        and snapshot.computed_at >= changed_at
    ):
        result = _result_from_snapshot(snapshot=snapshot, person=person, on=on)
        if result is not None:
            return result
    return _recompute_and_store(person=person, on=on)


def _recompute_and_store(*, person: Person, on: datetime.date) -> StatusResult:
    result = compute_person_status(person=person, on=on)
    with transaction.atomic():
        store_snapshot(person=person, result=result)
    return result


def last_recompute_runs() -> tuple[RecomputeRun | None, RecomputeRun | None]:
    """The latest recompute run whatever its state, and the latest finished one (whose totals
    the start page shows while a later run is running or has failed)."""
    last = RecomputeRun.objects.order_by("-started_at").first()
    if last is None or last.state == RecomputeRun.State.FINISHED:
        return last, last
    finished = (
        RecomputeRun.objects.filter(state=RecomputeRun.State.FINISHED)
        .order_by("-started_at")
        .first()
    )
    return last, finished


def persons_changed_on(*, day: datetime.date) -> int:
    """Persons whose payments, categories or cancellations changed on `day` (imports included:
    each bumps the persons it touches)."""
    return Person.objects.filter(changed_at__date=day).count()

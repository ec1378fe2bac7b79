"""Stored statuses (StatusSnapshot): whether one is current, reading it, and refreshing it.

A snapshot is a person's status as last computed for a month M, written only by recompute.py
(set-based SQL). It is current when it is for today's month and newer than both the person's
latest change (Person.changed_at, bumped by every payment, refund, category, cancellation) and
the latest change of the rules a status depends on (rulebook: status rules, self-payer rules,
minimum wages) — `snapshot_is_current`, the one place that says so. A lookup that finds no
current snapshot asks `refresh()` for one and reads it again; a lookup of an IIN nobody holds
needs no query at all.

The month masks read oldest first: bit (W−1−i) is month M−W+i of the W-month window.
"""

import copy
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections

from contributions import rulecache
from contributions.selectors import self_payer_amounts
from msqory.db_router import read_publicly
from msqory.metrics import LOOKUPS
from msqory.months import first_of_month, month_index, month_start

from . import recompute, rulebook, selectors
from .engine import Facts, MonthCell, NoStatusRule, StatusResult, compute_status, debts_of, rule_for
from .models import Person


def snapshot_is_current(
    *,
    month: datetime.date | None,
    computed_at: datetime.datetime | None,
    person_changed_at: datetime.datetime,
    on: datetime.date,
    rules_changed_at: datetime.datetime,
) -> bool:
    """Whether a snapshot of `month` computed at `computed_at` still tells the status on `on`."""
    return (
        month is not None
        and month == first_of_month(on)
        and computed_at >= person_changed_at
        and computed_at >= rules_changed_at
    )


def mask(flags: Iterable[bool]) -> int:
    """Month flags oldest first -> int whose bits read oldest first (as recompute.py writes)."""
    flags = list(flags)
    return sum(1 << (len(flags) - 1 - i) for i, flag in enumerate(flags) if flag)


def unmask(value: int, width: int) -> list[bool]:
    return [bool(value >> (width - 1 - i) & 1) for i in range(width)]


def refresh(*, person_ids: Sequence[int], on: datetime.date | None = None) -> int:
    """Recompute and store these persons' snapshots (set-based); the number of persons done."""
    persons, _changes = recompute.recompute_many(
        as_of=on or selectors.today(), person_ids=person_ids
    )
    return persons


# The public lookup's hot path: the person, their snapshot and the payer types of the grid's
# months, in one round trip through a prepared statement (no planning per lookup); the payments
# come from the covering (person, period) index alone.
_LOOKUP_SQL = """
SELECT p.id, p.changed_at, s.month, s.computed_at, s.status, s.reason, s.care,
       s.covered_mask, s.state_mask, s.debt_mask, s.lapses_on, g.periods, g.payer_types
FROM status_person p
LEFT JOIN status_statussnapshot s ON s.person_id = p.id
LEFT JOIN LATERAL (
    SELECT array_agg(q.period) AS periods, array_agg(q.payer_type_id::text) AS payer_types
    FROM status_payment q
    WHERE q.person_id = p.id AND q.period >= %(first)s AND q.period < %(month)s
      AND NOT q.refunded
) g ON true
WHERE p.iin = %(iin)s
"""


def lookup_row(
    *, iin: str, month: datetime.date, window: int, using: str = DEFAULT_DB_ALIAS
) -> tuple | None:
    """The lookup's one round trip to PostgreSQL: _LOOKUP_SQL's row for this IIN, or None."""
    # Django's cursor for the connection handling (health check, reconnects, error wrapping),
    # psycopg's own for the server-side binding a prepared statement needs.
    database = connections[using]
    with (
        database.cursor() as cursor,
        database.wrap_database_errors,
        psycopg.Cursor(cursor.cursor.connection) as pg,
    ):
        pg.execute(
            _LOOKUP_SQL,
            {"iin": iin, "month": month, "first": month_start(month_index(month) - window)},
            prepare=True,
        )
        return pg.fetchone()


def status_by_iin(*, iin: str, on: datetime.date | None = None) -> StatusResult:
    """The public answer for a valid IIN: the person's status, or `no_payments` when unknown."""
    today = selectors.today()
    on = on or today
    iin = (iin or "").strip()
    if first_of_month(on) != first_of_month(today):
        # Snapshots are for today's month only: another month is computed, not stored.
        person = selectors.person_by_iin(iin=iin)
        return (
            selectors.compute_person_status(person=person, on=on)
            if person is not None
            else _nobody_status(on=on)
        )
    table = rulebook.table()
    m = month_index(on)
    rule = rule_for(table.rules, m)
    if rule is None:
        raise NoStatusRule(month_start(m))
    # A public read: the replica when it is fresh (msqory/db_router.py). A stale snapshot is
    # refreshed and read again on the primary, which holds what the refresh wrote.
    row = read_publicly(
        lambda database: lookup_row(
            iin=iin, month=month_start(m), window=rule.window, using=database
        )
    )
    if row is None:
        LOOKUPS.labels(outcome="unknown_iin").inc()
        return _nobody_status(on=on)
    LOOKUPS.labels(outcome="found").inc()
    if not _row_is_current(row, on=on, rules_changed_at=table.changed_at):
        refresh(person_ids=[row[0]], on=on)
        row = lookup_row(iin=iin, month=month_start(m), window=rule.window, using=DEFAULT_DB_ALIAS)
    return _result_from_row(row, on=on, window=rule.window)


def current_status(*, person: Person, on: datetime.date | None = None) -> StatusResult:
    """Today's status of a registered person: their current snapshot (refreshed if stale)."""
    return status_by_iin(iin=person.iin, on=on)


def _row_is_current(row: tuple, *, on: datetime.date, rules_changed_at) -> bool:
    _pk, person_changed_at, month, computed_at, *_rest = row
    return snapshot_is_current(
        month=month,
        computed_at=computed_at,
        person_changed_at=person_changed_at,
        on=on,
        rules_changed_at=rules_changed_at,
    )


def _result_from_row(row: tuple, *, on: datetime.date, window: int) -> StatusResult:
    """A lookup row (a stored snapshot, its month masks, the grid's payer types) as a result."""
    (_pk, _changed, month, _computed, status, reason, care, *masks, lapses_on, periods, types) = row
    payer_types: dict[datetime.date, set[str]] = defaultdict(set)
    for period, payer_type in zip(periods or (), types or (), strict=True):
        payer_types[period].add(payer_type)
    m = month_index(month)
    window_periods = [month_start(i) for i in range(m - window, m)]
    flags = zip(*(unmask(value, window) for value in masks), strict=True)
    cells = [
        MonthCell(
            period=period,
            covered=covered,
            state=state,
            debt=debt,
            payer_types=tuple(sorted(payer_types.get(period, ()))),
        )
        for period, (covered, state, debt) in zip(window_periods, flags, strict=True)
    ]
    debt_months = [c.period for c in cells if c.debt]
    return StatusResult(
        as_of=on,
        month=month,
        status=status,
        reason=reason,
        care=care,
        months=cells,
        debts=debts_of(debt_months, self_payer_amounts(periods=debt_months)),
        lapses_on=lapses_on,
    )


def _nobody_status(*, on: datetime.date) -> StatusResult:
    """The answer for a valid IIN nobody holds: the same for everyone on a day, so it is worked
    out once per rule snapshot (the rule cache forgets it when a rule changes)."""

    def compute() -> StatusResult:
        rules = rulebook.status_rules()
        amounts = selectors.window_amounts(rules=rules, on=on)
        return compute_status(facts=Facts(), rules=rules, today=on, self_payer_amounts=amounts)

    return copy.deepcopy(rulecache.current().memo(("status:nobody", on), compute))

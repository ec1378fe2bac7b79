"""Recomputing stored statuses, set-based inside PostgreSQL: the one way a snapshot is written.

`recompute(as_of=…, person_ids=[…])` or `recompute(as_of=…, id_range=(lo, hi))` is the entry
point for everyone: the nightly job (one id range per chunk), an import (its persons, in
batches) and a single change (a refund, a category, a cancellation: its persons). One call is
one SQL statement (RECOMPUTE_SQL):
1. the payments of the past w months are ORed into one small integer per person, read in
   (person, period) order from the covering index status_payment_person_period alone
   (index-only scan, migration 0007) and aggregated person by person as they come (no hash
   table); the plan is fixed by CHUNK_SETTINGS (no parallel query, no JIT), whatever the
   statistics say. Most people (all w months paid, no category, nothing cancelled) are settled
   by that alone: insured, paid_12_past_months;
2. for the others, memberships, cancellations and the whole payment history become bit strings
   (one bit per month from the first rule's month to the look-ahead horizon), the history read
   person by person from the same index;
3. `status_eval()` (PL/pgSQL, defined by the migrations: 0005, then 0010 and later) applies
   docs/domain.md §3 to those bit strings: the common cases (exempt, state-paid, the 12 past
   months all covered, nothing ever covered) are settled by a few bit-string operations; only
   people with gaps since their latest Gain walk month by month, from that Gain;
4. only new, changed and stale snapshots are written (compared with the stored ones in the
   same statement), counting the persons whose status or reason changed.
It makes exactly the choices of engine.compute_status (tests/status/test_recompute.py proves
they agree on thousands of generated histories).

Nightly runs: a RecomputeRun row records each run and the chunks done, so a run that crashed is
resumed (only the missing chunks are done again) by the next start. Chunks are Celery tasks (a
chord: a group with a final step), so several workers share a night's work. Two runs never
overlap: the start and the synchronous command take an exclusive advisory lock, chunks a shared
one.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contributions.selectors import self_payer_amounts
from msqory.months import month_index, month_start

from . import rulebook
from .engine import LOOKAHEAD_WINDOWS, MSHI_RESIDENCIES, NoStatusRule, rule_for
from .models import Person, RecomputeRun, StatusSnapshot

LOCK_KEY = 7_310_426_001  # pg advisory lock: the whole job (exclusive) / a chunk (shared)
CHUNK_LOCK_BASE = 7_310_500_000_000
DEFAULT_CHUNK_SIZE = 50_000
# Persons one recompute by id list takes at most (an import's persons go in batches of this).
BATCH_SIZE = 50_000


class RecomputeBusy(RuntimeError):
    pass


_CHUNK_SQL = """
WITH recent AS (
    -- the past w months of the chunk's payments, by anyone, as one small integer per person:
    -- enough to settle the common case (all paid) without the whole history
    SELECT person_id,
           bit_or(1::int8 << (((period - %(window_date)s::date) + 15) * 1000 / 30437)) AS mask
    FROM status_payment
    WHERE {person_id} AND NOT refunded
      AND period >= %(window_date)s AND period < %(month)s AND period >= %(first_date)s
    GROUP BY person_id
),
mem AS (
    SELECT person_id,
           bit_or(rng) FILTER (WHERE kind = 'state_paid') AS state,
           bit_or(rng) FILTER (WHERE kind = 'exempt') AS exempt
    FROM (
        SELECT m.person_id, c.kind,
               (~%(zero)s::varbit >> greatest(s.a, 0))
                 & (~%(zero)s::varbit << (%(n)s - 1 - least(s.b, %(n)s - 1))) AS rng
        FROM status_categorymembership m
        JOIN status_category c ON c.code = m.category_id
        CROSS JOIN LATERAL (SELECT
            (date_part('year', m.start)::int * 12 + date_part('month', m.start)::int - 1)
              - %(base)s AS a,
            coalesce((date_part('year', m."end")::int * 12
              + date_part('month', m."end")::int - 1) - %(base)s, %(n)s - 1) AS b) s
        WHERE {m.person_id}
          AND s.a <= %(n)s - 1 AND s.b >= 0
    ) r
    GROUP BY person_id
),
canc AS (
    SELECT person_id, bit_or(rng) AS canc
    FROM (
        SELECT d.person_id,
               (~%(zero)s::varbit >> greatest(s.a, 0))
                 & (~%(zero)s::varbit << (%(n)s - 1 - least(s.b, %(n)s - 1))) AS rng
        FROM status_debtcancellation d
        CROSS JOIN LATERAL (SELECT
            (date_part('year', d.start)::int * 12 + date_part('month', d.start)::int - 1)
              - %(base)s AS a,
            (date_part('year', d."end")::int * 12 + date_part('month', d."end")::int - 1)
              - %(base)s AS b) s
        WHERE {d.person_id}
          AND s.a <= %(n)s - 1 AND s.b >= 0
    ) r
    GROUP BY person_id
),
base AS (
    SELECT p.id, p.changed_at, p.residency = ANY(%(mshi)s) AS mshi, mem.state, mem.exempt,
           canc.canc,
           -- the common case, settled without the history or status_eval: no category,
           -- nothing cancelled, the last w months all paid (Gain at m by the past)
           coalesce(mem.person_id IS NULL AND canc.person_id IS NULL
            AND recent.mask = %(full_mask)s, false) AS fast
    FROM status_person p
    LEFT JOIN recent ON recent.person_id = p.id
    LEFT JOIN mem ON mem.person_id = p.id
    LEFT JOIN canc ON canc.person_id = p.id
    WHERE {p.id}
),
res AS (
    SELECT id AS person_id, changed_at, 'insured'::text AS status,
           'paid_12_past_months'::text AS reason,
           CASE WHEN mshi THEN 'mshi' ELSE 'gvfmc' END AS care,
           %(full_mask)s::int AS covered_mask, 0 AS state_mask, 0 AS debt_mask,
           0::numeric AS debt_amount, NULL::int AS lapses_on
    FROM base WHERE fast
    UNION ALL
    -- the others: their whole history as bit strings, read person by person from the covering
    -- (person, period) index, and status_eval() called in the select list of a subquery (no
    -- function scan and tuple store per person)
    SELECT id, changed_at, (e).status, (e).reason, (e).care, (e).covered_mask, (e).state_mask,
           (e).debt_mask, (e).debt_amount, (e).lapses_on
    FROM (
        SELECT b.id, b.changed_at, status_eval(
            coalesce(pay.counted, %(zero)s::varbit) | coalesce(pay.by_state, %(zero)s::varbit),
            coalesce(pay.counted, %(zero)s::varbit),
            coalesce(b.state, %(zero)s::varbit) & ~%(pad)s::varbit,
            coalesce(b.exempt, %(zero)s::varbit),
            %(pad)s::varbit | coalesce(b.canc, %(zero)s::varbit),
            %(m)s, %(w)s, %(look_end)s, %(grace)s, %(extg)s, %(exta)s, %(amounts)s, b.mshi
        ) AS e
        FROM base b
        CROSS JOIN LATERAL (
            -- each payment goes into one of two bit strings (one aggregate step per row):
            -- months paid by someone other than the state (counted for bullet 4), and by the
            -- state; months since the base month in integer arithmetic on days (exact for
            -- first-of-month dates up to 400 months apart; much cheaper than date_part)
            SELECT bit_or(%(one)s::varbit >> idx) FILTER (WHERE payer_type_id <> 'state')
                     AS counted,
                   bit_or(%(one)s::varbit >> idx) FILTER (WHERE payer_type_id = 'state')
                     AS by_state
            FROM (
                SELECT payer_type_id, ((period - %(base_date)s::date) + 15) * 1000 / 30437 AS idx
                FROM status_payment
                WHERE person_id = b.id AND NOT refunded
                  AND period >= %(first_date)s AND period <= %(last_date)s
            ) q
        ) pay
        WHERE NOT b.fast
        OFFSET 0
    ) slow
),
cmp AS (
    SELECT r.person_id, r.status, r.reason, r.care, r.covered_mask, r.state_mask,
           r.debt_mask, r.debt_amount, l.lapses_on,
           o.person_id IS NULL AS missing,
           (o.status, o.reason) IS DISTINCT FROM (r.status, r.reason) AS moved,
           o.person_id IS NOT NULL
           AND ((o.month, o.status, o.reason, o.care, o.covered_mask, o.state_mask,
                 o.debt_mask, o.debt_amount, o.lapses_on)
                IS DISTINCT FROM
                (%(month)s::date, r.status, r.reason, r.care, r.covered_mask, r.state_mask,
                 r.debt_mask, r.debt_amount, l.lapses_on)
                -- the same answer, but older than a change it now reflects: made current
                OR o.computed_at < greatest(r.changed_at, %(rules_changed_at)s)) AS changed
    FROM res r
    CROSS JOIN LATERAL (SELECT CASE WHEN r.lapses_on IS NULL THEN NULL
        ELSE (%(base_date)s::date + make_interval(months => r.lapses_on))::date END
        AS lapses_on) l
    LEFT JOIN status_statussnapshot o
      ON o.person_id = r.person_id AND {o.person_id}
),
-- Only new, different and stale snapshots are written: an unchanged one of the same month
-- that is newer than the person's latest change and the rules' is left alone (no dead tuples
-- every night); its computed_at stays the time it was last written, still after any change
-- it reflects.
ins AS (
    INSERT INTO status_statussnapshot AS s (
        person_id, month, computed_at, status, reason, care, covered_mask, state_mask,
        debt_mask, debt_amount, lapses_on)
    SELECT person_id, %(month)s, %(now)s, status, reason, care, covered_mask, state_mask,
           debt_mask, debt_amount, lapses_on
    FROM cmp WHERE missing
    -- a snapshot stored meanwhile by another recompute of the same person
    ON CONFLICT (person_id) DO UPDATE SET
        month = EXCLUDED.month, computed_at = EXCLUDED.computed_at, status = EXCLUDED.status,
        reason = EXCLUDED.reason, care = EXCLUDED.care, covered_mask = EXCLUDED.covered_mask,
        state_mask = EXCLUDED.state_mask, debt_mask = EXCLUDED.debt_mask,
        debt_amount = EXCLUDED.debt_amount, lapses_on = EXCLUDED.lapses_on
),
upd AS (
    UPDATE status_statussnapshot s SET
        month = %(month)s, computed_at = %(now)s, status = c.status, reason = c.reason,
        care = c.care, covered_mask = c.covered_mask, state_mask = c.state_mask,
        debt_mask = c.debt_mask, debt_amount = c.debt_amount, lapses_on = c.lapses_on
    FROM cmp c
    WHERE c.changed AND s.person_id = c.person_id
      AND {s.person_id}
)
SELECT count(*), count(*) FILTER (WHERE moved) FROM cmp
"""


# The plan of a chunk, whatever the statistics say (a freshly loaded ledger may have none): the
# chunk's payments read in (person, period) order from the covering index alone (index-only
# scan) and aggregated person by person as they come (no hash table, no sort). One chunk is one
# backend's work (chunks run side by side as Celery tasks): no parallel query; JIT compiling
# costs more than it saves on a chunk. A lost commit after a crash only means the chunk is done
# again (the run's record of it is in the same transaction): no wait for the WAL flush.
CHUNK_SETTINGS = """
SET LOCAL max_parallel_workers_per_gather = 0;
SET LOCAL jit = off;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SET LOCAL enable_hashagg = off;
SET LOCAL synchronous_commit = off
"""
# ... and back to the session's values once the statement is done: a recompute inside a
# caller's transaction (a refund, a cancellation) leaves that transaction as it found it, its
# commit durable.
CHUNK_SETTINGS_RESET = """
SET LOCAL max_parallel_workers_per_gather = DEFAULT;
SET LOCAL jit = DEFAULT;
SET LOCAL enable_seqscan = DEFAULT;
SET LOCAL enable_bitmapscan = DEFAULT;
SET LOCAL enable_hashagg = DEFAULT;
SET LOCAL synchronous_commit = DEFAULT
"""


def _persons_sql(template: str, *, by_ids: bool) -> str:
    """The statement for persons with lo < id <= hi, or for the ids in a list."""
    sql = template
    for column in ("person_id", "m.person_id", "d.person_id", "p.id", "o.person_id", "s.person_id"):
        condition = (
            f"{column} = ANY(%(ids)s::bigint[])"
            if by_ids
            else f"{column} > %(lo)s AND {column} <= %(hi)s"
        )
        sql = sql.replace("{" + column + "}", condition)
    return sql


RECOMPUTE_SQL_RANGE = _persons_sql(_CHUNK_SQL, by_ids=False)
RECOMPUTE_SQL_IDS = _persons_sql(_CHUNK_SQL, by_ids=True)


@dataclass(frozen=True)
class Plan:
    """The constants of one day's recompute: bit positions, rule numbers and amounts per month."""

    as_of: datetime.date
    params: dict

    @classmethod
    def build(cls, *, as_of: datetime.date) -> "Plan":
        table = rulebook.table()
        rules = table.rules
        m = month_index(as_of)
        rule_m = rule_for(rules, m)
        if rule_m is None:
            raise NoStatusRule(month_start(m))
        windows = {r.window for r in rules}
        if len(windows) != 1:
            raise NotImplementedError("the SQL job needs one window for all status rules")
        w = rule_m.window
        first = month_index(rules[0].valid_from)
        base = first - w  # w padding positions (not owed) keep every window inside the string
        horizon = m + LOOKAHEAD_WINDOWS * w + w  # as engine.compute_status
        n = horizon - base + 1
        grace, extg, exta = [], [], []
        for p in range(n):
            rule = rule_for(rules, base + p)
            grace.append(rule.grace if rule else 10_000)
            extg.append((rule.extended_grace or 0) if rule else 0)
            exta.append((rule.extended_after or 0) if rule else 0)
        window = [month_start(i) for i in range(m - w, m)]
        amounts = self_payer_amounts(periods=window)
        params = {
            "base": base,
            "base_date": month_start(base),
            "window_date": month_start(m - w),
            "n": n,
            "one": "1" + "0" * (n - 1),
            "zero": "0" * n,
            "pad": "1" * (first - base) + "0" * (n - first + base),
            "first_date": month_start(first),
            "last_date": month_start(horizon),
            "m": m - base,
            "w": w,
            "look_end": m + LOOKAHEAD_WINDOWS * w - base,
            "grace": grace,
            "extg": extg,
            "exta": exta,
            # NULL for a month whose self-payer amount is not published: its debt counts
            # nothing towards the (known part of the) debt amount
            "amounts": [amounts[period] for period in window],
            "mshi": [str(r) for r in MSHI_RESIDENCIES],
            "full_mask": (1 << w) - 1,
            "month": month_start(m),
            "rules_changed_at": table.changed_at,
        }
        return cls(as_of=as_of, params=params)


def recompute(
    *,
    as_of: datetime.date,
    person_ids: Sequence[int] | None = None,
    id_range: tuple[int, int] | None = None,
    plan: Plan | None = None,
) -> tuple[int, int]:
    """Recompute and store the snapshots of these persons for `as_of`: (persons, changes).

    Either `person_ids` (at most BATCH_SIZE; recompute_many splits more) or `id_range`
    (lo, hi): the persons with lo < id <= hi. One SQL statement, in the caller's transaction
    (or its own).
    """
    if (person_ids is None) == (id_range is None):
        raise TypeError("give person_ids or id_range")
    plan = plan or Plan.build(as_of=as_of)
    if person_ids is not None:
        sql, bounds = RECOMPUTE_SQL_IDS, {"ids": list(person_ids)}
    else:
        sql, bounds = RECOMPUTE_SQL_RANGE, {"lo": id_range[0], "hi": id_range[1]}
    standalone = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(CHUNK_SETTINGS)
        cursor.execute(sql, plan.params | bounds | {"now": timezone.now()})
        persons, changes = cursor.fetchone()
        if not standalone:
            cursor.execute(CHUNK_SETTINGS_RESET)
    return persons, changes


def recompute_many(*, as_of: datetime.date, person_ids: Sequence[int]) -> tuple[int, int]:
    """recompute() for any number of persons, BATCH_SIZE at a time (one plan for all)."""
    ids = sorted(set(person_ids))
    plan = Plan.build(as_of=as_of) if ids else None
    persons = changes = 0
    for start in range(0, len(ids), BATCH_SIZE):
        done, moved = recompute(as_of=as_of, person_ids=ids[start : start + BATCH_SIZE], plan=plan)
        persons, changes = persons + done, changes + moved
    return persons, changes


# --- the nightly run's chunks -------------------------------------------------------------------


def chunk_bounds(run: RecomputeRun, chunk: int) -> tuple[int, int]:
    return run.first_id + chunk * run.chunk_size, run.first_id + (chunk + 1) * run.chunk_size


def run_chunk(*, run_id: int, chunk: int, plan: Plan | None = None) -> tuple[int, int] | None:
    """Recompute one chunk of a run; None when it was done already or is being done elsewhere.

    The snapshots and the run's record of the chunk are written in one transaction, so a crash
    leaves either both or neither.
    """
    run = RecomputeRun.objects.get(pk=run_id)
    if chunk in run.chunks_done:
        return None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_try_advisory_xact_lock_shared(%s), pg_try_advisory_xact_lock(%s)",
                [LOCK_KEY, CHUNK_LOCK_BASE + run_id * 100_000 + chunk],
            )
            if not all(cursor.fetchone()):
                return None
        persons, changes = recompute(as_of=run.as_of, id_range=chunk_bounds(run, chunk), plan=plan)
        # Row lock at the very end only: chunks of one run compute in parallel.
        run = RecomputeRun.objects.select_for_update().get(pk=run_id)
        if chunk in run.chunks_done:  # another worker finished it meanwhile
            transaction.set_rollback(True)
            return None
        run.chunks_done = [*run.chunks_done, chunk]
        run.persons += persons
        run.changes += changes
        run.save(update_fields=["chunks_done", "persons", "changes"])
    return persons, changes


# --- runs -------------------------------------------------------------------------------------


def _try_lock(cursor, *, session: bool) -> bool:
    fn = "pg_try_advisory_lock" if session else "pg_try_advisory_xact_lock"
    cursor.execute(f"SELECT {fn}(%s)", [LOCK_KEY])
    return cursor.fetchone()[0]


def open_run(*, as_of: datetime.date, chunk_size: int = DEFAULT_CHUNK_SIZE) -> RecomputeRun:
    """The unfinished run for this day (resumed) or a new one.

    A run still marked running from an earlier day will never be finished (its day's snapshots
    are superseded by this one): it is marked failed, so the runs admin does not show it as
    running for ever; so is one running past the timeout (fail_stale_runs).
    """
    fail_stale_runs()
    with translation.override(settings.LANGUAGE_CODE):
        superseded = _("Superseded by the run of %(day)s, which recomputes every person.") % {
            "day": as_of.isoformat()
        }
    RecomputeRun.objects.filter(as_of__lt=as_of, state=RecomputeRun.State.RUNNING).update(
        state=RecomputeRun.State.FAILED, finished_at=timezone.now(), failure=superseded
    )
    run = RecomputeRun.objects.filter(as_of=as_of, state=RecomputeRun.State.RUNNING).first()
    ids = Person.objects.aggregate(first=Min("pk"), top=Max("pk"))
    if run is None:
        # No ANALYZE here (it costs seconds on a large ledger): the chunks' plan does not depend
        # on the statistics (CHUNK_SETTINGS).
        run = RecomputeRun.objects.create(
            as_of=as_of,
            chunk_size=chunk_size,
            first_id=(ids["first"] or 1) - 1,
            method="sql",
        )
    span = (ids["top"] or 0) - run.first_id
    run.chunks_total = max(run.chunks_total, max(span - 1, 0) // run.chunk_size + 1)
    run.save(update_fields=["chunks_total"])
    return run


def fail_stale_runs() -> int:
    """Mark failed the runs still "running" RECOMPUTE_RUN_TIMEOUT_MINUTES after they started
    (a worker died with the chord's last chunks, say), saying why in the admin; the next run
    recomputes their persons. Returns how many were marked."""
    minutes = settings.RECOMPUTE_RUN_TIMEOUT_MINUTES
    with translation.override(settings.LANGUAGE_CODE):
        why = ngettext(
            "Still running %(minutes)d minute after it started: marked failed; the next run "
            "recomputes every person.",
            "Still running %(minutes)d minutes after it started: marked failed; the next run "
            "recomputes every person.",
            minutes,
        ) % {"minutes": minutes}
    now = timezone.now()
    return RecomputeRun.objects.filter(
        state=RecomputeRun.State.RUNNING, started_at__lt=now - datetime.timedelta(minutes=minutes)
    ).update(state=RecomputeRun.State.FAILED, finished_at=now, failure=why)


def missing_chunks(run: RecomputeRun) -> list[int]:
    done = set(run.chunks_done)
    return [c for c in range(run.chunks_total) if c not in done]


def finish_run(*, run_id: int) -> RecomputeRun:
    """The final step: counts by status and reason, the run marked finished (when complete).

    Chunks still missing are being done by another chord of the same run (a second start, two
    beats): its own final step finishes the run. A run nobody finishes is failed by the
    timeout (fail_stale_runs).
    """
    run = RecomputeRun.objects.get(pk=run_id)
    if missing_chunks(run):
        return run
    rows = (
        StatusSnapshot.objects.filter(month=run.as_of.replace(day=1))
        .values("status", "reason")
        .annotate(n=Count("pk"))
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["status"], {})[row["reason"]] = row["n"]
    run.state = RecomputeRun.State.FINISHED
    run.counts = counts
    run.failure = ""
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "counts", "failure", "finished_at"])
    return run


def start_run(*, as_of: datetime.date, chunk_size: int = DEFAULT_CHUNK_SIZE) -> RecomputeRun:
    """Open (or resume) the day's run under the exclusive lock; raise RecomputeBusy if taken,
    or if the day's run has finished already (two beats started by mistake: one run a night)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if not _try_lock(cursor, session=False):
                raise RecomputeBusy("another recompute is starting")
        if RecomputeRun.objects.filter(as_of=as_of, state=RecomputeRun.State.FINISHED).exists():
            raise RecomputeBusy("the day's recompute has finished")
        return open_run(as_of=as_of, chunk_size=chunk_size)


def run_sync(*, as_of: datetime.date, chunk_size: int = DEFAULT_CHUNK_SIZE, progress=None):
    """The whole job in this process (the management command, benchmarks, tests)."""
    with connection.cursor() as cursor:
        if not _try_lock(cursor, session=True):
            raise RecomputeBusy("another recompute is running")
    try:
        run = open_run(as_of=as_of, chunk_size=chunk_size)
        plan = Plan.build(as_of=as_of)
        chunks = missing_chunks(run)
        if progress is not None:
            progress.reset(total=len(chunks))
        for chunk in chunks:
            result = run_chunk(run_id=run.pk, chunk=chunk, plan=plan)
            if progress is not None:
                progress.update(1)
                if result:
                    progress.set_postfix(persons=result[0], refresh=False)
        return finish_run(run_id=run.pk)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])

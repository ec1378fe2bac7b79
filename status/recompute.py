"""The nightly recompute of every person's status: set-based, inside PostgreSQL, in chunks.

One chunk is one SQL statement over a range of person ids:
1. the payments of the past w months are ORed into one small integer per person, read in
   (person, period) order from the covering index status_payment_person_period alone
   (index-only scan, migration 0007) and aggregated person by person as they come (no hash
   table); the plan is fixed by CHUNK_SETTINGS (no parallel query, no JIT), whatever the
   statistics say. Most people (all w months paid, no category, nothing cancelled) are settled
   by that alone: insured, paid_12_past_months;
2. for the others, memberships, cancellations and the whole payment history become bit strings
   (one bit per month from the first rule's month to the look-ahead horizon), the history read
   person by person from the same index;
3. `status_eval()` (PL/pgSQL, installed by migration 0005) applies DOMAIN.md §3 to those bit
   strings: the common cases (exempt, state-paid, the 12 past months all covered, nothing ever
   covered) are settled by a few bit-string operations; only people with gaps since their latest
   Gain walk month by month, from that Gain;
4. only new and changed snapshots are written (compared with the stored ones in the same
   statement), counting the persons whose status or reason changed.
It makes exactly the choices of engine.compute_status (tests/status/test_recompute.py proves
they agree on thousands of generated histories).

Runs: a RecomputeRun row records each run and the chunks done, so a run that crashed is resumed
(only the missing chunks are done again) by the next start. Chunks are Celery tasks (a chord: a
group with a final step), so several workers share a night's work. Two runs never overlap: the
start and the synchronous command take an exclusive advisory lock, chunks a shared one.

SQLite (the `make run` demo) has no PL/pgSQL: there each chunk falls back to the pure function
person by person (method "python" on the run), which is fine for a few hundred demo people.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .engine import LOOKAHEAD_WINDOWS, MSHI_RESIDENCIES, NoStatusRule, month_index, month_start
from .models import Person, RecomputeRun, StatusSnapshot

LOCK_KEY = 7_310_426_001  # pg advisory lock: the whole job (exclusive) / a chunk (shared)
CHUNK_LOCK_BASE = 7_310_500_000_000
DEFAULT_CHUNK_SIZE = 50_000


class RecomputeBusy(RuntimeError):
    pass


STATUS_EVAL_SQL = r"""
CREATE OR REPLACE FUNCTION status_eval(
    paid varbit, counted varbit, state varbit, exempt varbit, canc varbit,
    m int, w int, look_end int, grace int[], extg int[], exta int[], amounts numeric[],
    mshi boolean,
    OUT status text, OUT reason text, OUT care text, OUT covered_mask int,
    OUT state_mask int, OUT debt_mask int, OUT debt_amount numeric, OUT lapses_on int)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
-- Bit strings: position p (0-based, leftmost first) is one month; positions before the first
-- rule's month are marked in canc (not owed). m is today's month, w the window, look_end the
-- last month the grace look-ahead reaches. Arrays are indexed by position + 1.
DECLARE
    cov varbit := (paid | state) & ~canc;           -- bullet 1: covered (and owed)
    cnt varbit := counted & ~state & ~canc;         -- counted for the 60-month run
    deb varbit := ~(paid | state) & ~canc;          -- owed and not covered
    a varbit; gp varbit; g varbit; t text; t2 text;
    s int; x int; k int; step int; len int; gr int;
    block_run int := 0; last_run int := 0; dcount int := 0;
    past boolean; in_grace boolean := false;
BEGIN
    covered_mask := (substring(cov FROM m - w + 1 FOR w)::bit(32)::int >> (32 - w))
        & ((1 << w) - 1);
    state_mask := (substring(state & ~canc FROM m - w + 1 FOR w)::bit(32)::int >> (32 - w))
        & ((1 << w) - 1);
    debt_amount := 0;
    lapses_on := NULL;
    IF get_bit(exempt, m) = 1 THEN                  -- bullet 5: entitled, never owing
        status := 'exempt'; reason := 'exempt_category'; debt_mask := 0;
        care := CASE WHEN mshi THEN 'mshi' ELSE 'gvfmc' END;
        RETURN;
    END IF;
    debt_mask := (substring(deb FROM m - w + 1 FOR w)::bit(32)::int >> (32 - w))
        & ((1 << w) - 1);
    IF debt_mask <> 0 THEN                          -- bullet 2
        FOR k IN 0 .. w - 1 LOOP
            IF (debt_mask >> (w - 1 - k)) & 1 = 1 THEN
                debt_amount := debt_amount + amounts[k + 1];
            END IF;
        END LOOP;
    END IF;
    IF get_bit(state, m) = 1 AND get_bit(canc, m) = 0 THEN
        status := 'insured'; reason := 'state_paid_category';
    ELSIF covered_mask = (1 << w) - 1 THEN          -- Gain at m by the past: settled
        status := 'insured'; reason := 'paid_12_past_months';
    ELSE
        -- bullet 3: a[p] = cov[p-w+1 .. p] all covered, by doubling
        a := cov; k := 1;
        WHILE k < w LOOP
            step := least(k, w - k);
            a := a & (a >> step);
            k := k + step;
        END LOOP;
        gp := a >> 1;                               -- Gain by the past at p: a[p-1]
        g := gp | (a << (w - 1));                   -- ... or by the future: a[p+w-1]
        t := rtrim(substring(g FROM 1 FOR m + 1)::text, '0');
        s := length(t) - 1;                         -- the latest Gain month <= m
        IF s < 0 THEN
            status := 'not_insured';
            reason := CASE WHEN position('1' IN cov::text) > 0 THEN 'debt' ELSE 'no_payments' END;
        ELSE
            past := get_bit(gp, s) = 1;
            -- the run of bullet 4 through month s-1: the block of covered months ending there
            t := substring(cov FROM 1 FOR s)::text;
            IF right(t, 1) = '1' THEN
                len := length(t) - length(rtrim(t, '1'));
                block_run := bit_count(substring(cnt FROM s - len + 1 FOR len));
                last_run := block_run;
            ELSE
                t2 := rtrim(t, '0');
                len := length(t2) - length(rtrim(t2, '1'));
                last_run := CASE WHEN len > 0
                    THEN bit_count(substring(cnt FROM length(t2) - len + 1 FOR len)) ELSE 0 END;
            END IF;
            status := 'insured';
            reason := CASE WHEN past THEN 'paid_12_past_months' ELSE 'prepaid_12_months' END;
            x := s + 1;
            WHILE x <= look_end AND (x <= m OR in_grace) LOOP
                IF get_bit(cov, x - 1) = 1 THEN
                    block_run := block_run + get_bit(cnt, x - 1);
                    last_run := block_run;
                ELSE
                    block_run := 0;
                END IF;
                IF x > m AND get_bit(g, x) = 1 THEN  -- a new Gain (look-ahead only)
                    s := x; dcount := 0;
                ELSE
                    dcount := dcount + get_bit(deb, x - 1);
                    IF x - 1 - w >= s THEN
                        dcount := dcount - get_bit(deb, x - 1 - w);
                    END IF;
                    gr := grace[x + 1];
                    IF extg[x + 1] > 0 AND last_run >= exta[x + 1] THEN
                        gr := extg[x + 1];
                    END IF;
                    IF dcount >= gr THEN            -- bullet 4: Lapse
                        IF x <= m THEN
                            status := 'not_insured'; reason := 'debt';
                        ELSE
                            lapses_on := x;
                        END IF;
                        EXIT;
                    END IF;
                END IF;
                IF x = m AND dcount > 0 THEN       -- bullet 6: in grace
                    reason := 'grace_period'; in_grace := true;
                END IF;
                x := x + 1;
            END LOOP;
        END IF;
    END IF;
    care := CASE WHEN status <> 'not_insured' AND mshi THEN 'mshi' ELSE 'gvfmc' END;
END
$fn$;
"""

CHUNK_SQL = """
WITH recent AS (
    -- the past w months of the chunk's payments, by anyone, as one small integer per person:
    -- enough to settle the common case (all paid) without the whole history
    SELECT person_id,
           bit_or(1::int8 << (((period - %(window_date)s::date) + 15) * 1000 / 30437)) AS mask
    FROM status_payment
    WHERE person_id > %(lo)s AND person_id <= %(hi)s AND NOT refunded
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
        WHERE m.person_id > %(lo)s AND m.person_id <= %(hi)s
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
        WHERE d.person_id > %(lo)s AND d.person_id <= %(hi)s
          AND s.a <= %(n)s - 1 AND s.b >= 0
    ) r
    GROUP BY person_id
),
base AS (
    SELECT p.id, p.residency = ANY(%(mshi)s) AS mshi, mem.state, mem.exempt, canc.canc,
           -- the common case, settled without the history or status_eval: no category,
           -- nothing cancelled, the last w months all paid (Gain at m by the past)
           coalesce(mem.person_id IS NULL AND canc.person_id IS NULL
            AND recent.mask = %(full_mask)s, false) AS fast
    FROM status_person p
    LEFT JOIN recent ON recent.person_id = p.id
    LEFT JOIN mem ON mem.person_id = p.id
    LEFT JOIN canc ON canc.person_id = p.id
    WHERE p.id > %(lo)s AND p.id <= %(hi)s
),
res AS (
    SELECT id AS person_id, 'insured'::text AS status, 'paid_12_past_months'::text AS reason,
           CASE WHEN mshi THEN 'mshi' ELSE 'gvfmc' END AS care,
           %(full_mask)s::int AS covered_mask, 0 AS state_mask, 0 AS debt_mask,
           0::numeric AS debt_amount, NULL::int AS lapses_on
    FROM base WHERE fast
    UNION ALL
    -- the others: their whole history as bit strings, read person by person from the covering
    -- (person, period) index, and status_eval() called in the select list of a subquery (no
    -- function scan and tuple store per person)
    SELECT id, (e).status, (e).reason, (e).care, (e).covered_mask, (e).state_mask,
           (e).debt_mask, (e).debt_amount, (e).lapses_on
    FROM (
        SELECT b.id, status_eval(
            coalesce(pay.counted, %(zero)s::varbit) | coalesce(pay.by_state, %(zero)s::varbit),
            coalesce(pay.counted, %(zero)s::varbit),
            coalesce(b.state, %(zero)s::varbit),
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
           AND (o.month, o.status, o.reason, o.care, o.covered_mask, o.state_mask,
                o.debt_mask, o.debt_amount, o.lapses_on)
               IS DISTINCT FROM
               (%(month)s::date, r.status, r.reason, r.care, r.covered_mask, r.state_mask,
                r.debt_mask, r.debt_amount, l.lapses_on) AS changed
    FROM res r
    CROSS JOIN LATERAL (SELECT CASE WHEN r.lapses_on IS NULL THEN NULL
        ELSE (%(base_date)s::date + make_interval(months => r.lapses_on))::date END
        AS lapses_on) l
    LEFT JOIN status_statussnapshot o
      ON o.person_id = r.person_id AND o.person_id > %(lo)s AND o.person_id <= %(hi)s
),
-- Only new and different snapshots are written: an unchanged one of the same month is left
-- alone (no dead tuples every night); its computed_at stays the time it was last different,
-- which is still after any change it reflects (a person changed since is recomputed by the
-- per-change task or on lookup).
ins AS (
    INSERT INTO status_statussnapshot AS s (
        person_id, month, computed_at, status, reason, care, covered_mask, state_mask,
        debt_mask, debt_amount, lapses_on)
    SELECT person_id, %(month)s, %(now)s, status, reason, care, covered_mask, state_mask,
           debt_mask, debt_amount, lapses_on
    FROM cmp WHERE missing
    -- a snapshot stored meanwhile by a per-person recompute
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
      AND s.person_id > %(lo)s AND s.person_id <= %(hi)s
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


def install_sql_function(schema_editor=None) -> None:
    conn = schema_editor.connection if schema_editor is not None else connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(STATUS_EVAL_SQL)


def uses_sql() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Plan:
    """The constants of one run: bit positions, rule numbers and amounts per month."""

    as_of: datetime.date
    params: dict

    @classmethod
    def build(cls, *, as_of: datetime.date) -> "Plan":
        from .selectors import self_payer_amounts, status_rules

        rules = status_rules()
        m = month_index(as_of)
        rule_m = next(
            (
                r
                for r in rules
                if month_index(r.valid_from) <= m
                and (r.valid_to is None or m <= month_index(r.valid_to))
            ),
            None,
        )
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
            rule = next(
                (
                    r
                    for r in rules
                    if month_index(r.valid_from) <= base + p
                    and (r.valid_to is None or base + p <= month_index(r.valid_to))
                ),
                None,
            )
            grace.append(rule.grace if rule else 10_000)
            extg.append((rule.extended_grace or 0) if rule else 0)
            exta.append((rule.extended_after or 0) if rule else 0)
        amounts = self_payer_amounts(periods=[month_start(i) for i in range(m - w, m)])
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
            "amounts": [amounts[month_start(i)] for i in range(m - w, m)],
            "mshi": [str(r) for r in MSHI_RESIDENCIES],
            "full_mask": (1 << w) - 1,
            "month": month_start(m),
        }
        return cls(as_of=as_of, params=params)


# --- chunks -----------------------------------------------------------------------------------


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
    lo, hi = chunk_bounds(run, chunk)
    with transaction.atomic():
        if uses_sql():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_try_advisory_xact_lock_shared(%s), pg_try_advisory_xact_lock(%s)",
                    [LOCK_KEY, CHUNK_LOCK_BASE + run_id * 100_000 + chunk],
                )
                if not all(cursor.fetchone()):
                    return None
                cursor.execute(CHUNK_SETTINGS)
                plan = plan or Plan.build(as_of=run.as_of)
                cursor.execute(CHUNK_SQL, plan.params | {"lo": lo, "hi": hi, "now": timezone.now()})
                persons, changes = cursor.fetchone()
        else:
            persons, changes = _python_chunk(lo=lo, hi=hi, as_of=run.as_of)
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


def _python_chunk(*, lo: int, hi: int, as_of: datetime.date) -> tuple[int, int]:
    """SQLite fallback: the pure function person by person (the demo's few hundred people)."""
    from .engine import compute_status, window_periods
    from .selectors import facts_by_person, self_payer_amounts, status_rules, store_snapshot

    rules = status_rules()
    amounts = self_payer_amounts(periods=window_periods(rules=rules, today=as_of))
    old = {
        pk: (status, reason)
        for pk, status, reason in StatusSnapshot.objects.filter(
            person_id__gt=lo, person_id__lte=hi
        ).values_list("person_id", "status", "reason")
    }
    people = list(Person.objects.filter(pk__gt=lo, pk__lte=hi))
    facts = facts_by_person(person_ids=[p.pk for p in people])
    changes = 0
    for person in people:
        result = compute_status(
            facts=facts[person.pk], rules=rules, today=as_of, self_payer_amounts=amounts
        )
        store_snapshot(person=person, result=result)
        changes += old.get(person.pk) != (result.status, result.reason)
    return len(people), changes


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
            method="sql" if uses_sql() else "python",
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
        if uses_sql():
            with connection.cursor() as cursor:
                if not _try_lock(cursor, session=False):
                    raise RecomputeBusy("another recompute is starting")
        if RecomputeRun.objects.filter(as_of=as_of, state=RecomputeRun.State.FINISHED).exists():
            raise RecomputeBusy("the day's recompute has finished")
        return open_run(as_of=as_of, chunk_size=chunk_size)


def run_sync(*, as_of: datetime.date, chunk_size: int = DEFAULT_CHUNK_SIZE, progress=None):
    """The whole job in this process (the management command, benchmarks, tests)."""
    locked = False
    if uses_sql():
        with connection.cursor() as cursor:
            locked = _try_lock(cursor, session=True)
        if not locked:
            raise RecomputeBusy("another recompute is running")
    try:
        run = open_run(as_of=as_of, chunk_size=chunk_size)
        plan = Plan.build(as_of=as_of) if uses_sql() else None
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
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])

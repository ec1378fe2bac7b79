"""The nightly set-based job agrees with the pure rule, records its runs and can be resumed."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from msqory.months import month_index, month_start
from status import recompute
from status.demo import synthetic_iin
from status.engine import compute_status
from status.models import (
    CategoryMembership,
    DebtCancellation,
    Person,
    RecomputeRun,
    StatusSnapshot,
)
from status.selectors import facts_by_person, mshi_residencies, status_rules, window_amounts
from status.snapshots import mask
from tests.ledger import pay

from .histories import generate

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the set-based job is PostgreSQL-only"
)


@needs_postgres
@pytest.mark.slow
# 2027-02-01: the window reaches 2027-01, a month of a year whose self-payer amount (its
# minimum wage) is not published yet.
@pytest.mark.parametrize("as_of", ["2026-11-15", "2026-02-01", "2025-03-10", "2027-02-01"])
def test_sql_job_agrees_with_the_pure_function_on_generated_histories(as_of):
    as_of = datetime.date.fromisoformat(as_of)
    people = generate(rng=random.Random(f"agree:{as_of}"), persons=1200)
    run = recompute.run_sync(as_of=as_of, chunk_size=700)
    assert run.state == RecomputeRun.State.FINISHED and run.persons == len(people)
    snapshots = {s.person_id: s for s in StatusSnapshot.objects.all()}
    reasons = set()
    disagreements = []
    rules = status_rules()
    amounts = window_amounts(rules=rules, on=as_of)
    facts = facts_by_person(person_ids=[p.pk for p in people])
    residencies = mshi_residencies()
    for person in people:
        expected = compute_status(
            facts=facts[person.pk],
            rules=rules,
            today=as_of,
            self_payer_amounts=amounts,
            mshi_residencies=residencies,
        )
        want, have = _terms(expected), _stored_terms(snapshots[person.pk])
        reasons.add(expected.reason)
        if want != have:
            disagreements.append((person.iin, want, have))
    assert disagreements == []
    assert len(reasons) >= 6, reasons  # the histories reach (nearly) every reason


def _snapshot_and_engine(person, as_of):
    """The job's snapshot of `person` and the pure function's answer, in the same terms."""
    rules = status_rules()
    expected = compute_status(
        facts=facts_by_person(person_ids=[person.pk])[person.pk],
        rules=rules,
        today=as_of,
        self_payer_amounts=window_amounts(rules=rules, on=as_of),
        mshi_residencies=mshi_residencies(),
    )
    return _stored_terms(StatusSnapshot.objects.get(person=person)), _terms(expected)


def _terms(result):
    """What a snapshot stores of the pure function's answer."""
    return (
        result.status,
        result.reason,
        result.care,
        mask(c.covered for c in result.months),
        mask(c.state for c in result.months),
        mask(c.debt for c in result.months),
        result.debt_amount,
        result.lapses_on,
    )


def _stored_terms(snapshot):
    return (
        snapshot.status,
        snapshot.reason,
        snapshot.care,
        snapshot.covered_mask,
        snapshot.state_mask,
        snapshot.debt_mask,
        snapshot.debt_amount,
        snapshot.lapses_on,
    )


def _months(first, last):
    return [month_start(i) for i in range(month_index(first), month_index(last) + 1)]


@needs_postgres
@pytest.mark.parametrize(
    ("as_of", "history", "reason", "lapses_on"),
    [
        # A mother of many children since 2026-11-15, debt cancelled for 2026-12.
        (
            "2026-12-07",
            {"state": [("mother_many_children", "2026-11-15", None)], "cancel": ["2026-12"]},
            "state_paid_category",
            None,
        ),
        # A pensioner since 2015 with 2026-12 cancelled.
        (
            "2026-12-07",
            {"state": [("pensioner", "2015-03-01", None)], "cancel": ["2026-12"]},
            "state_paid_category",
            None,
        ),
        # An entrepreneur paid 2021-01 … 2026-02, on childcare leave in the first half of 2023.
        (
            "2026-06-10",
            {
                "paid": ("2021-01-01", "2026-02-01", "individual_entrepreneur"),
                "state": [("childcare_leave", "2023-01-01", "2023-06-30")],
            },
            "grace_period",
            datetime.date(2026, 9, 1),
        ),
    ],
)
def test_sql_job_agrees_on_the_documented_examples(as_of, history, reason, lapses_on):
    as_of = datetime.date.fromisoformat(as_of)
    person = Person.objects.create(iin=synthetic_iin(random.Random(f"example:{reason}")))
    if "paid" in history:
        first, last, payer = history["paid"]
        pay(
            person,
            _months(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)),
            payer_type=payer,
        )
    for category, start, end in history.get("state", []):
        CategoryMembership.objects.create(
            person=person,
            category_id=category,
            start=datetime.date.fromisoformat(start),
            end=end and datetime.date.fromisoformat(end),
        )
    for cancelled in history.get("cancel", []):
        month = datetime.date.fromisoformat(f"{cancelled}-01")
        DebtCancellation.objects.create(person=person, start=month, end=month, reference=cancelled)
    recompute.run_sync(as_of=as_of)
    have, want = _snapshot_and_engine(person, as_of)
    assert have == want
    assert (have[1], have[-1]) == (reason, lapses_on)


@needs_postgres
def test_next_months_run_rewrites_the_snapshots_and_still_agrees():
    people = generate(rng=random.Random("next month"), persons=400)
    recompute.run_sync(as_of=datetime.date(2026, 10, 15), chunk_size=150)
    as_of = datetime.date(2026, 11, 15)
    run = recompute.run_sync(as_of=as_of, chunk_size=150)
    assert run.state == RecomputeRun.State.FINISHED and run.persons == len(people)
    rules = status_rules()
    amounts = window_amounts(rules=rules, on=as_of)
    facts = facts_by_person(person_ids=[p.pk for p in people])
    snapshots = {s.person_id: s for s in StatusSnapshot.objects.all()}
    for person in people:
        expected = compute_status(
            facts=facts[person.pk],
            rules=rules,
            today=as_of,
            self_payer_amounts=amounts,
            mshi_residencies=mshi_residencies(),
        )
        got = snapshots[person.pk]
        assert got.month == datetime.date(2026, 11, 1)
        assert (got.status, got.reason, got.debt_mask, got.debt_amount, got.lapses_on) == (
            expected.status,
            expected.reason,
            mask(c.debt for c in expected.months),
            expected.debt_amount,
            expected.lapses_on,
        ), person.iin


@needs_postgres
def test_runs_are_recorded_with_counts_and_changes():
    generate(rng=random.Random(7), persons=300)
    first = recompute.run_sync(as_of=datetime.date(2026, 11, 2), chunk_size=100)
    assert first.persons == 300 and first.changes == 300
    assert sum(n for reasons in first.counts.values() for n in reasons.values()) == 300
    again = recompute.run_sync(as_of=datetime.date(2026, 11, 3), chunk_size=100)
    assert again.changes == 0, "nothing changed: the job is idempotent"
    assert again.finished_at >= again.started_at


@needs_postgres
def test_a_crashed_run_is_resumed_not_redone():
    generate(rng=random.Random(8), persons=200)
    run = recompute.open_run(as_of=datetime.date(2026, 11, 2), chunk_size=100)
    recompute.run_chunk(run_id=run.pk, chunk=0)  # ... and the worker died here
    done_before = StatusSnapshot.objects.count()
    assert 0 < done_before < 200
    resumed = recompute.run_sync(as_of=datetime.date(2026, 11, 2), chunk_size=10)
    assert resumed.pk == run.pk
    assert resumed.state == RecomputeRun.State.FINISHED
    assert resumed.persons == 200 and StatusSnapshot.objects.count() == 200
    assert recompute.run_chunk(run_id=run.pk, chunk=0) is None, "a done chunk is never redone"


def test_a_run_left_unfinished_on_an_earlier_day_is_marked_failed_by_the_next_night():
    generate(rng=random.Random(11), persons=30)
    stale = recompute.open_run(as_of=datetime.date(2026, 11, 1), chunk_size=10)
    recompute.run_chunk(run_id=stale.pk, chunk=0)  # ... and the machine went down

    tonight = recompute.run_sync(as_of=datetime.date(2026, 11, 2), chunk_size=10)

    assert tonight.pk != stale.pk and tonight.state == RecomputeRun.State.FINISHED
    stale.refresh_from_db()
    assert stale.state == RecomputeRun.State.FAILED
    assert stale.finished_at is not None


@needs_postgres
def test_two_runs_never_overlap():
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [recompute.LOCK_KEY])
        with pytest.raises(recompute.RecomputeBusy):
            recompute.run_sync(as_of=datetime.date(2026, 11, 2))
    finally:
        other.close()


def test_celery_chord_runs_the_chunks_and_the_final_step():
    from status.tasks import start_recompute

    generate(rng=random.Random(9), persons=50)
    run_id = start_recompute.delay("2026-11-02", 20).get()
    run = RecomputeRun.objects.get(pk=run_id)
    assert run.state == RecomputeRun.State.FINISHED
    assert run.persons == 50 and len(run.chunks_done) == run.chunks_total


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", ["persons 40", "run finished", "Insured: "]),
        ("ru", ["лиц — 40", "запуск завершён", "Застрахован: "]),
        ("kk", ["адам саны — 40", "іске қосу аяқталды", "Сақтандырылған: "]),
    ],
)
def test_command_prints_the_counts_in_the_operators_language(capsys, language, said):
    generate(rng=random.Random(10), persons=40)
    with translation.override(language):
        call_command("recompute_statuses", "--as-of", "2026-11-02", verbosity=0)
    out = capsys.readouterr().out
    assert all(words in out for words in said), out


def test_beat_runs_the_job_at_two_in_almaty(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["status-recompute"]
    assert entry["task"] == "status.start_recompute"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Almaty"

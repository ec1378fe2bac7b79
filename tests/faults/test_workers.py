"""A Celery worker SIGKILLed in the middle of the nightly chord, and two beats started by
mistake: the run completes once another worker runs, every person ends with a current
snapshot, no chunk is counted twice, and two beats still make one run."""

import datetime

import psycopg
import pytest
from celery import Celery

from .servers import wait_until

pytestmark = [pytest.mark.xdist_group("faults"), pytest.mark.slow]


def _run(stack, as_of: str) -> dict:
    rows = stack.sql(
        "SELECT state, persons, chunks_total, jsonb_array_length(chunks_done), failure"
        " FROM status_recomputerun WHERE as_of = %s",
        [as_of],
    )
    return [
        dict(zip(["state", "persons", "total", "done", "failure"], row, strict=True))
        for row in rows
    ]


def _persons(stack) -> int:
    return stack.sql("SELECT count(*) FROM status_person")[0][0]


def _current_snapshots(stack, as_of: str) -> int:
    return stack.sql(
        "SELECT count(*) FROM status_person p JOIN status_statussnapshot s ON s.person_id = p.id"
        " WHERE s.month = date_trunc('month', %s::date) AND s.computed_at >= p.changed_at",
        [as_of],
    )[0][0]


def test_a_worker_killed_mid_recompute(stack):
    as_of = "2026-11-02"
    sender = Celery(broker=stack.env["REDIS_URL"])
    with psycopg.connect(stack.env["DATABASE_URL"]) as blocker:
        sender.send_task("status.start_recompute", args=[as_of, 2])
        # Hold the run's row: the chunk being done waits on it at its very end, mid-transaction.
        wait_until(lambda: _run(stack, as_of), what="the run opened")
        blocker.execute("SELECT id FROM status_recomputerun WHERE as_of = %s FOR UPDATE", [as_of])
        wait_until(
            lambda: stack.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND query ILIKE '%%status_recomputerun%%'"
            )[0][0],
            what="a chunk waiting on the run",
        )
        stack.kill("worker")
        blocker.rollback()

    stack.start_worker("worker-2")
    wait_until(lambda: _run(stack, as_of)[0]["state"] == "finished", seconds=90, what="finished")
    (run,) = _run(stack, as_of)
    assert run["done"] == run["total"] > 10
    assert run["persons"] == _persons(stack), "no chunk counted twice"
    assert _current_snapshots(stack, as_of) == _persons(stack)
    stack.processes["worker"] = stack.processes.pop("worker-2")


def test_two_beats_make_one_recompute(stack):
    today = datetime.date.today().isoformat()
    assert not _run(stack, today)
    beats = ["beat-a", "beat-b"]
    for name in beats:
        stack.start_beat(name, FAULTS_BEAT_RECOMPUTE="1")
    try:
        wait_until(lambda: [r["state"] for r in _run(stack, today)] == ["finished"], seconds=60)
        # Both beats keep sending the start, every second, after the run finished.
        sent = lambda name: stack.log(name).count("Sending due task status-recompute")  # noqa: E731
        counts = {name: sent(name) for name in beats}
        wait_until(lambda: all(sent(name) >= counts[name] + 2 for name in beats), what="more")
    finally:
        for name in beats:
            stack.stop(name)
    runs = _run(stack, today)
    assert len(runs) == 1, runs
    assert runs[0]["state"] == "finished" and runs[0]["persons"] == _persons(stack)

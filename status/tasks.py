"""Celery tasks of the status app: thin callers of snapshots.py and recompute.py."""

import datetime

from celery import chord, shared_task

from . import recompute, selectors, snapshots


# The name it had when it recomputed person by person: messages queued then still run.
@shared_task(name="status.recompute_persons", acks_late=True)
def refresh_snapshots(person_ids: list[int]) -> int:
    """Refresh the snapshots of persons after a change (payments imported or refunded,
    categories, cancellations): one set-based recompute for the whole batch."""
    return snapshots.refresh(person_ids=person_ids)


@shared_task(name="status.start_recompute")
def start_recompute(as_of: str | None = None, chunk_size: int | None = None) -> int | None:
    """The nightly job (Celery beat, 02:00 Asia/Almaty): one chunk task per range of persons,
    then the final step. A run left unfinished by a crash is resumed: only its missing chunks
    are sent again. Returns the run id, or None when another run is starting right now."""
    day = datetime.date.fromisoformat(as_of) if as_of else selectors.today()
    try:
        run = recompute.start_run(as_of=day, chunk_size=chunk_size or recompute.DEFAULT_CHUNK_SIZE)
    except recompute.RecomputeBusy:
        return None
    header = [recompute_chunk.si(run.pk, chunk) for chunk in recompute.missing_chunks(run)]
    chord(header, finish_recompute.si(run.pk)).apply_async()
    return run.pk


@shared_task(name="status.recompute_chunk", acks_late=True)
def recompute_chunk(run_id: int, chunk: int) -> list[int] | None:
    result = recompute.run_chunk(run_id=run_id, chunk=chunk)
    return list(result) if result else None


@shared_task(name="status.finish_recompute")
def finish_recompute(run_id: int) -> str:
    return recompute.finish_run(run_id=run_id).state


@shared_task(name="status.fail_stale_recompute_runs")
def fail_stale_recompute_runs() -> int:
    """Beat, every 15 minutes: runs still "running" past the timeout are marked failed."""
    from . import recompute

    return recompute.fail_stale_runs()


@shared_task(name="status.ensure_ledger_partitions")
def ensure_ledger_partitions() -> list[str]:
    """Yearly (Celery beat): the payments ledger's partitions for the coming years."""
    from . import ledger_partitions

    return ledger_partitions.ensure_partitions()

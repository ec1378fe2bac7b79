"""The status app's figures for /metrics: import rows as they are loaded, and the last nightly
recompute, read from its RecomputeRun row at each scrape (it runs on a worker, not here)."""

import functools

from django.db import DatabaseError
from prometheus_client import Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from .models import RecomputeRun

IMPORT_ROWS = Counter(
    "msqory_import_rows",
    "Rows of imported files: added, already_there, updated, or refused (a file with problems)",
    ["kind", "outcome"],
)


def counted_import(kind: str):
    """Decorates an import function: its ImportResult's rows are counted (dry runs are not)."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            result = function(*args, **kwargs)
            if not result.dry_run:
                if result.problems:
                    IMPORT_ROWS.labels(kind=kind, outcome="refused").inc(result.rows)
                for outcome in ("added", "already_there", "updated"):
                    IMPORT_ROWS.labels(kind=kind, outcome=outcome).inc(getattr(result, outcome))
            return result

        return wrapper

    return decorate


class RecomputeCollector(Collector):
    def collect(self):
        try:
            run = (
                RecomputeRun.objects.filter(state=RecomputeRun.State.FINISHED)
                .order_by("-finished_at")
                .first()
            )
            running = RecomputeRun.objects.filter(state=RecomputeRun.State.RUNNING).count()
        except DatabaseError:  # the database is away: /metrics still answers with the rest
            return
        yield GaugeMetricFamily(
            "msqory_recompute_running", "Recompute runs marked running now", value=running
        )
        if run is None:
            return
        figures = {
            "duration_seconds": (run.finished_at - run.started_at).total_seconds(),
            "persons": run.persons,
            "changes": run.changes,
            "finished_timestamp_seconds": run.finished_at.timestamp(),
        }
        for name, value in figures.items():
            yield GaugeMetricFamily(
                f"msqory_recompute_last_{name}",
                f"The last finished recompute run: {name.replace('_', ' ')}",
                value=value,
            )

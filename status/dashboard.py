"""The status panel of the admin start page: the last recompute run (its time, whether it
failed), the insured share and the counts by reason of the last finished run, and how many
persons' records changed today. Counts come from the run's stored totals, never a count over
the snapshots, so the start page stays quick however many persons there are."""

import datetime
from dataclasses import dataclass, field

from msqory.dashboard import Figure, Panel, admin_url

from . import selectors
from .charts import insured_share
from .models import Reason, RecomputeRun, Status
from .wording import reason_label, window_months


@dataclass(frozen=True)
class ReasonCount:
    status: str
    reason: str
    label: str
    persons: int
    url: str

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass
class StatusFigures:
    shows_runs: bool
    last_run: RecomputeRun | None = None  # the latest run, whatever its state
    last_run_url: str = ""
    failed_runs_url: str = ""
    finished_run: RecomputeRun | None = None  # the latest finished run: its figures are shown
    insured: Figure | None = None
    by_reason: list[ReasonCount] = field(default_factory=list)
    persons_changed: Figure | None = None

    @property
    def failed(self) -> bool:
        return self.last_run is not None and self.last_run.state == RecomputeRun.State.FAILED


def panel(*, user, today: datetime.date) -> Panel | None:
    shows_runs = user.has_perm("status.view_recomputerun") and user.has_perm(
        "status.view_statussnapshot"
    )
    figures = StatusFigures(shows_runs=shows_runs)
    if shows_runs:
        _add_runs(figures)
    if user.has_perm("status.view_person"):
        figures.persons_changed = Figure(
            selectors.persons_changed_on(day=today),
            admin_url("status_person_changelist", changed_at__date=today.isoformat()),
        )
    if not shows_runs and figures.persons_changed is None:
        return None
    return Panel(template="status/dashboard_panel.html", figures=figures)


def _add_runs(figures: StatusFigures) -> None:
    last, finished = selectors.last_recompute_runs()
    if last is None:
        return
    figures.last_run = last
    figures.last_run_url = admin_url("status_recomputerun_change", last.pk)
    figures.failed_runs_url = admin_url(
        "status_recomputerun_changelist", state__exact=RecomputeRun.State.FAILED
    )
    if finished is None:
        return
    figures.finished_run = finished
    share = insured_share(finished.counts)
    figures.insured = Figure(
        None if share is None else round(100 * share, 1),
        admin_url("status_statussnapshot_changelist", status__exact=Status.INSURED),
    )
    window = window_months(on=finished.as_of)
    figures.by_reason = [
        ReasonCount(
            status=status,
            reason=reason,
            label=reason_label(reason, window=window) if window else str(Reason(reason).label),
            persons=persons,
            url=admin_url("status_statussnapshot_changelist", reason__exact=reason),
        )
        for status in Status.values
        for reason, persons in sorted(
            finished.counts.get(status, {}).items(), key=lambda item: -item[1]
        )
    ]

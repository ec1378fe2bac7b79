import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from status import recompute, selectors
from status.models import Reason, Status


class Command(BaseCommand):
    help = (
        "Recompute every person's insured status now (the nightly Celery job, synchronously): "
        "set-based SQL in PostgreSQL. Resumes an unfinished run of the same day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            default=None,
            help="the day to compute the status for, YYYY-MM-DD (today in Asia/Almaty)",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=recompute.DEFAULT_CHUNK_SIZE, help="persons a chunk"
        )

    def handle(self, *, as_of, chunk_size, verbosity, **options):
        as_of = as_of or selectors.today()
        bar = tqdm(total=0, unit="chunk", disable=verbosity == 0, file=self.stderr._out)
        try:
            run = recompute.run_sync(as_of=as_of, chunk_size=chunk_size, progress=bar)
        except recompute.RecomputeBusy:
            raise CommandError(_("Another status recompute is running: try again later.")) from None
        finally:
            bar.close()
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            _(
                "%(day)s: persons %(persons)d, statuses changed %(changes)d, %(seconds)s s;"
                " run %(state)s"
            )
            % {
                "day": run.as_of.isoformat(),
                "persons": run.persons,
                "changes": run.changes,
                "seconds": f"{seconds:.1f}",
                "state": run.get_state_display().lower(),
            }
        )
        for status, reasons in sorted(run.counts.items()):
            for reason, n in sorted(reasons.items()):
                self.stdout.write(f"  {Status(status).label}: {Reason(reason).label}: {n}")

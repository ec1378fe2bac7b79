import datetime

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from status import recompute, selectors


class Command(BaseCommand):
    help = (
        "Recompute every person's insured status now (the nightly Celery job, synchronously). "
        "Set-based SQL on PostgreSQL; on SQLite the pure function person by person. "
        "Resumes an unfinished run of the same day."
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
        except recompute.RecomputeBusy as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            f"{run.as_of}: {run.persons} persons, {run.changes} changes, "
            f"{seconds:.1f} s ({run.method}); state {run.state}"
        )
        for status, reasons in sorted(run.counts.items()):
            for reason, n in sorted(reasons.items()):
                self.stdout.write(f"  {status:12} {reason:22} {n}")

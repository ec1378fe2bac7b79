"""What the two import commands share: open the file, show progress, print the outcome."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

# Files smaller than this load in a blink: no progress bar.
PROGRESS_FROM_BYTES = 1_000_000


class ImportCommand(BaseCommand):
    what = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (UTF-8)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and say what would be added, without writing anything",
        )

    def run_import(self, **kwargs):
        raise NotImplementedError

    def handle(self, *, file: str, dry_run: bool, verbosity: int, **options):
        try:
            size = os.path.getsize(file)
            handle = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            message = _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}
            raise CommandError(message) from None
        bar = tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            desc=os.path.basename(file),
            disable=verbosity < 1 or size < PROGRESS_FROM_BYTES,
            file=self.stderr._out,
        )
        try:
            with handle:
                result = self.run_import(
                    file=handle, dry_run=dry_run, progress=lambda done: bar.update(done - bar.n)
                )
        finally:
            bar.close()
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _(
                    "Nothing was imported: %(lines)d of the file's lines have problems "
                    "(listed above). Correct them and import the file again."
                )
                % {"lines": result.bad_lines}
            )
        summary = self.summary(result)
        if dry_run:
            summary = _("Dry run, nothing was written. %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(summary))

    def summary(self, result) -> str:
        raise NotImplementedError

"""Reading an import's CSV file: rows with their line numbers, and every problem by line.

A file is UTF-8 with a header naming its columns. The reading never stops at a bad line: a
line that is not CSV, has the wrong number of values or holds bytes that are not UTF-8 becomes
a Problem for that line, and the import (payments.py, categories.py) writes nothing.
"""

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# How often the progress callback is told.
_PROGRESS_EVERY = 16_384
# Long values are cut in messages so that one bad line does not flood the report.
_ECHO_LIMIT = 40
# A huge quoted field would otherwise stop the csv module with its own (untranslated) error.
csv.field_size_limit(1_000_000)

Progress = Callable[[int], None]

# Bytes that were not UTF-8 come through as lone surrogates.
NOT_UTF8 = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Problem:
    """One reason why a line of the file cannot be imported (line 1 is the header)."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportResult:
    """What an import did, or would do (dry run), or why it did nothing (`problems`)."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    already_there: int = 0
    persons_created: int = 0
    person_ids: list[int] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_lines(self) -> int:
        return len({problem.line for problem in self.problems})


class Abort(Exception):
    """Raised inside the transaction to roll it back (problems found, or a dry run)."""


def echo(value: str) -> str:
    value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value if len(value) <= _ECHO_LIMIT else value[: _ECHO_LIMIT - 1] + "…"


class CsvFile:
    """The rows of a UTF-8 CSV file with a header, each with its line number in the file.

    Bytes that are not UTF-8 do not stop the reading: they become lone surrogates, which the
    value checks reject with a message for that line. Blank lines are skipped. Lines without a
    quote are split directly (twice as fast as the csv module); a line with quotes goes through
    the csv module, which may read further lines for a quoted line break.
    """

    def __init__(
        self,
        file,
        *,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        problems: list[Problem],
        progress: Progress | None = None,
    ):
        self.raw = file
        self.problems = problems
        self.progress = progress
        self.lines = io.TextIOWrapper(
            file, encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
        self.line = 0  # the number of the last line read
        self.columns: dict[str, int] = {}
        self.width = 0
        self._read_header(required, optional)

    def _record(self, line: str) -> list[str]:
        """The values of the record starting with `line` (raises csv.Error)."""
        if '"' not in line:
            return line.rstrip("\r\n").split(",")
        reader = csv.reader(itertools.chain((line,), self.lines), strict=True)
        try:
            return next(reader, [])
        finally:
            self.line += reader.line_num - 1

    def _read_header(self, required, optional) -> None:
        line = next(self.lines, None)
        self.line = 1
        if line is None or not line.strip():
            self.problems.append(Problem(1, _("The file is empty: it needs a header line.")))
            return
        try:
            header = self._record(line)
        except csv.Error as error:
            self.problems.append(
                Problem(1, _("The header cannot be read (%(error)s).") % {"error": error})
            )
            return
        names = [name.strip().lower() for name in header]
        if any(NOT_UTF8.search(name) for name in names):
            self.problems.append(Problem(1, _("This line is not UTF-8 text.")))
            return
        known = set(required) | set(optional)
        repeated = sorted({name for name in names if names.count(name) > 1})
        unknown = [name for name in names if name not in known]
        missing = [name for name in required if name not in names]
        if repeated:
            self.problems.append(
                Problem(1, _("Columns named twice: %(columns)s.") % {"columns": join(repeated)})
            )
        if unknown:
            self.problems.append(
                Problem(
                    1,
                    _("Unknown columns: %(columns)s. The columns are %(expected)s.")
                    % {
                        "columns": join(map(echo, unknown)),
                        "expected": join((*required, *optional)),
                    },
                )
            )
        if missing:
            self.problems.append(
                Problem(1, _("Missing columns: %(columns)s.") % {"columns": join(missing)})
            )
        if not (repeated or unknown or missing):
            self.columns = {name: index for index, name in enumerate(names)}
            self.width = len(names)

    @property
    def readable(self) -> bool:
        return bool(self.columns)

    def release(self) -> None:
        """Let go of the caller's file without closing it (the caller closes what it opened)."""
        if not self.lines.closed:
            self.lines.detach()

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, values) for each data row of the right width; others are problems."""
        if not self.readable:
            return
        width, problems, progress = self.width, self.problems, self.progress
        raw, csv_error = self.raw, csv.Error
        number = self.line
        for line in self.lines:
            number += 1
            start = number
            if '"' not in line:
                row = line.rstrip("\r\n").split(",")
            else:
                # A quoted value may hold line breaks: the record is reported by its first line.
                self.line = number
                try:
                    row = self._record(line)
                except csv_error as error:
                    problems.append(
                        Problem(
                            start, _("This line is not valid CSV (%(error)s).") % {"error": error}
                        )
                    )
                    continue
                finally:
                    number = self.line
            if progress is not None and not number % _PROGRESS_EVERY:
                progress(raw.tell())
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                problems.append(
                    Problem(
                        start,
                        ngettext(
                            "Expected %(expected)d value, found %(found)d.",
                            "Expected %(expected)d values, found %(found)d.",
                            width,
                        )
                        % {"expected": width, "found": len(row)},
                    )
                )
                continue
            yield start, row
        if progress is not None:
            progress(raw.tell())


def join(items) -> str:
    return ", ".join(items)

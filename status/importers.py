"""Loading the payments ledger and the category registry from CSV files, all or nothing.

`import_payments(file=…)` reads `iin,period,payer_type,amount,paid_on,reference[,payer_bin]`;
`import_categories(file=…)` reads `iin,category,start,end`. Both check every line first: if any
line is wrong, the result lists every bad line with its reason and nothing is written. Otherwise
the rows are added in one transaction; rows already in the database (same payment reference,
same membership) are skipped, so importing a file twice adds nothing. Valid IINs that are not
in the registry yet become persons (birth date and sex read from the IIN). The persons whose
records changed have their status recomputed through the status engine after the commit.

On PostgreSQL the payments go through a streaming pass (the checks in plain Python, the rows
copied with COPY into a temporary staging table while the file is still being read) and two
set-based INSERT … SELECT statements; elsewhere (SQLite for the demo) the same checks feed
bulk_create. Commands and the admin are thin callers of these two functions.
"""

import csv
import datetime
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from contributions.models import PayerType

from . import ledger_partitions
from .iin import parse_iin
from .models import Category, CategoryMembership, Payment, Person
from .services import recompute_persons_later, touch_persons

PAYMENT_COLUMNS = ("iin", "period", "payer_type", "amount", "paid_on", "reference")
PAYMENT_OPTIONAL_COLUMNS = ("payer_bin",)
CATEGORY_COLUMNS = ("iin", "category", "start", "end")

# pg advisory lock held by a payments import from its INSERT to its commit: imports take turns.
IMPORT_LOCK_KEY = 7_310_426_002
# How many rows go to PostgreSQL per COPY write, and how often the progress callback is told.
_COPY_BATCH = 20_000
_PROGRESS_EVERY = 16_384
# Long values are cut in messages so that one bad line does not flood the report.
_ECHO_LIMIT = 40
# A huge quoted field would otherwise stop the csv module with its own (untranslated) error.
csv.field_size_limit(1_000_000)

Progress = Callable[[int], None]


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


class _Abort(Exception):
    """Raised inside the transaction to roll it back (problems found, or a dry run)."""


# --- Reading the file ---------------------------------------------------------------------------


def _echo(value: str) -> str:
    value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value if len(value) <= _ECHO_LIMIT else value[: _ECHO_LIMIT - 1] + "…"


# Characters a reference may not hold: control characters (line breaks, tabs, NUL) and the
# lone surrogates that stand for bytes that were not UTF-8.
_REFERENCE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_NOT_UTF8 = re.compile(r"[\ud800-\udfff]")


class _CsvFile:
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
        if any(_NOT_UTF8.search(name) for name in names):
            self.problems.append(Problem(1, _("This line is not UTF-8 text.")))
            return
        known = set(required) | set(optional)
        repeated = sorted({name for name in names if names.count(name) > 1})
        unknown = [name for name in names if name not in known]
        missing = [name for name in required if name not in names]
        if repeated:
            self.problems.append(
                Problem(1, _("Columns named twice: %(columns)s.") % {"columns": _list(repeated)})
            )
        if unknown:
            self.problems.append(
                Problem(
                    1,
                    _("Unknown columns: %(columns)s. The columns are %(expected)s.")
                    % {
                        "columns": _list(map(_echo, unknown)),
                        "expected": _list((*required, *optional)),
                    },
                )
            )
        if missing:
            self.problems.append(
                Problem(1, _("Missing columns: %(columns)s.") % {"columns": _list(missing)})
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


def _list(items) -> str:
    return ", ".join(items)


# --- Checking values ----------------------------------------------------------------------------


def _iin_facts(iin: str) -> tuple[datetime.date, str] | None:
    """Birth date and sex of a well-formed IIN, or None: the fast path for the common case.

    The same rule as status.iin.parse_iin, without building error messages, so that a million
    rows cost little; parse_iin is asked only for numbers that fail here, to say what is wrong.
    """
    if len(iin) != 12 or not (iin.isascii() and iin.isdigit()):
        return None
    d = [ord(c) - 48 for c in iin]
    century = d[6]
    if not 1 <= century <= 6:
        return None
    remainder = (
        d[0] + 2 * d[1] + 3 * d[2] + 4 * d[3] + 5 * d[4] + 6 * d[5]
        + 7 * d[6] + 8 * d[7] + 9 * d[8] + 10 * d[9] + 11 * d[10]
    ) % 11  # fmt: skip
    if remainder == 10:
        remainder = (
            3 * d[0] + 4 * d[1] + 5 * d[2] + 6 * d[3] + 7 * d[4] + 8 * d[5]
            + 9 * d[6] + 10 * d[7] + 11 * d[8] + d[9] + 2 * d[10]
        ) % 11  # fmt: skip
        if remainder == 10:
            return None
    if remainder != d[11]:
        return None
    try:
        birth_date = datetime.date(
            1800 + 100 * ((century - 1) // 2) + d[0] * 10 + d[1], d[2] * 10 + d[3], d[4] * 10 + d[5]
        )
    except ValueError:
        return None
    return birth_date, "M" if century % 2 else "F"


class _IinChecker:
    """Checks IINs once each: iin → (birth date, sex), remembering the ones that were wrong."""

    def __init__(self):
        self.facts: dict[str, tuple[datetime.date, str]] = {}
        self.errors: dict[str, str] = {}

    def check(self, value: str) -> tuple[str, str | None]:
        """(normalised IIN, None) when valid, else (value, message)."""
        if value in self.facts:
            return value, None
        if value in self.errors:
            return value, self.errors[value]
        found = _iin_facts(value)
        if found is not None:
            self.facts[value] = found
            return value, None
        try:
            facts = parse_iin(value)
        except Exception as error:  # ValidationError, with the reason in the user's language
            message = _("IIN “%(value)s”: %(reason)s") % {
                "value": _echo(value),
                "reason": " ".join(str(m) for m in getattr(error, "messages", [error])),
            }
            self.errors[value] = message
            return value, message
        # Valid once surrounding spaces are gone.
        self.facts[facts.iin] = (facts.birth_date, facts.sex)
        return facts.iin, None


_PERIOD_DASHED = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_PERIOD_COMPACT = re.compile(r"(\d{2})(\d{4})", re.ASCII)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_AMOUNT = re.compile(r"(\d{1,10})(?:\.(\d{1,2}))?", re.ASCII)
_BIN = re.compile(r"\d{12}", re.ASCII)  # \d: ASCII digits only, everywhere here


def parse_period(value: str) -> datetime.date | None:
    """The first day of the month written as YYYY-MM or MMYYYY (the Fund's own form), or None."""
    value = value.strip()
    if matched := _PERIOD_DASHED.fullmatch(value):
        year, month = matched.groups()
    elif matched := _PERIOD_COMPACT.fullmatch(value):
        month, year = matched.groups()
    else:
        return None
    try:
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return None


def parse_date(value: str) -> datetime.date | None:
    """A date written as YYYY-MM-DD, or None."""
    matched = _DATE.fullmatch(value.strip())
    if not matched:
        return None
    try:
        return datetime.date(*map(int, matched.groups()))
    except ValueError:
        return None


def parse_amount(value: str) -> Decimal | None:
    """A sum in tenge with at most two decimals and ten integer digits, or None."""
    matched = _AMOUNT.fullmatch(value.strip())
    return Decimal(matched.group(0)) if matched else None


def _payment_checks(*, payer_types: set[str], today: datetime.date):
    """The value checks of a payment line: each returns (value as text for the database, error)."""

    def period(value: str):
        parsed = parse_period(value)
        if parsed is None:
            return None, _("Period “%(value)s” is not a month: write YYYY-MM or MMYYYY.") % {
                "value": _echo(value)
            }
        return parsed.isoformat(), None

    def payer_type(value: str):
        code = value.strip()
        if code in payer_types:
            return code, None
        return None, _("Unknown payer type “%(value)s”; the payer types are %(choices)s.") % {
            "value": _echo(value),
            "choices": _list(sorted(payer_types)),
        }

    def amount(value: str):
        parsed = parse_amount(value)
        if parsed is None:
            return None, _(
                "Amount “%(value)s” is not a sum in tenge: write digits with a dot and at most "
                "two decimals, e.g. 4250.00."
            ) % {"value": _echo(value)}
        if parsed <= 0:
            return None, _("The amount must be more than zero.")
        return str(parsed), None

    def paid_on(value: str):
        parsed = parse_date(value)
        if parsed is None:
            return None, _("Date paid “%(value)s” is not a date: write YYYY-MM-DD.") % {
                "value": _echo(value)
            }
        if parsed > today:
            return None, _("Date paid %(date)s is in the future.") % {"date": parsed.isoformat()}
        return parsed.isoformat(), None

    def payer_bin(value: str):
        value = value.strip()
        if not value:
            return "", None
        if _BIN.fullmatch(value):
            return value, None
        return None, _("Payer BIN “%(value)s” must be 12 digits (or left empty).") % {
            "value": _echo(value)
        }

    return period, payer_type, amount, paid_on, payer_bin


def _checked_payments(
    source: _CsvFile, *, payer_types: set[str], reference_length: int, iins: _IinChecker
) -> Iterator[tuple[str, str, str, str, str, str, str]]:
    """The valid payment lines as (iin, period, payer type, amount, paid on, BIN, reference).

    Every problem is appended to source.problems; once there is one, nothing written from
    these rows may be kept (the caller rolls back), but reading goes on to report them all.
    This loop is the hot path of a million-row file: each distinct value is checked once and
    remembered (a ledger file repeats a few periods, dates, amounts and persons a lot), so a
    typical row costs a handful of dictionary look-ups.
    """
    problems = source.problems
    columns = source.columns
    i_iin, i_period, i_type, i_amount, i_paid, i_ref = (columns[c] for c in PAYMENT_COLUMNS)
    i_bin = columns.get("payer_bin")
    checks = _payment_checks(payer_types=payer_types, today=timezone.localdate())
    check_period, check_type, check_amount, check_paid, check_bin = checks
    # raw text → value for the database, for the values already found valid
    periods: dict[str, str] = {}
    types: dict[str, str] = {code: code for code in payer_types}
    amounts: dict[str, str] = {}
    dates: dict[str, str] = {}
    bins: dict[str, str] = {"": ""}
    iin_facts, check_iin = iins.facts, iins.check
    references: dict[str, int] = {}
    for line, row in source.rows():
        errors = None
        iin = row[i_iin]
        if iin not in iin_facts:
            iin, error = check_iin(iin)
            if error:
                errors = [error]
        raw = row[i_period]
        per = periods.get(raw)
        if per is None:
            per, error = check_period(raw)
            if error:
                errors = [*(errors or ()), error]
            else:
                periods[raw] = per
        raw = row[i_type]
        typ = types.get(raw)
        if typ is None:
            typ, error = check_type(raw)
            if error:
                errors = [*(errors or ()), error]
            else:
                types[raw] = typ
        raw = row[i_amount]
        amt = amounts.get(raw)
        if amt is None:
            amt, error = check_amount(raw)
            if error:
                errors = [*(errors or ()), error]
            else:
                amounts[raw] = amt
        raw = row[i_paid]
        paid = dates.get(raw)
        if paid is None:
            paid, error = check_paid(raw)
            if error:
                errors = [*(errors or ()), error]
            else:
                dates[raw] = paid
        if i_bin is None:
            bin_ = ""
        else:
            raw = row[i_bin]
            bin_ = bins.get(raw)
            if bin_ is None:
                bin_, error = check_bin(raw)
                if error:
                    errors = [*(errors or ()), error]
                elif len(bins) < 100_000:
                    bins[raw] = bin_
        reference = row[i_ref].strip()
        if not reference:
            errors = [*(errors or ()), _("The reference is empty.")]
        else:
            if len(reference) > reference_length:
                errors = [
                    *(errors or ()),
                    _("The reference is longer than %(limit)d characters.")
                    % {"limit": reference_length},
                ]
            # Control characters (line breaks, tabs, NUL) and bytes that were not UTF-8
            # (lone surrogates) are not printable; spaces inside are fine.
            if not reference.isprintable() and _REFERENCE_FORBIDDEN.search(reference):
                errors = [
                    *(errors or ()),
                    _("The reference holds line breaks, tabs or bytes that are not UTF-8."),
                ]
            first = references.setdefault(reference, line)
            if first != line:
                errors = [
                    *(errors or ()),
                    _("Reference “%(value)s” already appears on line %(line)d.")
                    % {"value": _echo(reference), "line": first},
                ]
        if errors:
            problems.extend(Problem(line, message) for message in errors)
            continue
        yield iin, per, typ, amt, paid, bin_, reference


# --- Payments -----------------------------------------------------------------------------------


def import_payments(
    *,
    file,
    dry_run: bool = False,
    user=None,
    progress: Progress | None = None,
    bulk_copy: bool | None = None,
) -> ImportResult:
    """Check and load a payments CSV (a binary file object), all or nothing.

    With dry_run the import runs and is rolled back, so the result says exactly what would be
    added. `user` is recorded as the author of the created persons' history; `progress` is
    called now and then with the number of bytes read. `bulk_copy` chooses the COPY path
    (default: on PostgreSQL) or the ORM path (elsewhere).
    """
    result = ImportResult(dry_run=dry_run)
    source = _CsvFile(
        file,
        required=PAYMENT_COLUMNS,
        optional=PAYMENT_OPTIONAL_COLUMNS,
        problems=result.problems,
        progress=progress,
    )
    if not source.readable:
        source.release()
        return result
    iins = _IinChecker()
    rows = _checked_payments(
        source,
        payer_types=set(PayerType.objects.values_list("code", flat=True)),
        reference_length=Payment._meta.get_field("reference").max_length,
        iins=iins,
    )
    if bulk_copy is None:
        bulk_copy = connection.vendor == "postgresql"
    load = _load_payments_postgresql if bulk_copy else _load_payments_orm
    try:
        with transaction.atomic():
            load(rows=rows, iins=iins, result=result, user=user)
            if result.problems or dry_run:
                raise _Abort
    except _Abort:
        if result.problems:
            result.added = result.already_there = result.persons_created = 0
            result.person_ids = []
    finally:
        source.release()
    return result


def _copy_text(value: str) -> str:
    return value.replace("\\", "\\\\")


def _load_payments_postgresql(*, rows, iins: _IinChecker, result: ImportResult, user) -> None:
    """COPY the checked rows into a staging table while reading, then two INSERT … SELECT."""
    with connection.cursor() as cursor:
        # Inside an outer transaction an earlier import's tables may still exist.
        cursor.execute(
            "DROP TABLE IF EXISTS import_payment_rows, import_person_rows, import_new_person_rows"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE import_payment_rows ("
            " iin varchar(12) NOT NULL, period date NOT NULL, payer_type text NOT NULL,"
            " amount numeric(12, 2) NOT NULL, paid_on date NOT NULL, payer_bin text NOT NULL,"
            " reference text NOT NULL) ON COMMIT DROP"
        )
        # Copy while reading: PostgreSQL parses the rows on the other core as Python checks
        # the next ones. Once a problem is found nothing more is sent (it will be rolled back).
        with cursor.copy("COPY import_payment_rows FROM STDIN") as copy:
            batch: list[str] = []
            count = 0
            problems = result.problems
            for iin, period, payer_type, amount, paid_on, payer_bin, reference in rows:
                count += 1
                if problems:
                    continue
                if "\\" in reference:
                    reference = _copy_text(reference)
                batch.append(
                    f"{iin}\t{period}\t{payer_type}\t{amount}\t{paid_on}\t{payer_bin}\t{reference}\n"
                )
                if len(batch) >= _COPY_BATCH:
                    copy.write("".join(batch))
                    batch.clear()
            if batch and not problems:
                copy.write("".join(batch))
        result.rows = count
        if result.problems:
            return
        cursor.execute("ANALYZE import_payment_rows")
        result.persons_created = _create_persons_postgresql(cursor, iins=iins, user=user)
        payment = Payment._meta
        person = Person._meta
        columns, values = _insert_columns(
            payment,
            {
                "person": "p.id",
                "period": "s.period",
                "payer_type": "s.payer_type",
                "amount": "s.amount",
                "paid_on": "s.paid_on",
                "payer_bin": "s.payer_bin",
                "reference": "s.reference",
            },
        )
        iin = person.get_field("iin").column
        # Imports take turns from here to their commit, so the rows an import skips as already
        # there are those committed before it: a plain INSERT of the others is safe against
        # imports, and about a quarter faster than INSERT … ON CONFLICT on a million rows.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
        # The references the ledger has leave the staging table before anything is inserted.
        # Checked inside the INSERT instead, a small ledger's check can be planned as a scan of
        # the ledger per row, and the ledger grows as the INSERT runs: hours for a million rows.
        # The partitioned ledger keeps its references, one row each, in its register.
        cursor.execute(
            f"DELETE FROM import_payment_rows s USING {ledger_partitions.REGISTER} x"  # noqa: S608
            " WHERE x.reference = s.reference"
        )
        every_row_new = cursor.rowcount == 0
        insert = (
            f"INSERT INTO {payment.db_table} ({columns})"  # noqa: S608 - names from the models
            f" SELECT {values.sql} FROM import_payment_rows s"
            f" JOIN {person.db_table} p ON p.{iin} = s.iin"
        )
        try:
            with transaction.atomic():
                cursor.execute(insert, values.params)
        except IntegrityError:
            # Something other than an import wrote meanwhile. Either staff deleted a person the
            # file names (status/ledger_integrity.py refused their payments): say so. Or a clerk
            # saved a payment with one of these references: skip it as already there.
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM import_person_rows s"  # noqa: S608
                f" WHERE NOT EXISTS (SELECT 1 FROM {person.db_table} p WHERE p.{iin} = s.iin))"
            )
            if cursor.fetchone()[0]:
                message = _(
                    "A person this file names was deleted from the registry while the file was"
                    " being imported. Nothing was imported: please import the file again."
                )
                result.problems.append(Problem(1, message))
                return
            cursor.execute(
                f"{insert} WHERE NOT EXISTS (SELECT 1 FROM {ledger_partitions.REGISTER} x"  # noqa: S608
                " WHERE x.reference = s.reference)",
                values.params,
            )
        result.added = cursor.rowcount
        if result.added:
            # The persons whose payments changed: their stored status is now stale. When every
            # row was new they are the file's persons (import_person_rows, one row each).
            named = "import_person_rows" if every_row_new else "import_payment_rows"
            cursor.execute(
                f"WITH touched AS (UPDATE {person.db_table}"  # noqa: S608
                f" SET {person.get_field('changed_at').column} = now()"
                f" WHERE {iin} IN (SELECT iin FROM {named}) RETURNING {person.pk.column} AS id)"
                f" SELECT array_agg(id ORDER BY id) FROM touched"
            )
            result.person_ids = cursor.fetchone()[0]
        result.already_there = result.rows - result.added
        cursor.execute("DROP TABLE import_payment_rows, import_person_rows, import_new_person_rows")
        # Recompute those persons through the status engine once the import is committed.
        person_ids = result.person_ids
        transaction.on_commit(lambda: recompute_persons_later(person_ids=person_ids))


@dataclass
class _Values:
    sql: str
    params: list


def _insert_columns(meta, given: dict) -> tuple[str, _Values]:
    """Column list and SELECT expressions for an INSERT … SELECT into `meta`'s model.

    `given` maps field names to SQL expressions, or to ("%s", value) for a parameter; the other
    fields get now() (auto_now, auto_now_add), their default, NULL or the empty string, so a
    field added to the model later does not break the import: a required field without any
    of those raises here.
    """
    columns, expressions, params = [], [], []
    for model_field in meta.concrete_fields:
        if model_field.primary_key and model_field.name not in given:
            continue
        columns.append(connection.ops.quote_name(model_field.column))
        expression = given.get(model_field.name)
        if isinstance(expression, tuple):
            expression, value = expression
            params.append(value)
        if expression is not None:
            expressions.append(expression)
        elif getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            expressions.append("now()")
        elif model_field.has_default() or (
            not model_field.null and model_field.empty_strings_allowed
        ):
            expressions.append("%s")
            params.append(model_field.get_db_prep_save(model_field.get_default(), connection))
        elif model_field.null:
            expressions.append("NULL")
        else:
            raise LookupError(f"{meta.label}.{model_field.name}: no value for an import")
    return ", ".join(columns), _Values(", ".join(expressions), params)


def _create_persons_postgresql(cursor, *, iins: _IinChecker, user) -> int:
    """Insert the persons the file names and the registry lacks, with their history rows."""
    cursor.execute(
        "CREATE TEMPORARY TABLE import_person_rows ("
        " iin varchar(12) PRIMARY KEY, birth_date date NOT NULL, sex varchar(1) NOT NULL)"
        " ON COMMIT DROP"
    )
    with cursor.copy("COPY import_person_rows FROM STDIN") as copy:
        copy.write(
            "".join(
                f"{iin}\t{birth_date.isoformat()}\t{sex}\n"
                for iin, (birth_date, sex) in iins.facts.items()
            )
        )
    person = Person._meta
    history = Person.history.model._meta
    iin_column = person.get_field("iin").column
    columns, values = _insert_columns(
        person,
        {"iin": "s.iin", "birth_date": "s.birth_date", "sex": "s.sex"},
    )
    person_columns = [f.column for f in person.concrete_fields]
    history_given = {
        f.name: f"c.{connection.ops.quote_name(f.column)}"
        for f in person.concrete_fields
        if f.name not in ("id",)
    }
    history_given.update(
        {
            "id": "c.id",
            "history_date": "now()",
            "history_type": "'+'",
            "history_change_reason": ("%s", _("Created by a payments import")),
            "history_user": ("%s", getattr(user, "pk", None)),
        }
    )
    history_columns, history_values = _insert_columns(history, history_given)
    # The persons the registry lacks are found first, into a table of their own: checked inside
    # the INSERT, a small registry's check can be planned as a scan of the registry per row,
    # and the registry grows as the INSERT runs.
    cursor.execute(
        "CREATE TEMPORARY TABLE import_new_person_rows ON COMMIT DROP AS"  # noqa: S608
        " SELECT s.* FROM import_person_rows s"
        f" WHERE NOT EXISTS (SELECT 1 FROM {person.db_table} x WHERE x.{iin_column} = s.iin)"
    )
    cursor.execute(
        f"WITH created AS ("  # noqa: S608 - names from the models' metadata
        f" INSERT INTO {person.db_table} ({columns})"
        f" SELECT {values.sql} FROM import_new_person_rows s"
        f" ON CONFLICT ({iin_column}) DO NOTHING"
        f" RETURNING {', '.join(connection.ops.quote_name(c) for c in person_columns)}),"
        f" recorded AS (INSERT INTO {history.db_table} ({history_columns})"
        f" SELECT {history_values.sql} FROM created c RETURNING 1)"
        f" SELECT count(*) FROM recorded",
        [*values.params, *history_values.params],
    )
    return cursor.fetchone()[0]


def _touch_persons(person_ids: list[int]) -> None:
    """Mark the persons as changed (their stored status is stale) and have the status engine
    recompute them once the import is committed."""
    for start in range(0, len(person_ids), 10_000):
        touch_persons(person_ids=person_ids[start : start + 10_000])


def _load_payments_orm(*, rows, iins: _IinChecker, result: ImportResult, user) -> None:
    """The same import through the ORM, for SQLite (the demo) and small files."""
    valid = list(rows)
    result.rows = len(valid)
    if result.problems:
        return
    persons = _ensure_persons(iins=iins, user=user, reason=_("Created by a payments import"))
    result.persons_created = persons.created
    existing = _existing_references([row[6] for row in valid])
    new = [
        Payment(
            person_id=persons.ids[iin],
            period=datetime.date.fromisoformat(period),
            payer_type_id=payer_type,
            amount=Decimal(amount),
            paid_on=datetime.date.fromisoformat(paid_on),
            payer_bin=payer_bin,
            reference=reference,
        )
        for iin, period, payer_type, amount, paid_on, payer_bin, reference in valid
        if reference not in existing
    ]
    Payment.objects.bulk_create(new, batch_size=2000)
    result.added = len(new)
    result.already_there = len(valid) - len(new)
    result.person_ids = sorted({payment.person_id for payment in new})
    _touch_persons(result.person_ids)


def _existing_references(references: list[str]) -> set[str]:

    found: set[str] = set()
    for start in range(0, len(references), 500):
        found.update(
            Payment.objects.filter(reference__in=references[start : start + 500]).values_list(
                "reference", flat=True
            )
        )
    return found


@dataclass
class _Persons:
    ids: dict[str, int]
    created: int


def _ensure_persons(*, iins: _IinChecker, user, reason: str) -> _Persons:
    """Person ids for every valid IIN seen, creating (with history) the ones not registered."""
    wanted = list(iins.facts)
    ids: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        ids.update(
            Person.objects.filter(iin__in=wanted[start : start + 500]).values_list("iin", "pk")
        )
    missing = [iin for iin in wanted if iin not in ids]
    new = []
    for iin in missing:
        birth_date, sex = iins.facts[iin]
        new.append(Person(iin=iin, birth_date=birth_date, sex=sex))
    if new:
        for person in new:
            person._change_reason = reason
        bulk_create_with_history(
            new, Person, batch_size=500, default_user=user, default_change_reason=reason
        )
        for start in range(0, len(missing), 500):
            ids.update(
                Person.objects.filter(iin__in=missing[start : start + 500]).values_list("iin", "pk")
            )
    return _Persons(ids=ids, created=len(new))


# --- Categories ---------------------------------------------------------------------------------


def import_categories(
    *,
    file,
    dry_run: bool = False,
    user=None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check and load a category memberships CSV (iin,category,start,end), all or nothing.

    A membership is the same when IIN, category and start date are the same: it is skipped if
    its end date is unchanged, and its end date is updated otherwise (a membership that ended).
    """
    result = ImportResult(dry_run=dry_run)
    source = _CsvFile(file, required=CATEGORY_COLUMNS, problems=result.problems, progress=progress)
    if not source.readable:
        source.release()
        return result
    iins = _IinChecker()
    categories = set(Category.objects.values_list("code", flat=True))
    columns = source.columns
    i_iin, i_category, i_start, i_end = (columns[c] for c in CATEGORY_COLUMNS)
    seen: dict[tuple[str, str, datetime.date], int] = {}
    valid: list[tuple[str, str, datetime.date, datetime.date | None]] = []
    problems = result.problems
    for line, row in source.rows():
        result.rows += 1
        errors = []
        iin, error = iins.check(row[i_iin])
        if error:
            errors.append(error)
        category = row[i_category].strip()
        if category not in categories:
            errors.append(
                _("Unknown category “%(value)s”; the categories are %(choices)s.")
                % {"value": _echo(category), "choices": _list(sorted(categories))}
            )
        start = parse_date(row[i_start])
        if start is None:
            errors.append(
                _("Start date “%(value)s” is not a date: write YYYY-MM-DD.")
                % {"value": _echo(row[i_start])}
            )
        end = None
        if row[i_end].strip():
            end = parse_date(row[i_end])
            if end is None:
                errors.append(
                    _("End date “%(value)s” is not a date: write YYYY-MM-DD or leave it empty.")
                    % {"value": _echo(row[i_end])}
                )
            elif start is not None and end < start:
                errors.append(_("The end date is before the start date."))
        if not error and start is not None and category in categories:
            first = seen.setdefault((iin, category, start), line)
            if first != line:
                errors.append(
                    _("The same membership (IIN, category and start) is on line %(line)d already.")
                    % {"line": first}
                )
        if errors:
            problems.extend(Problem(line, message) for message in errors)
            continue
        valid.append((iin, category, start, end))
    source.release()
    if result.problems:
        return result
    try:
        with transaction.atomic():
            _load_categories(valid=valid, iins=iins, result=result, user=user)
            if dry_run:
                raise _Abort
    except _Abort:
        pass
    return result


def _load_categories(*, valid, iins: _IinChecker, result: ImportResult, user) -> None:
    """Add the new memberships, close the ones with a new end date (with history)."""
    persons = _ensure_persons(
        iins=iins, user=user, reason=_("Created by a category memberships import")
    )
    result.persons_created = persons.created
    person_ids = sorted(set(persons.ids.values()))
    existing: dict[tuple[int, str, datetime.date], CategoryMembership] = {}
    for start in range(0, len(person_ids), 500):
        for membership in CategoryMembership.objects.filter(
            person_id__in=person_ids[start : start + 500]
        ):
            key = (membership.person_id, membership.category_id, membership.start)
            existing[key] = membership
    new, changed = [], []
    for iin, category, start, end in valid:
        person_id = persons.ids[iin]
        membership = existing.get((person_id, category, start))
        if membership is None:
            new.append(
                CategoryMembership(person_id=person_id, category_id=category, start=start, end=end)
            )
        elif membership.end != end:
            membership.end = end
            changed.append(membership)
    bulk_create_with_history(new, CategoryMembership, batch_size=2000, default_user=user)
    bulk_update_with_history(
        changed, CategoryMembership, ["end"], batch_size=2000, default_user=user
    )
    result.added, result.updated = len(new), len(changed)
    result.already_there = len(valid) - len(new) - len(changed)
    result.person_ids = sorted({m.person_id for m in new} | {m.person_id for m in changed})
    _touch_persons(result.person_ids)

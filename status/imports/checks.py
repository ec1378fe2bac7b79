"""The checks of an import's values: IINs, and every value of a payment line.

Each distinct value is checked once and remembered (a ledger file repeats a few periods,
dates, amounts and persons a lot), so a typical line of a million-row file costs a handful of
dictionary look-ups. A bad value gives a message that names it, in the reader's language.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from contributions.parsing import parse_amount, parse_iso_date, parse_period
from msqory.months import add_months

from ..iin import iin_facts_or_none, parse_iin
from .csvfile import CsvFile, Problem, echo, join

PAYMENT_COLUMNS = ("iin", "period", "payer_type", "amount", "paid_on", "reference")
PAYMENT_OPTIONAL_COLUMNS = ("payer_bin",)
_BIN = re.compile(r"\d{12}", re.ASCII)  # \d: ASCII digits only, everywhere here
# No period or payment date before MSHI payments began (July 2017), none for a month more than
# this far ahead (prepayments are for at most the next 12 months; 24 leaves room).
FIRST_PAYMENT_MONTH = datetime.date(2017, 1, 1)
PERIODS_AHEAD = 24
# Unicode's "format" characters: zero-width spaces and joiners, bidirectional marks and
# overrides, the byte-order mark. Invisible in a reference, they make it read as another one.
_INVISIBLE = "Cf"
# Control characters (line breaks, tabs, NUL), lone surrogates (bytes that were not UTF-8) and
# the Unicode line and paragraph separators.
_CONTROL = {"Cc", "Cs", "Zl", "Zp"}


@dataclass(frozen=True)
class Limits:
    """The range of values a payment line may hold on a day."""

    first_period: datetime.date
    last_period: datetime.date
    first_paid_on: datetime.date
    max_amount: Decimal

    @classmethod
    def on(cls, today: datetime.date) -> "Limits":
        return cls(
            first_period=FIRST_PAYMENT_MONTH,
            last_period=add_months(today, PERIODS_AHEAD),
            first_paid_on=FIRST_PAYMENT_MONTH,
            max_amount=Decimal(settings.PAYMENT_IMPORT_MAX_AMOUNT),
        )


class IinChecker:
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
        found = iin_facts_or_none(value)
        if found is not None:
            self.facts[value] = (found.birth_date, found.sex)
            return value, None
        try:
            facts = parse_iin(value)
        except ValidationError as error:  # with the reason in the user's language
            message = _("IIN “%(value)s”: %(reason)s") % {
                "value": echo(value),
                "reason": " ".join(str(m) for m in error.messages),
            }
            self.errors[value] = message
            return value, message
        # Valid once surrounding spaces are gone.
        self.facts[facts.iin] = (facts.birth_date, facts.sex)
        return facts.iin, None


def _reference_problem(reference: str) -> str | None:
    """Why a reference with characters that do not print is refused, or None if it is fine
    (a no-break space, a private-use character)."""
    kinds = {unicodedata.category(c) for c in reference if not c.isprintable()}
    if _INVISIBLE in kinds:
        return _(
            "The reference holds invisible or bidirectional characters (e.g. zero-width spaces,"
            " direction marks): it could read as another reference."
        )
    if kinds & _CONTROL:
        return _("The reference holds line breaks, tabs or bytes that are not UTF-8.")
    return None


def _payment_checks(*, payer_types: set[str], today: datetime.date, limits: "Limits"):
    """The value checks of a payment line: each returns (value as text for the database, error)."""

    def period(value: str):
        parsed = parse_period(value)
        if parsed is None:
            return None, _("Period “%(value)s” is not a month: write YYYY-MM or MMYYYY.") % {
                "value": echo(value)
            }
        if parsed < limits.first_period:
            return None, _("Period %(period)s is before %(first)s, when MSHI payments began.") % {
                "period": f"{parsed:%Y-%m}",
                "first": f"{limits.first_period:%Y-%m}",
            }
        if parsed > limits.last_period:
            return None, _(
                "Period %(period)s is more than %(months)d months ahead: a payment can be for "
                "%(last)s at the latest."
            ) % {
                "period": f"{parsed:%Y-%m}",
                "months": PERIODS_AHEAD,
                "last": f"{limits.last_period:%Y-%m}",
            }
        return parsed.isoformat(), None

    def payer_type(value: str):
        code = value.strip()
        if code in payer_types:
            return code, None
        return None, _("Unknown payer type “%(value)s”; the payer types are %(choices)s.") % {
            "value": echo(value),
            "choices": join(sorted(payer_types)),
        }

    def amount(value: str):
        parsed = parse_amount(value)
        if parsed is None:
            return None, _(
                "Amount “%(value)s” is not a sum in tenge: write digits with a dot and at most "
                "two decimals, e.g. 4250.00."
            ) % {"value": echo(value)}
        if parsed <= 0:
            return None, _("The amount must be more than zero.")
        if parsed > limits.max_amount:
            return None, _(
                "Amount %(amount)s is more than %(limit)s tenge, the most one payment may be."
            ) % {"amount": parsed, "limit": limits.max_amount}
        return str(parsed), None

    def paid_on(value: str):
        parsed = parse_iso_date(value)
        if parsed is None:
            return None, _("Date paid “%(value)s” is not a date: write YYYY-MM-DD.") % {
                "value": echo(value)
            }
        if parsed > today:
            return None, _("Date paid %(date)s is in the future.") % {"date": parsed.isoformat()}
        if parsed < limits.first_paid_on:
            return None, _("Date paid %(date)s is before %(first)s, when MSHI payments began.") % {
                "date": parsed.isoformat(),
                "first": limits.first_paid_on.isoformat(),
            }
        return parsed.isoformat(), None

    def payer_bin(value: str):
        value = value.strip()
        if not value:
            return "", None
        if _BIN.fullmatch(value):
            return value, None
        return None, _("Payer BIN “%(value)s” must be 12 digits (or left empty).") % {
            "value": echo(value)
        }

    return period, payer_type, amount, paid_on, payer_bin


def checked_payments(
    source: CsvFile, *, payer_types: set[str], reference_length: int, iins: IinChecker
) -> Iterator[tuple[int, str, str, str, str, str, str, str]]:
    """The valid payment lines as (line, iin, period, payer type, amount, paid on, BIN,
    reference).

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
    today = timezone.localdate()
    checks = _payment_checks(payer_types=payer_types, today=today, limits=Limits.on(today))
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
            # Control characters (line breaks, tabs, NUL), bytes that were not UTF-8 (lone
            # surrogates), invisible and bidirectional characters are not printable (spaces
            # inside are fine): such a reference would read as another one.
            if not reference.isprintable() and (problem := _reference_problem(reference)):
                errors = [*(errors or ()), problem]
            first = references.setdefault(reference, line)
            if first != line:
                errors = [
                    *(errors or ()),
                    _("Reference “%(value)s” already appears on line %(line)d.")
                    % {"value": echo(reference), "line": first},
                ]
        if errors:
            problems.extend(Problem(line, message) for message in errors)
            continue
        yield line, iin, per, typ, amt, paid, bin_, reference

"""Reading months, dates and tenge amounts: the one module that parses them.

Two kinds of input: what people type in a form or send to the API (`parse_month`,
`parse_money`: lenient about separators and spaces), and the Fund's own files, read by the
imports (`parse_period`, `parse_iso_date`, `parse_amount`: exactly the forms the files use, so
that a line in another form is reported rather than guessed).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

MONTH_PATTERNS = [
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$"),  # 2025-07 (input type=month, the API)
    re.compile(r"^(?P<month>\d{1,2})[./](?P<year>\d{4})$"),  # 07.2025, 7/2025
    re.compile(r"^(?P<month>\d{2})(?P<year>\d{4})$"),  # 072025 (MMYYYY of payment orders)
]
MONEY_PATTERN = re.compile(r"^\d+(\.\d{1,2})?$")
MAX_MONEY = Decimal("9999999999.99")


def parse_month(text: str) -> datetime.date | None:
    """The first day of the month typed, or None if it is not a month."""
    text = (text or "").strip()
    for pattern in MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = int(match["year"]), int(match["month"])
            if 1 <= month <= 12 and 1900 <= year <= 2999:
                return datetime.date(year, month, 1)
            return None
    return None


class MoneyError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_money(text) -> Decimal:
    """470 000 · 470000,50 · 470 000.50 → Decimal; raises MoneyError("invalid"|"negative")."""
    if isinstance(text, int | Decimal):
        text = str(text)
    cleaned = re.sub(r"[\s\u00a0\u202f_]", "", str(text or "")).replace(",", ".")
    if cleaned.endswith(("₸", "тг", "KZT")):
        cleaned = cleaned.rstrip("₸").removesuffix("тг").removesuffix("KZT")
    negative = cleaned.startswith("-")
    if negative:
        cleaned = cleaned[1:]
    if not MONEY_PATTERN.match(cleaned):
        raise MoneyError("invalid")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise MoneyError("invalid") from None
    if negative and value != 0:
        raise MoneyError("negative")
    if value > MAX_MONEY:
        raise MoneyError("too_large")
    return value


# --- the Fund's files (status.imports) ---------------------------------------------------------

_PERIOD_DASHED = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_PERIOD_COMPACT = re.compile(r"(\d{2})(\d{4})", re.ASCII)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_AMOUNT = re.compile(r"(\d{1,10})(?:\.(\d{1,2}))?", re.ASCII)


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


def parse_iso_date(value: str) -> datetime.date | None:
    """A date written as YYYY-MM-DD, or None."""
    matched = _ISO_DATE.fullmatch(value.strip())
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

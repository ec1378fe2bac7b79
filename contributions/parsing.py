"""Reading months and tenge amounts as people type them: shared by the form and the API."""

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

"""The IIN (individual identification number) check of docs/domain.md §1, the one used everywhere.

12 digits: YYMMDD birth date, a century-and-sex digit (1/2 → 1800s, 3/4 → 1900s, 5/6 → 2000s;
odd male, even female), a four-digit serial and a check digit.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

IIN_LENGTH = 12
_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}

MALE = "M"
FEMALE = "F"


@dataclass(frozen=True)
class IinFacts:
    """What an IIN says about its holder."""

    iin: str
    birth_date: datetime.date
    sex: str


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for these 11 digits, or None when no valid IIN can start with them."""
    digits = [int(c) for c in first_eleven]
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def parse_iin(value: str) -> IinFacts:
    """Check an IIN and return what it encodes; raise ValidationError saying which part is wrong."""
    iin = (value or "").strip()
    if len(iin) != IIN_LENGTH:
        raise ValidationError(
            ngettext_lazy(
                "An IIN has exactly 12 digits; this one has %(length)d character.",
                "An IIN has exactly 12 digits; this one has %(length)d characters.",
                "length",
            ),
            code="iin_length",
            params={"length": len(iin)},
        )
    if not (iin.isascii() and iin.isdigit()):
        raise ValidationError(_("An IIN consists of digits only."), code="iin_digits")
    century_digit = int(iin[6])
    if century_digit not in _CENTURY_BY_DIGIT:
        raise ValidationError(
            _("The 7th digit of an IIN (century and sex) must be from 1 to 6."),
            code="iin_century",
        )
    year = _CENTURY_BY_DIGIT[century_digit] + int(iin[0:2])
    try:
        birth_date = datetime.date(year, int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        raise ValidationError(
            _("The first six digits of an IIN are a birth date (YYMMDD); %(date)s is not a date."),
            code="iin_date",
            params={"date": iin[0:6]},
        ) from None
    if check_digit(iin[:11]) != int(iin[11]):
        raise ValidationError(
            _("The IIN's check digit does not match: please check the number for a typo."),
            code="iin_checksum",
        )
    return IinFacts(iin=iin, birth_date=birth_date, sex=MALE if century_digit % 2 else FEMALE)


def iin_facts_or_none(value: str) -> IinFacts | None:
    """What a valid IIN encodes, or None: parse_iin's checks without building a message (the
    bulk imports check a million of them; parse_iin then says what is wrong with the few)."""
    if len(value) != IIN_LENGTH or not (value.isascii() and value.isdigit()):
        return None
    century_digit = ord(value[6]) - 48
    century = _CENTURY_BY_DIGIT.get(century_digit)
    if century is None or check_digit(value[:11]) != ord(value[11]) - 48:
        return None
    try:
        birth_date = datetime.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return None
    return IinFacts(iin=value, birth_date=birth_date, sex=MALE if century_digit % 2 else FEMALE)


def validate_iin(value: str) -> None:
    """Django validator for model fields, forms and serializers."""
    parse_iin(value)


def make_iin(birth_date: datetime.date, sex: str, serial: int) -> str | None:
    """Build a synthetic IIN for demo and test data, or None when this serial has no check digit."""
    century_digit = (birth_date.year // 100 - 18) * 2 + (1 if sex == MALE else 2)
    first_eleven = f"{birth_date:%y%m%d}{century_digit}{serial:04d}"
    digit = check_digit(first_eleven)
    return None if digit is None else f"{first_eleven}{digit}"

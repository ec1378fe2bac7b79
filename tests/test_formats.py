"""Dates and numbers read the way each language writes them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import formats, translation


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "2026 ж. 23 қараша"), ("ru", "23 ноября 2026 г."), ("en", "Nov. 23, 2026")],
)
def test_long_dates(language, expected):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 11, 23)) == expected


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_numbers_use_a_decimal_comma_and_spaced_thousands(language):
    with translation.override(language):
        text = formats.number_format(Decimal("1200000.50"), 2, use_l10n=True, force_grouping=True)
    assert text == "1\xa0200\xa0000,50"


def test_kazakh_months_are_lower_case_inside_dates():
    with translation.override("kk"):
        assert (
            formats.date_format(datetime.date(2025, 7, 1), "YEAR_MONTH_FORMAT") == "2025 ж. шілде"
        )

"""Due dates count working days by Kazakhstan's calendar, transferred days included."""

import datetime

import pytest

from refunds.models import CalendarDay
from refunds.workdays import add_working_days, is_working_day

pytestmark = pytest.mark.django_db
D = datetime.date


def test_fifteen_working_days_across_nauryz_and_the_march_8_holiday():
    # Fri 13 March 2026: 16–20 March (5), Nauryz 21–25 March (Sat–Wed, 23–25 off),
    # 26–27 (7), 30 March–3 April (12), 6–8 April (15).
    assert add_working_days(D(2026, 3, 13), 15) == D(2026, 4, 8)
    assert not is_working_day(D(2026, 3, 24)), "Nauryz falling on a weekend moves to Tuesday"
    assert not is_working_day(D(2026, 3, 9)), "8 March on a Sunday moves to Monday"


def test_fifteen_working_days_across_new_year_and_orthodox_christmas():
    # Thu 25 Dec 2025: 26 (1), 29–31 (4), 1–2 Jan off, 5–6 (6), 7 Jan off, 8–9 (8),
    # 12–16 (13), 19–20 (15).
    assert add_working_days(D(2025, 12, 25), 15) == D(2026, 1, 20)


def test_a_transferred_day_off_entered_by_staff_moves_the_due_date():
    start = D(2026, 11, 23)
    assert add_working_days(start, 15) == D(2026, 12, 14)
    CalendarDay.objects.create(date=D(2026, 12, 1), is_working_day=False, description="test")
    assert add_working_days(start, 15) == D(2026, 12, 15)
    CalendarDay.objects.create(date=D(2026, 12, 5), is_working_day=True, description="test")
    assert add_working_days(start, 15) == D(2026, 12, 14), "the worked Saturday counts"


def test_the_seeded_transfers_of_recent_years_are_known():
    # Government decree: Saturday 4 May 2024 worked, Wednesday 8 May 2024 off.
    assert is_working_day(D(2024, 5, 4))
    assert not is_working_day(D(2024, 5, 8))
    assert add_working_days(D(2024, 5, 3), 1) == D(2024, 5, 4)
    # Sunday 5 January 2025 worked instead of Friday 3 January.
    assert not is_working_day(D(2025, 1, 3))
    assert is_working_day(D(2025, 1, 5))


def test_staff_rows_win_over_the_statutory_calendar():
    CalendarDay.objects.update_or_create(
        date=D(2024, 5, 8), defaults={"is_working_day": True, "description": "corrected"}
    )
    assert is_working_day(D(2024, 5, 8))

"""Working days by Kazakhstan's calendar: weekends, public holidays and the days the
Government transfers.

Public holidays (and the transfers the `holidays` package already knows) come from
`holidays.country_holidays("KZ")`; the rows of `CalendarDay`, which Fund staff edit in the
admin, win over it: a transferred day off, or a weekend day that is worked.
"""

import datetime
from functools import lru_cache

import holidays

from .models import CalendarDay

# Far enough for any deadline: 15 working days never span more than ~6 calendar weeks.
_LOOKAHEAD_DAYS = 120


@lru_cache(maxsize=64)
def _statutory(year: int) -> tuple[frozenset, frozenset]:
    """(days off, weekend days that are worked) of one year, from the holidays package."""
    calendar = holidays.country_holidays("KZ", years=year)
    days_off = frozenset(calendar)
    worked = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return days_off, worked


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    return dict(
        CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working_day")
    )


def _is_working(day: datetime.date, overrides: dict[datetime.date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    days_off, worked = _statutory(day.year)
    if day in worked:
        return True
    return day.weekday() < 5 and day not in days_off


def is_working_day(day: datetime.date) -> bool:
    return _is_working(day, _overrides(day, day))


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (the day of `start` itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    horizon = start + datetime.timedelta(days=_LOOKAHEAD_DAYS)
    overrides = _overrides(start, horizon)
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if day > horizon:
            horizon = day + datetime.timedelta(days=_LOOKAHEAD_DAYS)
            overrides |= _overrides(day, horizon)
        if _is_working(day, overrides):
            counted += 1
    return day

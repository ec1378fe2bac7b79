"""Months as the portal counts them: the first day of a month, or an integer index.

Every rule of docs/domain.md is stated in months (a payment's period, a rule's validity, the
status window). Months are counted by number (year × 12 + month − 1), never by stepping dates,
so arithmetic near 9999-12 never overflows and a year boundary is nothing special.
"""

import datetime


def month_index(day: datetime.date) -> int:
    """The month of `day` as year × 12 + month − 1."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> datetime.date:
    """The first day of month number `index`."""
    return datetime.date(index // 12, index % 12 + 1, 1)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before) `day`'s month."""
    return month_start(month_index(day) + months)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of every month from start's month to end's month, inclusive."""
    return [month_start(i) for i in range(month_index(start), month_index(end) + 1)]

"""Payments for test people, so each test says only which months are paid and by whom."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from status.models import Payment


def pay(
    person,
    periods: Iterable[datetime.date],
    *,
    payer_type: str = "employer",
    amount: str = "25500.00",
    reference: str = "T",
    **extra,
) -> None:
    """One payment for each month in `periods`, paid on the month's first day."""
    for number, period in enumerate(periods):
        Payment.objects.create(
            person=person,
            period=period,
            payer_type_id=payer_type,
            amount=Decimal(amount),
            paid_on=period,
            reference=f"{reference}-{person.iin}-{number}",
            **extra,
        )

"""Months paid in advance: the run of months from the current one onward that the person's
payments cover. Paid for a whole window (12 months), they give the `prepaid_12_months` status
(docs/domain.md §3, Gain) whatever debt came before, and the status page lists them, since its
grid shows only the past.

A read of the ledger only: the status itself always comes from status.snapshots.
"""

import datetime

from msqory.months import month_index, month_start

from .models import Payment


def months_paid_ahead(*, iin: str, on: datetime.date) -> list[datetime.date]:
    """The consecutive months from `on`'s month onward with a payment that is not refunded."""
    first = month_index(on)
    periods = {
        month_index(period)
        for period in Payment.objects.filter(
            person__iin=iin, refunded=False, period__gte=month_start(first)
        ).values_list("period", flat=True)
    }
    run = []
    while first + len(run) in periods:
        run.append(month_start(first + len(run)))
    return run

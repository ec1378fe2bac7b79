"""Reads of the lapse warnings: whether a warning is due, the "how to pay it right" block,
subscriptions, and the counts staff see."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from msqory.logmasking import mask_value
from msqory.months import month_index, month_start
from status.engine import StatusResult
from status.models import Status

from .models import Message, Subscription


def warning_holds(*, result: StatusResult) -> bool:
    """Whether a lapse warning is due on this status: insured with a loss date (in grace) and
    an overdue debt month, one before last month (last month is due within this one).

    The same rule as the daily choice's SQL (notifications.delivery, `OVERDUE_DEBT_BITS`),
    which picks the warnings set-based; this one checks a queued warning before it goes.
    """
    last_month = month_start(month_index(result.month) - 1)
    return (
        result.status == Status.INSURED
        and result.lapses_on is not None
        and any(debt.period < last_month for debt in result.debts)
    )


@dataclass(frozen=True)
class PaymentLine:
    period: datetime.date
    # None while the Fund has not published that year's self-payer amount.
    amount: Decimal | None

    @property
    def code(self) -> str:
        """The period as a payment order names it: MMYYYY."""
        return f"{self.period:%m%Y}"


@dataclass(frozen=True)
class HowToPay:
    lines: list[PaymentLine]
    # The known part: months of a year without a published amount are left out of it.
    total: Decimal
    total_complete: bool
    # A payment shows in the status after this many working days.
    shows_after_working_days: int
    # Not insured with debt: 12 months paid ahead restore the status before the debt is paid.
    prepaying_restores: bool


def how_to_pay(*, result: StatusResult) -> HowToPay | None:
    """Each unpaid month with its period code and its amount at that year's self-payer rate,
    from the status result's own debts; None when nothing is unpaid.

    The one place that turns a StatusResult into payment lines (the page and every message
    read it), so the months and amounts are never worked out twice.
    """
    if not result.debts:
        return None
    return HowToPay(
        lines=[PaymentLine(period=debt.period, amount=debt.amount) for debt in result.debts],
        total=result.debt_amount,
        total_complete=result.debt_amount_complete,
        shows_after_working_days=settings.PAYMENT_SHOWS_AFTER_WORKING_DAYS,
        prepaying_restores=result.status == Status.NOT_INSURED,
    )


def masked_iin(iin: str) -> str:
    """The IIN as messages and pages about a subscription show it: 87********23."""
    return mask_value(iin)


def subscription_by_key(*, key: str) -> Subscription | None:
    return Subscription.objects.filter(key=key).first() if key else None


def confirmations_sent(*, digest: str, since: datetime.datetime) -> int:
    return Message.objects.filter(
        kind="confirmation", address_digest=digest, created_at__gte=since
    ).count()


def subscriber_counts() -> list[dict]:
    """Subscriptions by channel and language: active and waiting for confirmation."""
    return list(
        Subscription.objects.values("channel", "language")
        .annotate(
            active=Count("pk", filter=Q(state=Subscription.State.ACTIVE)),
            pending=Count("pk", filter=Q(state=Subscription.State.PENDING)),
        )
        .order_by("channel", "language")
    )


def messages_per_day(*, since: datetime.date) -> list[dict]:
    """Messages sent per day, kind and channel, newest day first."""
    return list(
        Message.objects.filter(state=Message.State.SENT, sent_at__date__gte=since)
        .annotate(day=TruncDate("sent_at"))
        .values("day", "kind", "channel")
        .annotate(sent=Count("pk"))
        .order_by("-day", "kind", "channel")
    )

"""Reads of the refunds app: applications by number and IIN, refundable payments, deadlines."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.formats import date_format

from status.models import Payment, Person

from .errors import WorkflowError
from .models import Application, DeadlineRule, Event, Kind, open_q


def find_application(*, number: str, iin: str) -> Application | None:
    """The application with this number filed for this IIN (both must match), or None."""
    return (
        Application.objects.filter(number=number.strip().upper(), applicant_iin=iin.strip())
        .prefetch_related(
            Prefetch("events", queryset=Event.objects.order_by("at", "pk")), "payments"
        )
        .first()
    )


def payments_in_open_refunds():
    """Payments already claimed by a refund application that is still open."""
    return Application.objects.filter(open_q(), kind=Kind.REFUND, payments=OuterRef("pk"))


def refundable_payments(*, person: Person):
    """The person's payments that can still be refunded: not refunded, not already claimed."""
    return (
        Payment.objects.filter(person=person, refunded=False)
        .exclude(Exists(payments_in_open_refunds()))
        .select_related("payer_type")
        .order_by("-period", "-paid_on", "pk")
    )


def deadline_rule(*, kind: str, on: datetime.date) -> DeadlineRule:
    rule = (
        DeadlineRule.objects.filter(kind=kind, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )
    if rule is None:
        raise WorkflowError(
            "no_deadline_rule", kind=Kind(kind).label, on=date_format(on, "SHORT_DATE_FORMAT")
        )
    return rule


def end_of_week(*, today: datetime.date) -> datetime.date:
    """The Sunday of today's week."""
    return today + datetime.timedelta(days=6 - today.weekday())


def due_this_week(*, today: datetime.date):
    """Open applications due from today to Sunday (the overdue ones are counted apart)."""
    return Application.objects.filter(
        open_q(), due_date__gte=today, due_date__lte=end_of_week(today=today)
    )


def overdue_applications(*, today: datetime.date):
    return Application.objects.overdue(today=today).order_by("due_date", "number")

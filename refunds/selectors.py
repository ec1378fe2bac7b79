"""Reads of the refunds app: applications by number and IIN, the applicant and their payments
(what can be refunded, what a typed receipt matches, what a refund would do to the status),
deadlines.

Every lookup a form needs happens here, called by the view after the rate limit was counted:
the forms themselves never touch the database.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Collection, Sequence

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format

from status import selectors as status_selectors
from status.engine import StatusResult, compute_status
from status.iin import normalise_iin, parse_iin
from status.models import Payment, Person

from .errors import WorkflowError
from .models import Application, DeadlineRule, Event, Kind, open_q


def find_application(*, number: str, iin: str) -> Application | None:
    """The application with this number filed for this IIN (both must match), or None."""
    return (
        Application.objects.filter(number=number.strip().upper(), applicant_iin=iin.strip())
        .prefetch_related(
            Prefetch("events", queryset=Event.objects.order_by("at", "pk")),
            "payments__payer_type",
            "attachments",
        )
        .first()
    )


def applicant(*, typed_iin: str) -> Person | None:
    """The person holding the IIN typed on a form; None for an unknown or malformed one (the
    form explains which: a malformed IIN is never looked up)."""
    iin = normalise_iin(typed_iin)
    try:
        parse_iin(iin)
    except ValidationError:
        return None
    return status_selectors.person_by_iin(iin=iin)


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


def offered_payments(*, person: Person, chosen: Collection[str] = ()) -> list[Payment]:
    """What the refund form offers: the refundable payments, and any other payment of the
    person's that was chosen (a stale or already refunded choice then gets its reason instead
    of "not a valid choice")."""
    refundable = list(refundable_payments(person=person))
    extra = Payment.objects.filter(
        person=person, pk__in=[c for c in chosen if str(c).isdigit()]
    ).select_related("payer_type")
    return refundable + [p for p in extra if p not in refundable]


def check_refundable(*, payment: Payment, person: Person) -> None:
    """Raise WorkflowError when this payment cannot be refunded to this person."""
    if payment.person_id != person.pk:
        raise WorkflowError("payment_not_in_ledger", reference=payment.reference, iin=person.iin)
    if payment.refunded:
        raise WorkflowError("payment_already_refunded", reference=payment.reference)
    claim = (
        Application.objects.filter(open_q(), kind=Kind.REFUND, payments=payment)
        .values_list("number", flat=True)
        .first()
    )
    if claim:
        raise WorkflowError("payment_already_claimed", reference=payment.reference, number=claim)


@dataclasses.dataclass(frozen=True)
class TypedPayment:
    """A payment as typed from a receipt (one row of the refund form)."""

    reference: str
    period: datetime.date
    amount: object
    paid_on: datetime.date


@dataclasses.dataclass
class PaymentCheck:
    """The refund form's payments against the ledger."""

    payments: list[Payment]
    # Problems of the payments chosen from the list.
    chosen_errors: list[WorkflowError]
    # Row index -> the problem of a typed payment; None: no such payment in the ledger.
    typed_errors: dict[int, WorkflowError | None]


def check_payments(
    *, person: Person, chosen: Sequence[Payment], typed: dict[int, TypedPayment]
) -> PaymentCheck:
    """The chosen and typed payments that can be refunded to `person`, and what is wrong with
    the others."""
    chosen_errors, typed_errors, found = [], {}, []
    for payment in chosen:
        try:
            check_refundable(payment=payment, person=person)
        except WorkflowError as error:
            chosen_errors.append(error)
    for index, row in typed.items():
        payment = (
            Payment.objects.filter(reference=row.reference, person=person)
            .select_related("payer_type")
            .first()
        )
        if payment is None or (payment.period, payment.amount, payment.paid_on) != (
            row.period,
            row.amount,
            row.paid_on,
        ):
            typed_errors[index] = None
            continue
        try:
            check_refundable(payment=payment, person=person)
        except WorkflowError as error:
            typed_errors[index] = error
            continue
        found.append(payment)
    return PaymentCheck(
        payments=list(dict.fromkeys([*chosen, *found])),
        chosen_errors=chosen_errors,
        typed_errors=typed_errors,
    )


@dataclasses.dataclass(frozen=True)
class StatusChange:
    """Refunding some payments would end an insured person's status today."""

    months: list[datetime.date]  # the months the refund leaves unpaid
    after: StatusResult


class RefundEffects:
    """The person's status today with and without some of their payments (the status rule of
    status.engine on the person's facts less those payments), so that the form can warn before
    a refund leaves unpaid a month the status depends on and the person uninsured."""

    def __init__(self, *, person: Person, on: datetime.date | None = None):
        self.on = on or timezone.localdate()
        self.facts = status_selectors.person_facts(person=person)
        self.paid = list(
            Payment.objects.filter(person=person, refunded=False).values_list(
                "pk", "period", "payer_type_id"
            )
        )
        self.rules = status_selectors.status_rules()
        self.mshi_residencies = status_selectors.mshi_residencies()
        self.amounts = status_selectors.window_amounts(rules=self.rules, on=self.on)
        self.now = self._status(excluded=set())

    def _status(self, *, excluded: set[int]) -> StatusResult:
        payments: dict[datetime.date, set[str]] = defaultdict(set)
        for pk, period, payer_type in self.paid:
            if pk not in excluded:
                payments[period].add(payer_type)
        return compute_status(
            facts=dataclasses.replace(self.facts, payments=dict(payments)),
            rules=self.rules,
            today=self.on,
            self_payer_amounts=self.amounts,
            mshi_residencies=self.mshi_residencies,
        )

    def of_refunding(self, payments: Sequence[Payment]) -> StatusChange | None:
        """The change if these payments were refunded; None unless the person is insured now
        and would not be without them (a refund that only starts the grace period is not
        asked about: the status page says what to pay by when)."""
        if not self.now.insured:
            return None
        excluded = {p.pk for p in payments}
        after = self._status(excluded=excluded)
        if after.insured:
            return None
        still_paid = {period for pk, period, _type in self.paid if pk not in excluded}
        months = sorted({p.period for p in payments} - still_paid)
        return StatusChange(months=months, after=after)


def refund_effects(*, person: Person) -> RefundEffects | None:
    """RefundEffects for the person, or None while a rule the status needs is not published."""
    try:
        return RefundEffects(person=person)
    except status_selectors.MISSING_RULE:
        return None


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

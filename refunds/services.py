"""Writes of the refunds app: filing applications and moving them through their workflow.

Every state change goes through `_transition`, which locks the application row, checks that
the change is allowed for the application's kind, writes an audit event and, in the same
transaction, the e-mail to the applicant into the outbox (sent once, even if the broker is away
when the change is made). Admin actions, the demo data
and the tests all call these functions.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from outbox.services import enqueue
from status import services as status_services
from status.errors import NotDebt
from status.models import Payment, Person

from . import selectors
from .errors import WorkflowError
from .models import Application, Attachment, Event, Kind, RefusalReason, State, open_q
from .validators import MAX_ATTACHMENTS, validate_document
from .workdays import add_working_days

# Allowed moves per kind; any state not listed as a key is final.
TRANSITIONS: dict[str, dict[str, set[str]]] = {
    Kind.REFUND: {
        State.SUBMITTED: {State.PAYMENT_CONFIRMED, State.REFUSED},
        State.PAYMENT_CONFIRMED: {State.UNDER_REVIEW, State.REFUSED},
        State.UNDER_REVIEW: {State.APPROVED, State.REFUSED},
        State.APPROVED: {State.PAID, State.REFUSED},
    },
    Kind.CANCELLATION: {
        State.SUBMITTED: {State.UNDER_REVIEW, State.REFUSED},
        State.UNDER_REVIEW: {State.APPROVED, State.REFUSED},
    },
}
NUMBER_PREFIX = {Kind.REFUND: "R", Kind.CANCELLATION: "C"}
PROCESS_PERMISSION = "refunds.change_application"


def allowed_states(*, application: Application) -> set[str]:
    return TRANSITIONS[application.kind].get(application.state, set())


# --- Filing -------------------------------------------------------------------------------------


def submit_refund(
    *,
    person: Person,
    payments: Iterable[Payment],
    documents: Iterable[tuple[str, object]],
    **fields,
) -> Application:
    """File a refund application for these ledger payments of `person`."""
    with _removing_files_on_failure() as stored, transaction.atomic():
        locked = list(
            Payment.objects.select_for_update()
            .filter(pk__in=[p.pk for p in payments])
            .order_by("pk")
        )
        if not locked:
            raise WorkflowError("no_payments")
        for payment in locked:
            check_refundable(payment=payment, person=person)
        application = _create(
            kind=Kind.REFUND, person=person, documents=documents, stored=stored, **fields
        )
        application.payments.set(locked)
    return application


def submit_cancellation(
    *, person: Person, documents: Iterable[tuple[str, object]], **fields
) -> Application:
    """File an application to cancel the debt of the months period_start … period_end."""
    with _removing_files_on_failure() as stored, transaction.atomic():
        return _create(
            kind=Kind.CANCELLATION, person=person, documents=documents, stored=stored, **fields
        )


@contextmanager
def _removing_files_on_failure():
    """Documents are written before the transaction commits; if it does not, remove them."""
    stored: list[Attachment] = []
    try:
        yield stored
    except BaseException:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise


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


def _create(*, kind: str, person: Person, documents, stored: list, **fields) -> Application:
    now = timezone.now()
    today = timezone.localdate(now)
    rule = selectors.deadline_rule(kind=kind, on=today)
    application = Application.objects.create(
        kind=kind,
        person=person,
        applicant_iin=person.iin,
        submitted_at=now,
        due_date=add_working_days(today, rule.review_working_days),
        confirmation_due=(
            add_working_days(today, rule.confirmation_working_days)
            if rule.confirmation_working_days
            else None
        ),
        **fields,
    )
    application.number = f"{NUMBER_PREFIX[kind]}-{today:%Y}-{application.pk:06d}"
    application.save(update_fields=["number"])
    documents = list(documents)
    if len(documents) > MAX_ATTACHMENTS:
        raise ValueError("too many documents")  # the forms refuse this with a message first
    for document_kind, upload in documents:
        stored.append(store_attachment(application=application, kind=document_kind, upload=upload))
    event = Event.objects.create(
        application=application, at=now, from_state="", to_state=State.SUBMITTED
    )
    _email_applicant(event=event)
    return application


def store_attachment(*, application: Application, kind: str, upload) -> Attachment:
    """Check a document by its content and store it under a random name, privately."""
    content_type, extension = validate_document(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=(upload.name or "")[-255:],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    attachment.file.save(
        f"{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}", upload, save=False
    )
    attachment.save()
    return attachment


# --- Workflow -----------------------------------------------------------------------------------


def confirm_payment(*, application: Application, actor, note: str = "") -> Application:
    """The State Corporation confirmed that the money arrived (refunds only)."""
    return _transition(
        application=application, actor=actor, to_state=State.PAYMENT_CONFIRMED, note=note
    )


def start_review(*, application: Application, actor, note: str = "") -> Application:
    """`actor` takes the application for review; they may not approve it afterwards."""

    def take(locked: Application) -> None:
        locked.reviewed_by = actor

    return _transition(
        application=application, actor=actor, to_state=State.UNDER_REVIEW, note=note, apply=take
    )


def approve(*, application: Application, actor, note: str = "") -> Application:
    """Approve (four eyes: never by the reviewer). An approved cancellation takes effect now."""

    def decide(locked: Application) -> None:
        if locked.reviewed_by_id is None or locked.reviewed_by_id == actor.pk:
            raise WorkflowError("four_eyes", number=locked.number)
        locked.approved_by = actor
        if locked.kind == Kind.CANCELLATION:
            locked.decided_at = timezone.now()
            try:
                status_services.cancel_debt(
                    person=locked.person,
                    start=locked.period_start,
                    end=locked.period_end,
                    reference=locked.number,
                )
            except NotDebt as refusal:  # paid or state-paid months: cancelling would uncover them
                raise WorkflowError("not_debt", months=refusal.months_text) from None

    return _transition(
        application=application, actor=actor, to_state=State.APPROVED, note=note, apply=decide
    )


def mark_paid(*, application: Application, actor, note: str = "") -> Application:
    """The money went back: the payments are marked refunded and the status recomputed."""

    def pay(locked: Application) -> None:
        payments = list(locked.payments.select_for_update().order_by("pk"))
        for payment in payments:
            if payment.refunded:
                raise WorkflowError("payment_already_refunded", reference=payment.reference)
        locked.decided_at = timezone.now()
        status_services.mark_payments_refunded(
            payments=payments, note=f"refund application {locked.number}"
        )

    return _transition(
        application=application, actor=actor, to_state=State.PAID, note=note, apply=pay
    )


def refuse(*, application: Application, actor, reason: str, note: str = "") -> Application:
    """Refuse at any open step, with a reason from the closed list (docs/domain.md §5)."""
    if reason not in RefusalReason.values:
        raise WorkflowError("refusal_reason_required")

    def decide(locked: Application) -> None:
        locked.refusal_reason = reason
        locked.decided_at = timezone.now()

    return _transition(
        application=application, actor=actor, to_state=State.REFUSED, note=note, apply=decide
    )


def _transition(
    *,
    application: Application,
    actor,
    to_state: str,
    note: str = "",
    apply: Callable[[Application], None] | None = None,
) -> Application:
    if actor is None or not actor.is_active or not actor.has_perm(PROCESS_PERMISSION):
        raise WorkflowError("no_permission")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if to_state not in allowed_states(application=locked):
            raise WorkflowError(
                "transition_not_allowed",
                number=locked.number,
                state=locked.get_state_display(),
                to_state=State(to_state).label,
            )
        from_state = locked.state
        if apply is not None:
            apply(locked)
        locked.state = to_state
        locked.save()
        event = Event.objects.create(
            application=locked,
            actor=actor,
            from_state=from_state,
            to_state=to_state,
            note=note,
        )
        _email_applicant(event=event)
    # The caller's instance follows, so that it never shows a stale state.
    application.refresh_from_db()
    return locked


def _email_applicant(*, event: Event) -> None:
    """The applicant's e-mail about this event, once (the outbox's key is the event)."""
    enqueue(
        task="refunds.tasks.send_state_email",
        args=[event.pk],
        dedup_key=f"refunds.state-email:{event.pk}",
    )

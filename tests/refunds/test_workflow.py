"""The staff workflow: every move is a service that locks, checks, audits and tells the
applicant; refunds and cancellations change the ledger through the status app."""

import pytest
from django.core import mail
from django.utils import translation

from refunds import services
from refunds.errors import WorkflowError
from refunds.models import Application, Event, RefusalReason, State
from status.models import Payment
from status.snapshots import current_status

from .conftest import month

pytestmark = pytest.mark.django_db

# The steps that bring a new refund application to each state.
REFUND_PATH = {
    State.SUBMITTED: [],
    State.PAYMENT_CONFIRMED: ["confirm_payment"],
    State.UNDER_REVIEW: ["confirm_payment", "start_review"],
    State.APPROVED: ["confirm_payment", "start_review", "approve"],
    State.PAID: ["confirm_payment", "start_review", "approve", "mark_paid"],
}


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English."""
    with translation.override("en"):
        yield


def advance(run, application, steps, reviewer, approver):
    for step in steps:
        actor = approver if step in ("approve", "mark_paid") else reviewer
        application = run(getattr(services, step), application=application, actor=actor)
    return application


def test_a_new_refund_has_a_number_a_due_date_and_an_email(file_refund):
    application = file_refund()
    assert application.number.startswith("R-")
    assert application.state == State.SUBMITTED
    assert application.due_date > application.submitted_at.date()
    assert application.confirmation_due < application.due_date
    assert [(e.from_state, e.to_state) for e in application.events.all()] == [("", "submitted")]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["aigul@example.kz"]
    assert application.number in mail.outbox[0].subject
    assert "Получено" in mail.outbox[0].body or "получили" in mail.outbox[0].body


def test_a_refund_goes_all_the_way_to_paid_with_an_audit_trail(
    file_refund, run, reviewer, approver, person
):
    application = file_refund()
    payment = application.payments.get()
    application = run(services.confirm_payment, application=application, actor=reviewer)
    assert application.state == State.PAYMENT_CONFIRMED
    application = run(services.start_review, application=application, actor=reviewer)
    assert application.state == State.UNDER_REVIEW
    assert application.reviewed_by == reviewer
    application = run(
        services.approve, application=application, actor=approver, note="all documents present"
    )
    assert application.state == State.APPROVED
    assert application.approved_by == approver
    application = run(services.mark_paid, application=application, actor=approver)
    assert application.state == State.PAID
    payment.refresh_from_db()
    assert payment.refunded

    events = list(application.events.all())
    assert [(e.from_state, e.to_state) for e in events] == [
        ("", "submitted"),
        ("submitted", "payment_confirmed"),
        ("payment_confirmed", "under_review"),
        ("under_review", "approved"),
        ("approved", "paid"),
    ]
    assert [e.actor for e in events[1:]] == [reviewer, reviewer, approver, approver]
    assert events[3].note == "all documents present"
    assert all(e.at for e in events)
    assert len(mail.outbox) == 5, "one e-mail per state"


def test_a_cancellation_goes_submitted_review_approved(file_cancellation, run, reviewer, approver):
    application = file_cancellation()
    assert application.number.startswith("C-")
    assert application.confirmation_due is None
    with pytest.raises(WorkflowError) as error:
        run(services.confirm_payment, application=application, actor=reviewer)
    assert error.value.code == "transition_not_allowed"
    application = run(services.start_review, application=application, actor=reviewer)
    application = run(services.approve, application=application, actor=approver)
    assert application.state == State.APPROVED
    assert application.is_final
    with pytest.raises(WorkflowError):
        run(services.refuse, application=application, actor=approver, reason="no_grounds")


def test_approving_a_cancellation_of_paid_months_is_refused_and_changes_nothing(
    file_cancellation, run, reviewer, approver, pay, make_person
):
    person = make_person()
    pay(person, month(-5))  # one month of the period was paid: it was never a debt
    application = file_cancellation(person, start=month(-6), end=month(-4))
    application = run(services.start_review, application=application, actor=reviewer)
    with pytest.raises(WorkflowError) as error, translation.override("en"):
        run(services.approve, application=application, actor=approver)
    assert error.value.code == "not_debt"
    with translation.override("en"):
        assert f"{month(-5):%m.%Y}" in error.value.message
    application.refresh_from_db()
    assert application.state == State.UNDER_REVIEW and not person.cancellations.exists()


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (State.SUBMITTED, "start_review"),
        (State.SUBMITTED, "approve"),
        (State.SUBMITTED, "mark_paid"),
        (State.PAYMENT_CONFIRMED, "approve"),
        (State.PAYMENT_CONFIRMED, "confirm_payment"),
        (State.UNDER_REVIEW, "mark_paid"),
        (State.PAID, "approve"),
    ],
)
def test_steps_cannot_be_skipped_or_repeated(file_refund, run, reviewer, approver, state, step):
    application = advance(run, file_refund(), REFUND_PATH[state], reviewer, approver)
    assert application.state == state
    events_before = application.events.count()
    with pytest.raises(WorkflowError) as error:
        run(getattr(services, step), application=application, actor=approver)
    assert error.value.code == "transition_not_allowed"
    assert str(state.label) in error.value.message
    application.refresh_from_db()
    assert application.state == state
    assert application.events.count() == events_before, "a refused move leaves no trace"


@pytest.mark.parametrize("reason", RefusalReason.values)
@pytest.mark.parametrize(
    "state", [State.SUBMITTED, State.PAYMENT_CONFIRMED, State.UNDER_REVIEW, State.APPROVED]
)
def test_a_refund_can_be_refused_at_any_open_step_with_each_reason(
    file_refund, run, reviewer, approver, state, reason
):
    application = advance(run, file_refund(), REFUND_PATH[state], reviewer, approver)
    assert application.state == state
    application = run(
        services.refuse, application=application, actor=approver, reason=reason, note="see letter"
    )
    assert application.state == State.REFUSED
    assert application.refusal_reason == reason
    assert application.decided_at is not None
    last = application.events.last()
    assert (last.from_state, last.to_state, last.note) == (state, "refused", "see letter")
    with translation.override(application.language):
        assert str(RefusalReason(reason).label) in mail.outbox[-1].body
    assert not application.payments.get().refunded, "a refused refund leaves the ledger alone"


@pytest.mark.parametrize("state", [State.SUBMITTED, State.UNDER_REVIEW])
def test_a_cancellation_can_be_refused_while_open(file_cancellation, run, reviewer, state):
    application = file_cancellation()
    if state == State.UNDER_REVIEW:
        application = run(services.start_review, application=application, actor=reviewer)
    application = run(
        services.refuse,
        application=application,
        actor=reviewer,
        reason=RefusalReason.TEMPORARY_FOREIGNER,
    )
    assert application.state == State.REFUSED


def test_a_refusal_needs_a_reason_from_the_closed_list(file_refund, run, approver):
    application = file_refund()
    with pytest.raises(WorkflowError) as error:
        run(services.refuse, application=application, actor=approver, reason="I don't like it")
    assert error.value.code == "refusal_reason_required"
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_four_eyes_the_reviewer_cannot_approve(file_refund, run, reviewer, approver):
    application = advance(
        run, file_refund(), ["confirm_payment", "start_review"], reviewer, approver
    )
    with pytest.raises(WorkflowError) as error:
        run(services.approve, application=application, actor=reviewer)
    assert error.value.code == "four_eyes"
    assert "another staff member" in error.value.message
    application = run(services.approve, application=application, actor=approver)
    assert application.reviewed_by != application.approved_by


def test_four_eyes_applies_to_cancellations_too(file_cancellation, run, reviewer):
    application = run(services.start_review, application=file_cancellation(), actor=reviewer)
    with pytest.raises(WorkflowError):
        run(services.approve, application=application, actor=reviewer)


def test_only_staff_with_the_permission_can_move_applications(file_refund, run, django_user_model):
    outsider = django_user_model.objects.create_user(username="visitor", password="x-12345678")
    with pytest.raises(WorkflowError) as error:
        run(services.confirm_payment, application=file_refund(), actor=outsider)
    assert error.value.code == "no_permission"


def test_no_email_is_sent_when_the_transaction_rolls_back(file_refund, reviewer):
    application = file_refund()
    mail.outbox.clear()
    # Without running the on-commit callbacks (the transaction never committed): no e-mail.
    services.confirm_payment(application=application, actor=reviewer)
    assert mail.outbox == []


def test_the_email_is_in_the_language_of_the_application(file_refund, run, reviewer):
    application = file_refund(language="kk")
    run(services.confirm_payment, application=application, actor=reviewer)
    assert "Төлем расталды" in mail.outbox[-1].subject


def test_a_paid_refund_changes_the_persons_status(file_refund, run, reviewer, approver, person):
    assert current_status(person=person).status == "insured"
    refunded = person.payments.get(period=month(-6))
    application = advance(
        run,
        file_refund(payments=[refunded]),
        ["confirm_payment", "start_review", "approve", "mark_paid"],
        reviewer,
        approver,
    )
    assert application.state == State.PAID
    person.refresh_from_db()
    result = current_status(person=person)
    assert month(-6) in result.debt_months
    assert result.status == "not_insured"


def test_a_payment_cannot_be_refunded_twice(file_refund, person, reviewer, approver, run):
    payment = person.payments.get(period=month(-1))
    file_refund(payments=[payment])
    with pytest.raises(WorkflowError) as error:
        file_refund(payments=[payment])
    assert error.value.code == "payment_already_claimed"
    Payment.objects.filter(pk=payment.pk).update(refunded=True)
    payment.refresh_from_db()
    with pytest.raises(WorkflowError) as error:
        services.check_refundable(payment=payment, person=person)
    assert error.value.code == "payment_already_refunded"


def test_someone_elses_payment_is_not_in_the_ledger_for_this_iin(file_refund, make_person, pay):
    stranger = make_person()
    payment = pay(stranger, month(-2))
    other = make_person()
    with pytest.raises(WorkflowError) as error:
        services.check_refundable(payment=payment, person=other)
    assert error.value.code == "payment_not_in_ledger"
    assert other.iin in error.value.message


def test_an_approved_cancellation_makes_the_months_not_owed(
    make_person, pay, file_cancellation, run, reviewer, approver
):
    person = make_person()
    for offset in range(-12, 0):
        if offset not in (-6, -5, -4):
            pay(person, month(offset))
    before = current_status(person=person)
    assert {month(-6), month(-5), month(-4)} <= set(before.debt_months)
    application = file_cancellation(person, start=month(-6), end=month(-4))
    application = run(services.start_review, application=application, actor=reviewer)
    run(services.approve, application=application, actor=approver)
    person.refresh_from_db()
    after = current_status(person=person)
    assert not {month(-6), month(-5), month(-4)} & set(after.debt_months)
    assert after.debt_amount < before.debt_amount


def test_transitions_lock_the_application_row(file_refund, reviewer, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = file_refund()
    with CaptureQueriesContext(connection) as queries:
        services.confirm_payment(application=application, actor=reviewer)
    assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)
    assert Event.objects.filter(application=application).count() == 2


def test_a_refused_document_leaves_no_files_behind(person, settings):
    from django.core.exceptions import ValidationError

    from .conftest import EXE, pdf

    payment = person.payments.order_by("-period").first()
    with pytest.raises(ValidationError):
        services.submit_refund(
            person=person,
            payments=[payment],
            documents=[("payment_document", pdf()), ("payment_document", pdf("x.pdf", EXE))],
            applicant_name="A",
            region="astana",
            phone="+7 701 123 45 67",
            email="a@example.kz",
            iban="KZ86125KZT5004100100",
            bic="KCJBKZKX",
        )
    assert Application.objects.count() == 0
    root = settings.PRIVATE_MEDIA_ROOT
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_a_late_email_names_the_stage_of_its_own_event(file_refund, run, reviewer):
    """Staff move an application twice before the first e-mail goes out: that e-mail still
    names the stage it announces, not the application's stage by then."""
    from refunds.tasks import send_state_email

    application = file_refund()
    application = run(services.confirm_payment, application=application, actor=reviewer)
    run(services.start_review, application=application, actor=reviewer)
    confirmed = Event.objects.get(application=application, to_state=State.PAYMENT_CONFIRMED)
    mail.outbox.clear()
    send_state_email(confirmed.pk)
    with translation.override(application.language):
        label = str(State.PAYMENT_CONFIRMED.label)
        later = str(State.UNDER_REVIEW.label)
    assert label in mail.outbox[0].subject and later not in mail.outbox[0].subject

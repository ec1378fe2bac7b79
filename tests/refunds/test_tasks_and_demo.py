"""The daily overdue report, and the demo data."""

import datetime
import io
import random

import pytest
from django.core import mail

from refunds import demo
from refunds.models import Application, Kind, State
from refunds.tasks import report_overdue
from status import demo as status_demo

pytestmark = pytest.mark.django_db


def test_the_daily_report_lists_overdue_applications_to_fund_staff(file_refund, reviewer, settings):
    late = file_refund()
    Application.objects.filter(pk=late.pk).update(due_date=datetime.date(2020, 1, 10))
    file_refund(payments=[late.person.payments.order_by("period").first()])
    mail.outbox.clear()
    assert report_overdue.delay().get() == 1
    (message,) = mail.outbox
    assert message.to == [reviewer.email]
    assert late.number in message.body
    assert "refunds-report-overdue" in settings.CELERY_BEAT_SCHEDULE


def test_no_report_when_nothing_is_overdue(file_refund, reviewer):
    file_refund()
    mail.outbox.clear()
    assert report_overdue() == 0
    assert mail.outbox == []


def test_demo_has_applications_in_every_state_and_is_idempotent():
    status_demo.seed(rng=random.Random(1), persons=40, stdout=io.StringIO())
    demo.seed(rng=random.Random(2), persons=40, stdout=io.StringIO())
    refunds = set(Application.objects.filter(kind=Kind.REFUND).values_list("state", flat=True))
    cancellations = set(
        Application.objects.filter(kind=Kind.CANCELLATION).values_list("state", flat=True)
    )
    assert refunds == set(State.values)
    assert cancellations == {State.SUBMITTED, State.UNDER_REVIEW, State.APPROVED, State.REFUSED}
    assert Application.objects.overdue(today=datetime.date.today()).exists()
    count = Application.objects.count()
    demo.seed(rng=random.Random(2), persons=40, stdout=io.StringIO())
    assert Application.objects.count() == count


def test_a_refund_waiting_for_the_payment_confirmation_too_long_is_overdue(file_refund):
    application = file_refund()
    today = application.confirmation_due + datetime.timedelta(days=1)
    assert today <= application.due_date
    assert list(Application.objects.overdue(today=today)) == [application]
    application.state = State.PAYMENT_CONFIRMED
    application.save()
    assert not Application.objects.overdue(today=today).exists()

"""The outbox: Celery work written with the change, sent when the broker answers, run once."""

import pytest
from django.core import mail
from django.db import transaction

from msqory import redisguard
from outbox import services
from outbox.models import Message

pytestmark = pytest.mark.django_db

TASK = "msqory.celery.heartbeat"


def test_work_of_a_rolled_back_change_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.enqueue(task=TASK)
        raise RuntimeError("the change fails")
    assert not Message.objects.exists()


def test_the_same_key_is_one_message():
    with transaction.atomic():
        first = services.enqueue(task=TASK, dedup_key="once")
        second = services.enqueue(task=TASK, dedup_key="once")
    assert first.pk == second.pk and Message.objects.count() == 1


def test_sent_at_commit_and_run_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = services.enqueue(task=TASK)
    message.refresh_from_db()
    assert message.sent_at is not None and message.done_at is not None
    assert services.deliver(message_id=message.pk) is False, "a second delivery does nothing"


def test_while_the_broker_is_away_the_work_waits_then_the_email_goes_out_once(file_cancellation):
    redisguard.breaker.open()  # Redis failed a moment ago: nothing is sent from the request
    application = file_cancellation()
    waiting = Message.objects.get(task="refunds.tasks.send_state_email")
    assert waiting.sent_at is None and not mail.outbox, "the citizen's filing still succeeded"
    assert application.pk

    redisguard.breaker.close()  # the broker answers again: beat's relay
    assert services.relay_due() == 1
    assert len(mail.outbox) == 1 and application.number in mail.outbox[0].body
    # The relay or the broker sending it again changes nothing.
    assert services.deliver(message_id=waiting.pk) is False
    assert services.relay_due() == 0
    assert len(mail.outbox) == 1


def test_a_failing_task_keeps_its_error_and_is_sent_again_later(
    settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_REDELIVER_AFTER_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = services.enqueue(task="refunds.tasks.send_state_email", args=["not-an-id"])
    message.refresh_from_db()
    assert message.done_at is None and "ValueError" in message.last_error
    assert services.relay_due() == 1, "sent again"
    message.refresh_from_db()
    assert message.attempts == 2

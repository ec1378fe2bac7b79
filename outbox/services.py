"""The transactional outbox: Celery work that survives a broker outage, run exactly once.

Sending a task after a commit (`transaction.on_commit(task.delay)`) loses it when the broker is
away at that moment, and sending it before the commit sends work about a change that may
never commit. Instead, every app sends its Celery work through `enqueue`, inside the same
transaction as the change:

    from outbox.services import enqueue

    with transaction.atomic():
        event = Event.objects.create(...)
        enqueue(
            task="refunds.tasks.send_state_email",  # a registered Celery task's name
            args=[event.pk],                        # JSON: ids, not model instances
            dedup_key=f"refunds.state-email:{event.pk}",
        )

- The message is a row (`outbox.Message`) that commits or rolls back with the change.
- Once the transaction commits, the web process hands it to the broker at once (the common
  case: no delay), unless Redis is known to be away (msqory.redisguard), bounded by the Redis
  timeout. Whatever could not be sent is sent by `relay`: every 30 s from beat, when a worker
  starts, and by `manage.py relay_outbox`.
- On the worker, `deliver` runs the task under a lock on its row and marks it done in the same
  transaction as the task's own writes, so a message sent twice (the relay resends what was
  sent but not done after OUTBOX_REDELIVER_AFTER_SECONDS: a worker killed mid-task, a broker
  that lost its queue) still runs once. An e-mail goes out once; only a crash between the mail
  server's acceptance and the commit could repeat one.
- `dedup_key` (optional) makes the enqueue itself idempotent: the same key enqueued again is
  the same message (None: every call is a message of its own).
- A task that fails is run again on the next redelivery, up to OUTBOX_MAX_ATTEMPTS; then it
  waits, with its last error, in the admin (RUNBOOK.md), and in the backlog metric.

A library was weighed first: django-celery-outbox replaces the Celery app class and requires
structlog, sentry-sdk and datadog, django-jaiminho pickles function calls with dill, and
django-reliable-outbox replaces Celery (AGPL); none dedups by key. This app is the small rest.
"""

import logging
from datetime import timedelta
from functools import partial

import kombu.exceptions
from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_guid import get_guid, set_guid

from msqory import redisguard

from .models import Message

logger = logging.getLogger(__name__)

# What a send raises when the broker cannot take the message now.
BROKER_UNAVAILABLE = (kombu.exceptions.OperationalError, *redisguard.UNAVAILABLE)
DELIVER_TASK = "outbox.deliver"
RELAY_BATCH = 500


def enqueue(
    *, task: str, args=(), kwargs: dict | None = None, dedup_key: str | None = None
) -> Message:
    """Write `task(*args, **kwargs)` for Celery in the caller's transaction (see above)."""
    fields = {
        "task": task,
        "args": list(args),
        "kwargs": kwargs or {},
        "request_id": get_guid() or "",
    }
    if not dedup_key:
        message = Message.objects.create(**fields)
    else:
        message, created = Message.objects.get_or_create(dedup_key=dedup_key, defaults=fields)
        if not created:
            return message
    transaction.on_commit(partial(send_now, message_ids=[message.pk]))
    return message


def send_now(*, message_ids: list[int]) -> None:
    """Just committed: to the broker at once if it answers, else the relay sends them later."""
    if not redisguard.available():
        return
    try:
        with current_app.connection_for_write(
            transport_options={
                # the web process's own bounds: a frozen Redis costs this one request the timeout
                "socket_timeout": settings.REDIS_TIMEOUT,
                "socket_connect_timeout": settings.REDIS_TIMEOUT,
                "max_retries": 0,
            }
        ) as connection:
            relay(message_ids=message_ids, connection=connection)
    except BROKER_UNAVAILABLE:
        logger.warning("broker unavailable: %d outbox message(s) left to relay", len(message_ids))
        # The same Redis holds the cache and the rate limits: spare them the wait too.
        redisguard.breaker.open()


def _due(now) -> Q:
    redeliver_before = now - timedelta(seconds=settings.OUTBOX_REDELIVER_AFTER_SECONDS)
    return Q(done_at=None, attempts__lt=settings.OUTBOX_MAX_ATTEMPTS) & (
        Q(sent_at=None) | Q(sent_at__lt=redeliver_before)
    )


def relay(*, message_ids: list[int] | None = None, connection=None) -> int:
    """Hand the due messages (all, or these) to the broker; return how many were sent.

    Raises one of BROKER_UNAVAILABLE when the broker does not take them; the ones sent before
    are recorded as sent.
    """
    sent = 0
    while True:
        with transaction.atomic():
            now = timezone.now()
            due = Message.objects.select_for_update(skip_locked=True).filter(_due(now))
            if message_ids is not None:
                due = due.filter(pk__in=message_ids)
            batch = list(due.order_by("pk").values_list("pk", flat=True)[:RELAY_BATCH])
            handed = []
            try:
                for pk in batch:
                    _task(DELIVER_TASK).apply_async(
                        args=[pk], ignore_result=True, retry=False, connection=connection
                    )
                    handed.append(pk)
            finally:
                # Recorded in the same transaction: what was handed over is sent, even when the
                # broker went away half-way through the batch.
                Message.objects.filter(pk__in=handed).update(
                    sent_at=now, attempts=F("attempts") + 1
                )
        sent += len(handed)
        if len(batch) < RELAY_BATCH:
            return sent


def relay_due() -> int:
    """Every due message to the broker, and done ones past OUTBOX_KEEP_DAYS removed."""
    sent = relay()
    keep_after = timezone.now() - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    Message.objects.filter(done_at__lt=keep_after).delete()
    return sent


def deliver(*, message_id: int) -> bool:
    """Run the message's task here, once: False when it is done already or running elsewhere.

    The task's writes and the mark "done" commit together; a task that fails leaves its error
    on the message for the next redelivery.
    """
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, done_at=None)
            .first()
        )
        if message is None:
            return False
        if message.request_id:
            set_guid(message.request_id)
        try:
            with transaction.atomic():
                _task(message.task)(*message.args, **message.kwargs)
        except Exception as error:
            logger.exception("outbox message %s (%s) failed", message.pk, message.task)
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.save(update_fields=["last_error"])
            return False
        message.done_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["done_at", "last_error"])
        logger.info("outbox message %s (%s) done", message.pk, message.task)
        return True


def _task(name: str):
    """The registered task; every app's tasks module is imported first if it is not known yet
    (a web process running tasks inline has imported only those it used)."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]

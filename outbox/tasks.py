"""Celery tasks of the outbox: the relay (beat, worker start) and the delivery of one message."""

from celery import shared_task
from celery.signals import worker_ready

from . import services


@shared_task(name="outbox.relay", ignore_result=True)
def relay() -> int:
    """Send what the web processes could not (the broker was away), every 30 s from beat."""
    return services.relay_due()


@shared_task(name=services.DELIVER_TASK, ignore_result=True, acks_late=True)
def deliver(message_id: int) -> bool:
    return services.deliver(message_id=message_id)


@worker_ready.connect
def relay_at_worker_start(sender, **kwargs):
    """A worker that (re)starts sends what is waiting, without waiting for beat."""
    relay.delay()

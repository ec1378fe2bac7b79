"""Celery tasks of the lapse warnings: thin callers of delivery.py and services.py."""

from celery import shared_task

from . import delivery, services


@shared_task(name="notifications.send_status_warnings")
def send_status_warnings() -> dict[str, int]:
    """Daily, after the nightly recompute (Celery beat): choose and queue the warnings and
    the notices of a lost or returned status."""
    return delivery.choose_status_messages()


@shared_task(name="notifications.deliver_due", acks_late=True)
def deliver_due() -> int:
    """Send a batch of the queued messages that are due."""
    return delivery.deliver_due()


@shared_task(name="notifications.request_due_deliveries")
def request_due_deliveries() -> int:
    """Every few minutes: hand over the messages that became due (SMS after the quiet hours,
    retries, anything a broker outage held back)."""
    return delivery.request_due_deliveries()


@shared_task(name="notifications.delete_unconfirmed")
def delete_unconfirmed() -> int:
    return services.delete_unconfirmed()

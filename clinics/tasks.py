from celery import shared_task

from . import services


@shared_task(name="clinics.close_expired_contracts")
def close_expired_contracts() -> int:
    """Nightly: end labour migrants' attachments whose insurance contract has ended."""
    return services.close_expired_contracts()

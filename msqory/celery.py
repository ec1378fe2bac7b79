"""The Celery application. Workers and beat run `celery -A msqory worker|beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msqory.settings")

app = Celery("msqory")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="msqory.celery.heartbeat")
def heartbeat() -> str:
    """A no-op on the beat schedule: the worker's log shows that beat and broker are alive."""
    return "ok"

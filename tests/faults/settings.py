"""Production settings for the fault-injection stack's processes, with the waits made short:
a killed worker's task is handed on within seconds, the outbox relayed every second."""

import os
from datetime import timedelta

from msqory.settings import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = CELERY_BROKER_TRANSPORT_OPTIONS | {  # noqa: F405
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_BEAT_SCHEDULE = {"outbox-relay": {"task": "outbox.relay", "schedule": timedelta(seconds=1)}}
if os.environ.get("FAULTS_BEAT_RECOMPUTE"):
    # What a second beat started by mistake does at 02:00, here every second.
    CELERY_BEAT_SCHEDULE["status-recompute"] = {
        "task": "status.start_recompute",
        "schedule": timedelta(seconds=1),
    }

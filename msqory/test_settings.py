"""Settings for the test suite: production settings plus the few values tests need given."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Tasks run in the test's own process, so a test sees their effects at once; the real worker
# is exercised by tests/test_processes.py through the broker.
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

from .settings import *  # noqa: F403

# Parallel test workers (pytest-xdist) share one Redis: keep their cache keys (rate-limit counters)
# apart so one worker's lookups never count against another's.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("PYTEST_XDIST_WORKER", "")  # noqa: F405

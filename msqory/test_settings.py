"""Settings for the test suite: production settings plus the few values tests need given."""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Tasks run in the test's own process, so a test sees their effects at once; the real worker
# is exercised by tests/test_processes.py through the broker.
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

from .settings import *  # noqa: F403

# Parallel test workers (pytest-xdist: gw0, gw1, …) each keep their cache — the rate-limit
# counters — in a Redis database of their own, so a test that empties its cache never touches
# another worker's counts. The Celery broker stays on REDIS_URL's database.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker:  # noqa: F405
    _url = urlsplit(REDIS_URL)  # noqa: F405
    _database = 1 + int(_worker.removeprefix("gw"))
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_database}"))  # noqa: F405

# The replica (DATABASE_REPLICA_URL, started by scripts/with-services) sees only committed rows,
# so public reads stay on the primary in tests, which mostly run inside a transaction that is
# rolled back; tests/scale turns them on around its transactional tests of the routing.
REPLICA_READS = False

"""Settings for the test suite: production settings plus the few values tests need given."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Tasks run in the test's own process, so a test sees their effects at once; the real worker
# is exercised by tests/test_processes.py through the broker.
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

from .settings import *  # noqa: F403

# The tests keep their cache (rate-limit counters, cached rules) under a key prefix of their own,
# one per parallel worker (pytest-xdist: gw0, gw1, …), and emptying it removes those keys alone
# (msqory/test_cache.py): a test never touches another worker's counts, nor the data of a
# developer's Redis that REDIS_URL may name. The Celery broker stays on REDIS_URL.
if REDIS_URL:  # noqa: F405
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "") or "main"
    CACHES["default"]["BACKEND"] = "msqory.test_cache.PrefixScopedRedisCache"  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"msqory-tests-{_worker}"  # noqa: F405

# A production password hash (PBKDF2) costs a third of a second of CPU here, on purpose; the
# suite (and the gunicorn of tests/e2e, which runs these settings) creates and signs in hundreds
# of staff users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The replica (DATABASE_REPLICA_URL, started by scripts/with-services) sees only committed rows,
# so public reads stay on the primary in tests, which mostly run inside a transaction that is
# rolled back; tests/scale turns them on around its transactional tests of the routing.
REPLICA_READS = False

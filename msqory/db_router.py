"""Public reads from the streaming replica, and the primary for everything else.

With DATABASE_REPLICA_URL set (settings.py: the `replica` database), the reads of a public page
that changes nothing go to the replica: the views decorated with `@replica_reads` (information
pages and search, clinic search, the contribution rules and calculator) and the status lookup's
one query when the stored snapshot is current (status.selectors). Everything else reads the
primary, and every write goes there: the admin, the registrars, forms after filing, and any
read inside a transaction on the primary (it must see its own writes).

The replica serves only while it is fresh. Each process looks at it at most every
REPLICA_CHECK_SECONDS: its lag is the age of the oldest primary WAL position this process has
seen that the replica has not replayed yet (0 when it has replayed everything seen). Over
REPLICA_MAX_LAG_SECONDS, not a standby, or not answering (connect timeout 2 s), the reads go
to the primary until a later look finds it fresh again; a query that fails on the replica is
answered from the primary at once. The gauges and the counter of msqory/metrics.py say which
and why, on /metrics.
"""

import contextlib
import functools
import logging
import threading
import time
from collections import deque
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connections

from .metrics import PUBLIC_READS, REPLICA_LAG, REPLICA_SERVING

REPLICA = "replica"

logger = logging.getLogger(__name__)

# Inside a public read (a decorated view, the lookup's query): which database it reads.
_reading: ContextVar[str | None] = ContextVar("msqory_public_read", default=None)


class _ReplicaHealth:
    """This process's last look at the replica: whether it may serve, and why not."""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked_at = float("-inf")
        self.serving = False
        self.reason = "unchecked"
        # (monotonic time, primary WAL position in bytes) seen and not yet replayed, oldest first
        self.unreplayed: deque[tuple[float, int]] = deque(maxlen=1000)

    def state(self) -> tuple[bool, str]:
        now = time.monotonic()
        with self.lock:
            if now - self.checked_at >= settings.REPLICA_CHECK_SECONDS:
                self.serving, self.reason = self._look(now)
                self.checked_at = now
                REPLICA_SERVING.set(int(self.serving))
            return self.serving, self.reason

    def mark_down(self) -> None:
        with self.lock:
            self.serving, self.reason = False, "down"
            self.checked_at = time.monotonic()
            REPLICA_SERVING.set(0)

    def _look(self, now: float) -> tuple[bool, str]:
        try:
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                cursor.execute("SELECT pg_current_wal_insert_lsn() - '0/0'")
                primary_position = int(cursor.fetchone()[0])
            with connections[REPLICA].cursor() as cursor:
                cursor.execute(
                    "SELECT pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn() - '0/0', -1)"
                )
                standby, replayed = cursor.fetchone()
        except DatabaseError as error:
            logger.warning("replica not answering, the primary serves: %s", error)
            connections[REPLICA].close()
            self.unreplayed.clear()
            return False, "down"
        if not standby:
            return False, "not_a_standby"
        self.unreplayed.append((now, primary_position))
        while self.unreplayed and self.unreplayed[0][1] <= int(replayed):
            self.unreplayed.popleft()
        lag = now - self.unreplayed[0][0] if self.unreplayed else 0.0
        REPLICA_LAG.set(lag)
        if lag > settings.REPLICA_MAX_LAG_SECONDS:
            return False, "lagging"
        return True, "fresh"


_health = _ReplicaHealth()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and settings.REPLICA_READS


def public_read_database() -> str:
    """Where a public read goes now: the replica when configured and fresh, else the primary.

    Inside a transaction on the primary the answer is the primary: the transaction may have
    written what is about to be read.
    """
    if not replica_configured():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        PUBLIC_READS.labels(DEFAULT_DB_ALIAS, "in_transaction").inc()
        return DEFAULT_DB_ALIAS
    serving, reason = _health.state()
    PUBLIC_READS.labels(REPLICA if serving else DEFAULT_DB_ALIAS, reason).inc()
    return REPLICA if serving else DEFAULT_DB_ALIAS


def read_publicly(read):
    """read(database) on the database public_read_database() names. If the replica fails it
    (connection lost, query cancelled by a recovery conflict: OperationalError), the replica is
    taken as down and read(primary) answers instead."""
    database = public_read_database()
    token = _reading.set(database)
    try:
        if database == DEFAULT_DB_ALIAS:
            return read(database)
        try:
            return read(database)
        except OperationalError as error:
            logger.warning("a public read failed on the replica, the primary answers: %s", error)
            _health.mark_down()
            connections[REPLICA].close()
            PUBLIC_READS.labels(DEFAULT_DB_ALIAS, "replica_failed").inc()
            _reading.set(DEFAULT_DB_ALIAS)
            return read(DEFAULT_DB_ALIAS)
    finally:
        _reading.reset(token)


def replica_reads(view):
    """A view that only reads: its ORM reads go to the replica when it may serve (see above).

    The view must change nothing: if the replica fails mid-way, it is run again on the primary.
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return read_publicly(lambda _database: view(*args, **kwargs))

    return wrapper


@contextlib.contextmanager
def primary_reads():
    """Reads inside go to the primary, even within a public read: for reads that follow a write
    elsewhere (a cache reloaded because its data changed must not load the replica's older copy).
    Also a decorator."""
    token = _reading.set(None)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """Reads inside `read_publicly` (and `@replica_reads` views) go where it decided; every
    other read and every write goes to the primary. Only the primary is migrated."""

    def db_for_read(self, model, **hints):
        return _reading.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS

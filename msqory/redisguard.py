"""Bounded waits on Redis: every use of it in a process goes through one circuit breaker.

Redis holds the shared rate-limit counts, the rule cache's version and the Celery queue; the
portal serves without it (from PostgreSQL, counting limits in the process). What must not
happen is that a stopped or frozen Redis slows every request down, so:
- every connection has connect and read timeouts (settings.REDIS_TIMEOUT, 0.25 s by default):
  a frozen Redis costs one request at most that;
- after a connection failure or timeout the breaker opens, and for
  settings.REDIS_BREAKER_RESET_SECONDS no command is even tried (CircuitBreakerError at once);
  the next command after that is a trial, which closes the breaker again when Redis answers.
  No restart is needed when Redis comes back.

`client()` is the raw Redis client for the few uses that need commands Django's cache does not
offer (the rate limiter's script, the health check, the queue length), with the cache's own
server and database. `GuardedRedisCache` is Django's Redis cache backend with the same breaker.
Callers catch `UNAVAILABLE` (the breaker's error and redis' connection errors alike).
"""

import functools
import logging

import pybreaker
import redis
from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# What a caller catches when Redis cannot be used right now.
UNAVAILABLE = (pybreaker.CircuitBreakerError, redis.ConnectionError, redis.TimeoutError, OSError)


def _not_an_outage(error: BaseException) -> bool:
    """A command Redis refused (a wrong type, a script error) says nothing about its health."""
    return not isinstance(error, redis.ConnectionError | redis.TimeoutError | OSError)


class _LogStateChanges(pybreaker.CircuitBreakerListener):
    def state_change(self, cb, old_state, new_state):
        if new_state.name == pybreaker.STATE_OPEN:
            logger.warning(
                "redis unavailable: not asked again for %ss", cb.reset_timeout, exc_info=False
            )
        elif (
            new_state.name == pybreaker.STATE_CLOSED
            and old_state is not None
            and (old_state.name != pybreaker.STATE_CLOSED)
        ):
            logger.info("redis answers again")


breaker = pybreaker.CircuitBreaker(
    name="redis",
    fail_max=1,
    reset_timeout=settings.REDIS_BREAKER_RESET_SECONDS,
    exclude=[_not_an_outage],
    listeners=[_LogStateChanges()],
)


def available() -> bool:
    """False while the breaker is open: Redis failed a moment ago and is not being asked."""
    return breaker.current_state != pybreaker.STATE_OPEN


class GuardedRedis(redis.Redis):
    """redis.Redis whose every command (scripts included) goes through the breaker."""

    def execute_command(self, *args, **options):
        return breaker.call(super().execute_command, *args, **options)


def _connection_options() -> dict:
    return {
        "socket_connect_timeout": settings.REDIS_TIMEOUT,
        "socket_timeout": settings.REDIS_TIMEOUT,
        # No retries: a retry would multiply the wait the timeouts bound.
        "retry": Retry(NoBackoff(), 0),
    }


@functools.cache
def _client_for(url: str) -> GuardedRedis:
    return GuardedRedis(connection_pool=redis.ConnectionPool.from_url(url, **_connection_options()))


def client() -> GuardedRedis | None:
    """The guarded client of the cache's Redis (None when the portal runs without Redis)."""
    location = settings.CACHES["default"].get("LOCATION")
    if not settings.REDIS_URL or not isinstance(location, str):
        return None
    return _client_for(location)


def broker_client() -> GuardedRedis | None:
    """The guarded client of the Celery broker's Redis (its queue lengths), or None."""
    return _client_for(settings.REDIS_URL) if settings.REDIS_URL else None


class _GuardedCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(servers, **options)
        self._client = GuardedRedis


class GuardedRedisCache(RedisCache):
    """Django's Redis cache with the breaker and no retries (timeouts come from OPTIONS)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _GuardedCacheClient

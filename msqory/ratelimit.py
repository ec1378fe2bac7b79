"""Per-client limits on requests, one mechanism for the whole portal, and its one 429 answer.

A limit is a scope with a rate "N/period" (s, min, h, day): the IIN lookups share scope "lookup"
and settings.LOOKUP_RATE_LIMIT (the enumeration defence: status page and API, the guide,
"my clinic", tracking, "show my payments"); other limits count under their own scope and rate
(application submissions: "refunds-submit", settings.REFUNDS_SUBMIT_RATE_LIMIT).

The window slides: a client makes at most N requests of a scope in *any* period (a log of the
allowed requests' times), never 2N across a clock boundary as a fixed window would allow. A
client is its address (msqory/proxy.py finds it behind our proxies); an IPv6 client is its /64,
the block one subscriber gets, so cycling through addresses in it buys nothing.

Counts are kept in Redis (one script call per request), so every web process shares them. While
Redis is unavailable (msqory/redisguard.py: stopped, frozen, refusing) each process counts on
its own at the same rate, so the defence holds per process; it logs once when it falls back and
once when it shares again, and the `msqory_ratelimit_fallback` gauge says which it is doing.
Nothing restarts: the first request after the breaker's pause tries Redis again.

Over the limit the answer is 429 with Retry-After and one translated message: `too_many_page`
for pages (the `lookup_rate_limited` decorator uses it), the DRF throttles `LookupThrottle`
(and any `HitThrottle`) for the API (msqory.api renders it in the API's error shape).
"""

import collections
import functools
import ipaddress
import logging
import math
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle

from . import metrics, redisguard

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/min' -> (20, 60)."""
    count, _slash, period = (rate or "20/min").partition("/")
    return int(count), _PERIODS[period.strip().lower() or "min"]


def client_key(request) -> str:
    """The client's address; IPv6 by its /64 network ('2001:db8:1:2::/64')."""
    raw = request.META.get("REMOTE_ADDR") or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def hit(
    request,
    *,
    scope: str = "lookup",
    rate: str | None = None,
    client: str | None = None,
    cost: int = 1,
) -> int | None:
    """Count `cost` requests of `scope` for this client; None when allowed, else seconds to wait.

    `client` counts someone other than the client address (an API key, whatever address it
    calls from); `cost` counts a request that asks many things at once (a batch) as many.
    """
    limit, period = parse_rate(rate or settings.LOOKUP_RATE_LIMIT)
    # Under the cache's KEY_PREFIX, as the cache's own keys: portals (or the test suite's
    # workers) sharing one Redis keep their counts apart, and emptying the cache empties them.
    key = cache.make_key(f"ratelimit:{scope}:{client or client_key(request)}")
    wait_ms = _shared_hit(key, limit=limit, period_ms=period * 1000, cost=cost)
    if wait_ms is None:
        wait_ms = _local.hit(key, limit=limit, period_ms=period * 1000, cost=cost)
    if wait_ms == 0:
        return None
    if scope == "lookup":
        metrics.LOOKUPS.labels(outcome="rate_limited").inc()
    return max(1, math.ceil(wait_ms / 1000))


# The log of one client's allowed requests, a sorted set scored by Redis' own clock (one clock
# for every web process); returns 0 when this request is allowed, else milliseconds to wait.
_SLIDING_LOG = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, period, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4])
if cost > limit then return period end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
local count = redis.call('ZCARD', KEYS[1])
if count + cost <= limit then
    for i = 1, cost do
        redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3] .. ':' .. i)
    end
    redis.call('PEXPIRE', KEYS[1], period)
    return 0
end
-- wait until enough of the oldest requests have left the period
local freed = redis.call('ZRANGE', KEYS[1], count + cost - limit - 1, count + cost - limit - 1,
    'WITHSCORES')
if freed[2] == nil then return period end
return math.max(1, tonumber(freed[2]) + period - now)
"""


@functools.cache
def _script(client):
    return client.register_script(_SLIDING_LOG)


def _shared_hit(key: str, *, limit: int, period_ms: int, cost: int) -> int | None:
    """The shared count's answer, or None when Redis cannot give one (count locally)."""
    client = redisguard.client()
    if client is None:  # no Redis configured (the demo): this process is the whole portal
        return None
    try:
        wait_ms = int(
            _script(client)(keys=[key], args=[limit, period_ms, secrets.token_hex(4), cost])
        )
    except redisguard.UNAVAILABLE:
        _local.fall_back()
        return None
    _local.share_again()
    return wait_ms


class _LocalLog:
    """The same sliding log in this process's memory, for while Redis is away."""

    # Clients remembered at most; past it, those with no request inside their period go first.
    MAX_CLIENTS = 100_000

    def __init__(self):
        self._lock = threading.Lock()
        self._logs: dict[str, tuple[int, collections.deque]] = {}
        self.active = False

    def hit(self, key: str, *, limit: int, period_ms: int, cost: int) -> int:
        now = time.monotonic() * 1000
        if cost > limit:
            return period_ms
        with self._lock:
            if len(self._logs) >= self.MAX_CLIENTS:
                self._forget_idle(now)
            _period, log = self._logs.setdefault(key, (period_ms, collections.deque()))
            while log and log[0] <= now - period_ms:
                log.popleft()
            if len(log) + cost <= limit:
                log.extend([now] * cost)
                return 0
            freed = log[len(log) + cost - limit - 1]
            return max(1, int(freed + period_ms - now))

    def _forget_idle(self, now: float) -> None:
        self._logs = {
            key: (period, log)
            for key, (period, log) in self._logs.items()
            if log and log[-1] > now - period
        }

    def fall_back(self) -> None:
        if not self.active:
            self.active = True
            metrics.RATE_LIMIT_FALLBACK.set(1)
            metrics.RATE_LIMIT_FALLBACKS.inc()
            logger.warning("rate limits are counted in this process: Redis is unavailable")

    def share_again(self) -> None:
        if self.active:
            self.active = False
            metrics.RATE_LIMIT_FALLBACK.set(0)
            with self._lock:
                self._logs.clear()
            logger.info("rate limits are shared in Redis again")


_local = _LocalLog()


def falling_back() -> bool:
    """True while this process counts the limits on its own (Redis unavailable)."""
    return _local.active


def wait_message(seconds: int) -> str:
    """The one over-the-limit message: the wait in seconds, or in minutes from a minute on."""
    if seconds < 60:
        return ngettext(
            "Too many requests. Please try again in %(seconds)d second.",
            "Too many requests. Please try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many requests. Please try again in %(minutes)d minute.",
        "Too many requests. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def too_many_page(request, seconds: int):
    """The 429 page, for every limit: the wait, why there is one, and a way back to the form."""
    context = {"message": wait_message(seconds), "back_url": request.path}
    response = render(request, "rate_limited.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def lookup_rate_limited(view):
    """For plain Django views: POSTs beyond the lookup limit get the 429 page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            wait = hit(request)
            if wait is not None:
                return too_many_page(request, wait)
        return view(request, *args, **kwargs)

    return wrapper


class HitThrottle(BaseThrottle):
    """A DRF throttle on one limit: `count(request)` counts the request (None when allowed, else
    the seconds to wait); a limit of its own overrides `count`. 429 rendered by msqory.api."""

    def count(self, request) -> int | None:
        return hit(request)

    def allow_request(self, request, view):
        self._wait = self.count(request)
        return self._wait is None

    def wait(self):
        return getattr(self, "_wait", None)


class LookupThrottle(HitThrottle):
    """The lookups' per-client count, shared with the pages: only a POST asks about an IIN."""

    def count(self, request) -> int | None:
        return hit(request) if request.method == "POST" else None

"""One per-client limit on IIN lookups (enumeration defence), shared by every lookup in the portal.

`settings.LOOKUP_RATE_LIMIT` ("20/min" by default; s, min, h, day) counts lookups per client IP in
the cache — Redis in production, so all web workers share the count. Only lookups count (POST):
showing the empty form does not. Over the limit, the answer is 429 with Retry-After and a
translated message: the page decorator renders it, the DRF throttle goes through msqory.api.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/min' -> (20, 60)."""
    count, _slash, period = (rate or "20/min").partition("/")
    return int(count), _PERIODS[period.strip().lower() or "min"]


def client_key(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(
    request,
    *,
    scope: str = "lookup",
    rate: str | None = None,
    client: str | None = None,
    cost: int = 1,
) -> int | None:
    """Count `cost` requests of `scope` for this client; None when allowed, else seconds to wait.

    The IIN lookups share scope "lookup" and LOOKUP_RATE_LIMIT; other limits (refund
    submissions) count under their own scope and rate. `client` counts someone other than the
    client address (an API key, whatever address it calls from).
    """
    limit, period = parse_rate(rate or getattr(settings, "LOOKUP_RATE_LIMIT", "20/min"))
    now = time.time()
    window = int(now // period)
    key = f"{scope}-rate:{client or client_key(request)}:{period}:{window}"
    count = _count(key, timeout=period + 1, cost=cost)
    if count <= limit:
        return None
    return max(1, int((window + 1) * period - now + 0.999))


# INCRBY, and the expiry set with the first count: one round trip, no pipeline object per lookup.
_COUNT_SCRIPT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
return count
"""


def _count(key: str, *, timeout: int, cost: int = 1) -> int:
    """Add `cost` to the key's count: one round trip to Redis (a script: INCRBY + EXPIRE NX)."""
    backend = getattr(cache, "_cache", None)
    if backend is not None and hasattr(backend, "get_client"):  # django's RedisCache
        full_key = cache.make_and_validate_key(key)
        script = getattr(backend, "_lookup_count_script", None)
        if script is None:
            # Django builds a new redis client object for every call (costly: its callbacks
            # table); this one is kept with the cache backend, which is per thread.
            script = backend.get_client(full_key, write=True).register_script(_COUNT_SCRIPT)
            backend._lookup_count_script = script
        return int(script(keys=[full_key], args=[timeout, cost]))
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key, cost)
    except ValueError:  # expired between add and incr
        cache.set(key, cost, timeout=timeout)
        return cost


def rate_limited_message(seconds: int) -> str:
    return ngettext(
        "Too many lookups. Please try again in %(seconds)d second.",
        "Too many lookups. Please try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def lookup_rate_limited(view):
    """For plain Django views: POSTs beyond the limit get a 429 page with Retry-After."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            wait = hit(request)
            if wait is not None:
                response = render(
                    request,
                    "status/rate_limited.html",
                    {"message": rate_limited_message(wait), "seconds": wait},
                    status=429,
                )
                response["Retry-After"] = str(wait)
                return response
        return view(request, *args, **kwargs)

    return wrapper


class LookupThrottle(BaseThrottle):
    """DRF throttle sharing the same per-client count (429 rendered by msqory.api)."""

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        self._wait = hit(request)
        return self._wait is None

    def wait(self):
        return getattr(self, "_wait", None)

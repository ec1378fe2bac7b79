"""Per-client limit on application submissions (cache-backed: Redis in production).

`settings.REFUNDS_SUBMIT_RATE_LIMIT` ("10/hour" by default) counts every attempt to file an
application (valid or not) per client IP, apart from the IIN lookup limit of status.ratelimit.
"""

import time

from django.conf import settings
from django.core.cache import cache

from status.ratelimit import client_key, parse_rate


def hit(request) -> int | None:
    """Count one submission; None when allowed, else the seconds until the next window."""
    limit, period = parse_rate(getattr(settings, "REFUNDS_SUBMIT_RATE_LIMIT", "10/hour"))
    now = time.time()
    window = int(now // period)
    key = f"refunds-submit:{client_key(request)}:{period}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return None
    return max(1, int((window + 1) * period - now + 0.999))

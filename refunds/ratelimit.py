"""Per-client limit on application submissions (cache-backed: Redis in production).

`settings.REFUNDS_SUBMIT_RATE_LIMIT` ("10/hour" by default) counts every attempt to file an
application (valid or not) per client IP, through status.ratelimit's counting under a scope of
its own: apart from the IIN lookup limit.
"""

from django.conf import settings

from status import ratelimit


def hit(request) -> int | None:
    """Count one submission; None when allowed, else the seconds until the next window."""
    return ratelimit.hit(
        request,
        scope="refunds-submit",
        rate=getattr(settings, "REFUNDS_SUBMIT_RATE_LIMIT", "10/hour"),
    )

"""The per-client limit on certificate checks (the verification page and API, the PDF by code),
counted by the portal's limiter (status.ratelimit) under a scope and rate of its own
(settings.CERTIFICATE_VERIFY_RATE_LIMIT), so that codes cannot be enumerated. Issuing a
certificate is an IIN lookup and counts under the lookup limit instead."""

from django.conf import settings
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle

from status.ratelimit import hit

SCOPE = "certificate-verify"


def verify_hit(request) -> int | None:
    """Count one check by this client: None when allowed, else the seconds to wait."""
    return hit(request, scope=SCOPE, rate=settings.CERTIFICATE_VERIFY_RATE_LIMIT)


def rate_limited_message(seconds: int) -> str:
    return ngettext(
        "Too many certificate checks. Please try again in %(seconds)d second.",
        "Too many certificate checks. Please try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


class VerifyThrottle(BaseThrottle):
    """The same count for the API (every method: a check is a GET); 429 by msqory.api."""

    def allow_request(self, request, view):
        self._wait = verify_hit(request)
        return self._wait is None

    def wait(self):
        return getattr(self, "_wait", None)

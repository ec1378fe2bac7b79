"""The per-client limit on certificate checks (the verification page and API, the PDF by code),
counted by the portal's limiter (msqory.ratelimit) under a scope and rate of its own
(settings.CERTIFICATE_VERIFY_RATE_LIMIT), so that codes cannot be enumerated. Issuing a
certificate is an IIN lookup and counts under the lookup limit instead."""

from django.conf import settings

from msqory.ratelimit import HitThrottle, hit

SCOPE = "certificate-verify"


def verify_hit(request) -> int | None:
    """Count one check by this client: None when allowed, else the seconds to wait."""
    return hit(request, scope=SCOPE, rate=settings.CERTIFICATE_VERIFY_RATE_LIMIT)


class VerifyThrottle(HitThrottle):
    """The same count for the API (every method: a check is a GET)."""

    def count(self, request) -> int | None:
        return verify_hit(request)

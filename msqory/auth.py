"""Login throttling for every sign-in form (the admin, the registrars' portal).

django-axes counts failed sign-ins per client address and per username (settings.AXES_*) and
locks both out for AXES_COOLOFF_TIME after AXES_FAILURE_LIMIT failures; the lock-out page is
`locked_out` below (HTTP 429). This backend is axes' own, except that an authenticate()
call without a request (a management command, the test client's login()) is not an HTTP
sign-in and so is neither counted nor refused.
"""

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The address the lookup limiter counts by (REMOTE_ADDR, which msqory.proxy sets from our
    own proxies' X-Forwarded-For), or None for a request that came from no address."""
    return request.META.get("REMOTE_ADDR") or None


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a translated page (429) saying for how long, in whole minutes."""
    cool_off = get_cool_off(request)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else None
    return render(
        request,
        "msqory/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )

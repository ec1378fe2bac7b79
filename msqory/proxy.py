"""The client's real address behind our own reverse proxies, for every per-client limit.

The lookup limiter (msqory.ratelimit) and the sign-in lock-out (msqory.auth) count by
REMOTE_ADDR. Behind a load balancer that address is the balancer's, so one client would lock
out everyone. With TRUSTED_PROXY_COUNT=N (the number of proxies of ours in front of gunicorn,
each appending to X-Forwarded-For), REMOTE_ADDR becomes the address the outermost of them saw:
the N-th entry from the right. Entries further left are the client's own claims and are never
trusted. With 0 (the default) the header is ignored, so it cannot be spoofed.
"""

import ipaddress

from django.conf import settings


def forwarded_client(header: str, proxies: int) -> str | None:
    """'spoofed, 203.0.113.7, 10.0.0.2' with 2 proxies -> '203.0.113.7'."""
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if proxies <= 0 or len(hops) < proxies:
        return None
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class RealClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
        if proxies:
            client = forwarded_client(request.META.get("HTTP_X_FORWARDED_FOR", ""), proxies)
            if client:
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)

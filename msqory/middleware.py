"""Each answer counted and timed for /metrics, by view, method and status (msqory.metrics)."""

import time

from . import metrics


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        metrics.REQUEST_SECONDS.labels(
            # URL names, never paths: one series per view however many URLs are asked for.
            view=match.view_name if match else "unresolved",
            method=request.method if request.method in _METHODS else "other",
            status=str(response.status_code),
        ).observe(time.perf_counter() - started)
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

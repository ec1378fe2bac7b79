"""Pages and endpoints of the portal as a whole: the front page and the health check."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import ratelimit, redisguard


@require_GET
def home(request):
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request):
    """Which parts work: 200 while the portal serves, 503 only when it cannot (no database).

    Redis away degrades the portal (rate limits counted per process, Celery work waiting in the
    outbox) but it still answers: "redis": "degraded" with 200. The answer takes at most the
    Redis timeout, and nothing while the circuit breaker knows Redis is away.
    """
    database = _database_ok()
    body = {"database": "ok" if database else "error"}
    if settings.REDIS_URL:
        body["redis"] = "ok" if _redis_ok() else "degraded"
        body["rate_limits"] = "local" if ratelimit.falling_back() else "shared"
    if not database:
        state = "error"
    elif body.get("redis") == "degraded":
        state = "degraded"
    else:
        state = "ok"
    return JsonResponse({"status": state} | body, status=503 if state == "error" else 200)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _redis_ok() -> bool:
    client = redisguard.client()
    try:
        return client is not None and bool(client.ping())
    except redisguard.UNAVAILABLE:
        return False

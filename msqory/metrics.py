"""The portal's Prometheus metrics and the /metrics answer that carries every registered metric.

Metrics are prometheus_client objects in the default registry: the ones of the portal as a
whole are here, each app defines its own in its `metrics.py`. Under gunicorn the workers are
separate processes, so with PROMETHEUS_MULTIPROC_DIR set (docker-compose, gunicorn.conf.py
empties it at start) every process writes its values to files there and /metrics adds them up
(prometheus_client's multiprocess mode); without it, the one process's registry is served.

Figures that live in the database (the outbox's backlog, the last recompute, import totals) or
in the broker (the Celery queue) are read when /metrics is asked, by collectors that apps
register with `register_scrape_collector`: every process would otherwise report its own stale
copy of one shared fact.

/metrics is off the public site: it answers only with `Authorization: Bearer
<settings.METRICS_TOKEN>`, and not at all (404) while no token is set.
"""

import hmac
import os

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from . import redisguard

REQUEST_SECONDS = Histogram(
    "msqory_http_request_duration_seconds",
    "Time to answer a request, by view, method and status",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
LOOKUPS = Counter(
    "msqory_lookups",
    "IIN lookups by outcome: found, unknown_iin, invalid, rate_limited",
    ["outcome"],
)
RATE_LIMIT_FALLBACK = Gauge(
    "msqory_ratelimit_fallback",
    "1 while a web process counts rate limits on its own because Redis is unavailable",
    multiprocess_mode="livemax",
)
RATE_LIMIT_FALLBACKS = Counter(
    "msqory_ratelimit_fallbacks", "Times a web process fell back to counting rate limits alone"
)

# Public reads and the streaming replica (msqory/db_router.py). Per process: each looks at the
# replica on its own; the lag is the worst a live process saw, serving 0 if any process is off it.
REPLICA_LAG = Gauge(
    "msqory_replica_lag_seconds",
    "Replica lag as a process last measured it (age of the oldest WAL it has not replayed)",
    multiprocess_mode="livemax",
)
REPLICA_SERVING = Gauge(
    "msqory_replica_serving",
    "1 while public reads go to the replica, 0 while they go to the primary",
    multiprocess_mode="livemin",
)
PUBLIC_READS = Counter(
    "msqory_public_reads",
    "Public reads by the database that served them and why",
    ["database", "reason"],
)

_scrape_collectors: list[Collector] = []


def register_scrape_collector(collector: Collector) -> None:
    """Add a collector read at every scrape (a fact kept in the database or the broker)."""
    if collector not in _scrape_collectors:
        _scrape_collectors.append(collector)


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Everything())
    for collector in _scrape_collectors:
        registry.register(collector)
    return registry


class _Everything(Collector):
    """The default registry as one collector (so scrape collectors can be added beside it)."""

    def collect(self):
        yield from REGISTRY.collect()


class CeleryQueueCollector(Collector):
    """Tasks waiting in the broker's default queue (all its priority levels), read at scrape."""

    def collect(self):
        client = redisguard.broker_client()
        if client is None:
            return
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        # kombu keeps priorities 3, 6 and 9 in lists of their own beside the queue's.
        keys = [queue, *(f"{queue}\x06\x16{priority}" for priority in (3, 6, 9))]
        try:
            length = sum(client.llen(key) for key in keys)
        except redisguard.UNAVAILABLE:
            return
        yield GaugeMetricFamily(
            "msqory_celery_queue_length", "Tasks waiting in the Celery queue", value=length
        )


register_scrape_collector(CeleryQueueCollector())


def _authorised(request) -> bool:
    given = request.headers.get("Authorization", "")
    expected = f"Bearer {settings.METRICS_TOKEN}"
    return hmac.compare_digest(given.encode(), expected.encode())


@never_cache
@require_GET
def metrics_view(request):
    if not settings.METRICS_TOKEN:
        raise Http404
    if not _authorised(request):
        response = HttpResponse("Bearer token required\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)

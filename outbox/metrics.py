"""The outbox's figures for /metrics, read from the database at each scrape."""

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from .models import Message


class OutboxCollector(Collector):
    def collect(self):
        try:
            figures = Message.objects.filter(done_at=None).aggregate(
                backlog=Count("pk"),
                failed=Count("pk", filter=Q(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS)),
                oldest=Min("created_at"),
            )
        except DatabaseError:  # the database is away: /metrics still answers with the rest
            return
        yield GaugeMetricFamily(
            "msqory_outbox_backlog", "Outbox messages not done yet", value=figures["backlog"]
        )
        yield GaugeMetricFamily(
            "msqory_outbox_given_up",
            "Outbox messages that failed OUTBOX_MAX_ATTEMPTS times and wait for an operator",
            value=figures["failed"],
        )
        age = (timezone.now() - figures["oldest"]).total_seconds() if figures["oldest"] else 0
        yield GaugeMetricFamily(
            "msqory_outbox_oldest_age_seconds",
            "Age of the oldest outbox message not done yet (0: none waiting)",
            value=age,
        )

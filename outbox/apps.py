from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        from msqory.metrics import register_scrape_collector

        # The relay and delivery tasks, and the relay at a worker's start, in every process.
        from . import tasks  # noqa: F401
        from .metrics import OutboxCollector

        register_scrape_collector(OutboxCollector())

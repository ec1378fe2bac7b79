from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusConfig(AppConfig):
    name = "status"
    verbose_name = _("Persons and insured status")

    def ready(self):
        # Imported once the models are loaded (rulebook, signals and metrics read them at
        # import).
        from msqory.metrics import register_scrape_collector

        from . import rulebook, signals
        from .metrics import RecomputeCollector

        rulebook.register()
        signals.connect()
        register_scrape_collector(RecomputeCollector())

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusConfig(AppConfig):
    name = "status"
    verbose_name = _("Persons and insured status")

    def ready(self):
        # Imported once the models are loaded (rulebook reads them at import).
        from . import rulebook

        rulebook.register()

        from msqory.metrics import register_scrape_collector

        from .metrics import RecomputeCollector

        register_scrape_collector(RecomputeCollector())

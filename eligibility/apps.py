from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = _("Coverage eligibility for clinic systems")

    def ready(self):
        from . import schema  # noqa: F401  (registers the OpenAPI description of the keys)

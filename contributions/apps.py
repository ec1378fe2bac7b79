from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Contributions")

    def ready(self):
        # Imported once the models are loaded (rulecache reads them at import).
        from . import rulecache
        from .models import ContributionRule, Exemption, MinimumWage, PayerType

        # Any change of the rule table makes every process reload its in-memory copy.
        rulecache.watch(
            (ContributionRule, MinimumWage, PayerType, Exemption),
            m2m=(Exemption.payer_types.through,),
            uid="contributions",
        )

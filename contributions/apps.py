from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Contributions")

    def ready(self):
        # Imported once the models are loaded (rulecache reads them at import).
        from . import rulecache
        from .models import (
            BaseRate,
            ContributionRule,
            Exemption,
            MinimumWage,
            PayerType,
            PenaltyRule,
        )

        # Any change of the rule table makes every process reload its in-memory copy.
        rulecache.watch(
            (ContributionRule, MinimumWage, PayerType, Exemption, PenaltyRule, BaseRate),
            m2m=(Exemption.payer_types.through, PenaltyRule.payer_types.through),
            uid="contributions",
        )

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Contributions")

    def ready(self):
        from . import rulecache
        from .models import ContributionRule, Exemption, MinimumWage, PayerType

        # Any change of the rule table makes every process reload its in-memory copy.
        for model in (ContributionRule, MinimumWage, PayerType, Exemption):
            post_save.connect(rulecache.changed, sender=model, dispatch_uid=f"rules-{model}")
            post_delete.connect(rulecache.changed, sender=model, dispatch_uid=f"rules-d-{model}")
        m2m_changed.connect(
            rulecache.changed, sender=Exemption.payer_types.through, dispatch_uid="rules-m2m"
        )

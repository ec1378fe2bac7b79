import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import ContributionRule, Exemption, PayerType


@register(PayerType)
class PayerTypeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Exemption)
class ExemptionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(ContributionRule)
class ContributionRuleTranslationOptions(TranslationOptions):
    fields = ("legal_reference",)


# History is registered here, not with HistoricalRecords() in the model: the historical table
# must be built after the translated fields exist, or saving fails and languages are lost.
simple_history.register(ContributionRule)

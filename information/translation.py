from modeltranslation.translator import TranslationOptions, register

from .models import CareItem, Channel, FaqCategory, FaqEntry, Page, ResidencyRule


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")


@register(FaqCategory)
class FaqCategoryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(FaqEntry)
class FaqEntryTranslationOptions(TranslationOptions):
    fields = ("question", "answer")


@register(CareItem)
class CareItemTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(ResidencyRule)
class ResidencyRuleTranslationOptions(TranslationOptions):
    fields = ("attachment", "documents", "care")


@register(Channel)
class ChannelTranslationOptions(TranslationOptions):
    fields = ("name", "description")

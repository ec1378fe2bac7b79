import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import City, Clinic, ServiceArea


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "region")


@register(Clinic)
class ClinicTranslationOptions(TranslationOptions):
    fields = ("name", "address", "district")


@register(ServiceArea)
class ServiceAreaTranslationOptions(TranslationOptions):
    fields = ("district", "street")


# History is registered here, not with HistoricalRecords() in the models: the historical tables
# must be built after the translated fields exist, or saving fails and languages are lost.
for model in (City, Clinic, ServiceArea):
    simple_history.register(model)

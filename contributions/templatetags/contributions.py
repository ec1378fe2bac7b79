from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def tenge(value):
    """25 500,00 in kk/ru, 25,500.00 in en: always two decimals and thousands grouped."""
    if value is None or value == "":
        return "—"
    return number_format(value, 2, use_l10n=True, force_grouping=True)


@register.filter
def figure(value):
    """A rate or multiple without trailing zeros: 3, 1.4 (1,4 in kk/ru), 13.95."""
    if value is None or value == "":
        return "—"
    value = value.normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, places, use_l10n=True, force_grouping=True)

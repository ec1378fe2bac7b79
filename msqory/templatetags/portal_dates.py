"""{{ day|date_in:"locative" }}, {{ month|month_in:"ablative" }}: dates inside sentences
(msqory/dates.py)."""

from django import template

from msqory import dates

register = template.Library()


@register.filter
def date_in(value, case="nominative"):
    return dates.date_in(value, case)


@register.filter
def month_in(value, case="nominative"):
    return dates.month_in(value, case)

from django import template

from status import wording

register = template.Library()


@register.filter
def reason_label(result) -> str:
    """{{ result|reason_label }}: the reason of a StatusResult, naming its window's length."""
    return wording.result_reason_label(result)

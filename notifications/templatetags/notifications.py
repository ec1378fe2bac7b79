"""The status result page's parts that belong to the lapse warnings: the "how to pay it right"
block and the subscribe form (status/includes/how_to_pay.html, subscribe_form.html)."""

from decimal import Decimal

from django import template

from notifications.forms import SubscribeForm
from notifications.selectors import how_to_pay

register = template.Library()


@register.simple_tag
def how_to_pay_for(result):
    return how_to_pay(result=result) if result else None


@register.simple_tag(takes_context=True)
def subscribe_form_for(context):
    """The form for the IIN the page has just checked (the page keeps no IIN)."""
    return SubscribeForm.under_result(context)


@register.filter
def sms_amount(value: Decimal) -> str:
    """8500 or 8500.50: an SMS has no room for grouping or tiyn that are zero."""
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"

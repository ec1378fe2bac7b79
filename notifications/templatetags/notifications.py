"""The status result page's parts that belong to the lapse warnings: the "how to pay it right"
block and the subscribe form (status/includes/how_to_pay.html, subscribe_form.html)."""

from decimal import Decimal

from django import template

from notifications.forms import SubscribeForm
from notifications.links import checked_iin_token
from notifications.selectors import how_to_pay

register = template.Library()


@register.simple_tag
def how_to_pay_for(result):
    return how_to_pay(result=result) if result else None


@register.simple_tag(takes_context=True)
def subscribe_form_for(context, result):
    """The form for the IIN the page has just checked (posted to it; the page keeps no IIN)."""
    request = context.get("request")
    if not result or request is None or request.method != "POST":
        return None
    iin = request.POST.get("iin", "").strip()
    return SubscribeForm(initial={"checked": checked_iin_token(iin)})


@register.filter
def sms_amount(value: Decimal) -> str:
    """8500 or 8500.50: an SMS has no room for grouping or tiyn that are zero."""
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"

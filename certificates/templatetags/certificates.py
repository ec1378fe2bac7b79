"""The status result page's certificate button (status/includes/certificate_action.html)."""

from django import template

from certificates.forms import CheckedCertificateForm

register = template.Library()


@register.simple_tag(takes_context=True)
def certificate_form_for(context):
    """The button's form for the IIN the page has just checked (the page keeps no IIN)."""
    return CheckedCertificateForm.under_result(context)

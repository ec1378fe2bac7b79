from django import template

from msqory import contacts

register = template.Library()


@register.simple_tag
def call_centre_number() -> str:
    """{% call_centre_number as number %}: the Fund's call centre from the contact channels."""
    return contacts.call_centre_number() or ""

"""{% mshi_entitlement person %}: the eligibility API's answer for this month, on a page.

The registrar portal's person page shows it, so the desk sees what the clinic's system is told
(the same selector, the same words).
"""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("eligibility/includes/mshi_entitlement.html")
def mshi_entitlement(person):
    try:
        entitlement = selectors.entitlement_this_month(iin=person.iin)
    except selectors.MISSING_RULE as error:
        return {"entitlement": None, "error": str(error)}
    return {"entitlement": entitlement, "error": None}

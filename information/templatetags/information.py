from django import template
from django.db import InterfaceError, OperationalError

from .. import selectors
from ..markup import plain, render
from ..models import ChannelKind

register = template.Library()


@register.filter
def rich(text, figures=None):
    """A content text as HTML: paragraphs, lists, links and the figures of the month."""
    return render(text or "", figures=figures or None)


@register.filter
def plaintext(text, figures=None):
    return plain(text or "", figures=figures or None)


@register.simple_tag
def contact_channels() -> list:
    """{% contact_channels as channels %}: every way to reach the Fund, in the staff's order.

    Every page's footer shows them, the home page and the 503 page too, which must still be
    served while the database is away: then the footer goes without them."""
    try:
        return selectors.channels(kind=ChannelKind.CONTACT)
    except (OperationalError, InterfaceError):
        return []

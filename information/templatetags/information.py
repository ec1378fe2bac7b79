from django import template

from ..markup import plain, render

register = template.Library()


@register.filter
def rich(text, figures=None):
    """A content text as HTML: paragraphs, lists, links and the figures of the month."""
    return render(text or "", figures=figures or None)


@register.filter
def plaintext(text, figures=None):
    return plain(text or "", figures=figures or None)

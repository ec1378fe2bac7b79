from django import forms
from django.utils.translation import gettext_lazy as _

from .iin import IIN_LENGTH, normalise_iin, validate_iin


class IINField(forms.CharField):
    """A form field for an IIN: digits only (spaces between them are dropped), checked with the
    one IIN validator."""

    default_validators = [validate_iin]

    def to_python(self, value):
        return normalise_iin(super().to_python(value))

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("IIN"))
        kwargs.setdefault("help_text", _("12 digits, as on your identity card."))
        # Room for a typo's extra digits, so that the validator explains what is wrong instead
        # of the browser silently cutting the number.
        kwargs.setdefault("max_length", IIN_LENGTH + 8)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false", "size": "14"}
        )
        return attrs

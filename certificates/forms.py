from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from status.checked import CheckedIINForm

from .codes import parse_code
from .models import RevocationReason

CHECK_AGAIN = _(
    "The status check is more than an hour old, or the page was changed. Check the status "
    "again, then download the certificate."
)


class CheckedCertificateForm(CheckedIINForm):
    """The download button under a status result: the IIN just checked, carried encrypted."""

    id_prefix = "certificate"
    check_again = CHECK_AGAIN


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        help_text=_(
            "12 letters and digits, as printed under “Verification code”, "
            "for example K7Q2-9XDM-4HRA."
        ),
        max_length=40,
        error_messages={"required": _("Enter the certificate code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self) -> str:
        code = parse_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(
                _(
                    "This is not a certificate code: a code has 12 letters and digits, "
                    "for example K7Q2-9XDM-4HRA."
                ),
                code="invalid_code",
            )
        return code


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(label=_("Revocation reason"), choices=RevocationReason.choices)
    note = forms.CharField(
        label=_("Note (staff only)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

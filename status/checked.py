"""The IIN the status page has just checked, as the forms under its result carry it back.

The forms under a status result (a certificate download, a subscription to lapse warnings) act
on the IIN just checked without asking for it again. They carry it in the POST body encrypted
(Fernet, a key derived from SECRET_KEY), so the page never holds the IIN itself, and the token
is good for CHECKED_IIN_SECONDS: an hour-old page is checked again. Each such form is a
CheckedIINForm; the apps that own them depend on status, never the other way.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken
from django import forms
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac

CHECKED_IIN_SECONDS = 3600


def _cipher() -> Fernet:
    key = salted_hmac("status.checked-iin", "fernet", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def checked_iin_token(iin: str) -> str:
    return _cipher().encrypt(iin.encode()).decode()


def read_checked_iin(token: str) -> str | None:
    """The IIN in a token of the status page; None when it is forged or too old."""
    try:
        return _cipher().decrypt(token.encode(), ttl=CHECKED_IIN_SECONDS).decode()
    except InvalidToken:
        return None


class CheckedIINForm(forms.Form):
    """A form under a status result: its hidden `checked` field gives `cleaned_data["iin"]`.

    A subclass names its ids' prefix (the status form's ids are on the same page) and the
    translated words that ask for a new check when the token is forged or too old.
    """

    id_prefix: str
    check_again: str

    # Not required: a missing token is told as a forged or old one is, above the form (a hidden
    # field's own error would be shown as "(Hidden field checked) …", next to nothing).
    checked = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)

    @classmethod
    def under_result(cls, context):
        """The form for the IIN the result page has just checked (status.views puts its token in
        the page's context as `checked_token`); None on a page without a result."""
        token = context.get("checked_token")
        return cls(initial={"checked": token}) if token else None

    def clean(self):
        cleaned = super().clean()
        iin = read_checked_iin(cleaned.get("checked") or "")
        if iin is None:
            self.add_error(None, ValidationError(self.check_again, code="check_again"))
        else:
            cleaned["iin"] = iin
        return cleaned

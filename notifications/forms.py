"""The subscribe form (on the status result page) and the form for the code sent by SMS."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from status.checked import CheckedIINForm

from .contacts import PHONE_EXAMPLE, normalise_email, normalise_phone
from .models import Channel

CHECK_AGAIN = _(
    "The status check is more than an hour old, or the page was changed. Check the status "
    "again, then subscribe."
)
# What services.subscribe() takes from a valid form or request.
SUBSCRIPTION_FIELDS = ("iin", "channel", "address", "language")
ONE_CONTACT = _("Give an e-mail address or a mobile phone number: one of the two.")


def contact(*, email: str, phone: str) -> tuple[str, str]:
    """(channel, normalised address) from the two fields, exactly one of them filled in."""
    email, phone = (email or "").strip(), (phone or "").strip()
    if bool(email) == bool(phone):
        raise ValidationError(ONE_CONTACT, code="one_contact")
    if email:
        return Channel.EMAIL, normalise_email(email)
    return Channel.SMS, normalise_phone(phone)


class SubscribeForm(CheckedIINForm):
    id_prefix = "subscribe"
    check_again = CHECK_AGAIN

    email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Or a mobile phone number, for SMS"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "size": "18"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the messages"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("language", get_language())
        super().__init__(*args, **kwargs)
        # Built here, in the reader's language, from the settings of the day.
        self.fields["phone"].help_text = _(
            "For example %(example)s. Warnings by SMS arrive between %(start)s and %(end)s."
        ) % {
            "example": PHONE_EXAMPLE,
            "start": settings.SMS_QUIET_HOURS_END,
            "end": settings.SMS_QUIET_HOURS_START,
        }

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["channel"], cleaned["address"] = contact(
                email=cleaned.get("email", ""), phone=cleaned.get("phone", "")
            )
        except ValidationError as error:
            if error.code == "one_contact":
                raise
            self.add_error("email" if error.code == "invalid" else "phone", error)
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        help_text=_("6 digits."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": "8"}
        ),
    )

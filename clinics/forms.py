from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from msqory.admin_site import TOTPCodeFormMixin
from status.fields import IINField
from status.models import Residency

from . import rules
from .models import City, Document, EndReason, Reason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class FindClinicForm(forms.Form):
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.filter(clinics__isnull=False).distinct(),
        empty_label=_("Choose a city"),
        error_messages={"required": _("Choose the city you live, work or study in.")},
    )
    street = forms.CharField(
        label=_("Street"),
        help_text=_(
            "For example: Abai Avenue, or microdistrict 5. The house number is not needed."
        ),
        max_length=150,
        required=False,
    )
    district = forms.CharField(
        label=_("District (optional)"),
        help_text=_("If you do not know the street's clinic, the district helps."),
        max_length=100,
        required=False,
    )


class RegistrarLoginForm(TOTPCodeFormMixin, AuthenticationForm):
    """A registrar's sign-in: password, then the authenticator code when they need one.

    Fund staff accounts are refused here: they sign in at the admin, which asks for their code,
    so that a staff password alone never opens a session.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "staff_account": _(
            "This page is for polyclinic registrars. Fund staff sign in at the Fund's "
            "administration site."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_staff or user.is_superuser:
            raise forms.ValidationError(self.error_messages["staff_account"], code="staff_account")


class IINLookupForm(forms.Form):
    iin = IINField()


class AttachForm(forms.Form):
    """The registrar's attachment form for one person; reasons depend on their residency."""

    iin = IINField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Reason"),
        widget=forms.RadioSelect,
        choices=Reason.choices,
        error_messages={"required": _("Choose the reason for the attachment.")},
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents seen"),
        widget=forms.CheckboxSelectMultiple,
        choices=Document.choices,
        required=False,
    )
    contract_number = forms.CharField(
        label=_("Insurance contract number"),
        help_text=_("Labour migrants only."),
        max_length=50,
        required=False,
    )
    contract_ends = forms.DateField(
        label=_("Insurance contract ends on"),
        help_text=_("Labour migrants only: the attachment ends with the contract."),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = rules.allowed_reasons(residency=person.residency)
        self.fields["reason"].choices = [(c, label) for c, label in Reason.choices if c in allowed]
        if len(allowed) == 1:
            self.fields["reason"].initial = allowed[0]
        base = rules.required_documents(
            residency=person.residency, reason=allowed[0] if allowed else ""
        )
        self.fields["documents"].help_text = _(
            "Tick each document you have seen. Required: %(documents)s. A newborn needs the "
            "birth certificate instead of an identity document; a change of residence also "
            "needs a proof of the new address."
        ) % {"documents": "; ".join(str(Document(code).label) for code in base) or "—"}
        if person.residency not in rules.CONTRACT_CATEGORIES:
            del self.fields["contract_number"]
            del self.fields["contract_ends"]

    # Which field a refusal from the service belongs next to.
    ERROR_FIELDS = {
        "documents_missing": "documents",
        "contract_end_required": "contract_ends",
        "contract_expired": "contract_ends",
        "contract_number_required": "contract_number",
        "contract_required": "reason",
        "contract_only_for_migrants": "reason",
        "not_first": "reason",
        "free_choice_used": "reason",
        "campaign_closed": "reason",
        "unknown_reason": "reason",
    }

    def add_refusal(self, refusal) -> None:
        field = self.ERROR_FIELDS.get(refusal.code)
        self.add_error(field if field in self.fields else None, refusal.message)


class DetachForm(forms.Form):
    iin = IINField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Why the attachment ends"),
        widget=forms.RadioSelect,
        choices=[
            (code, label)
            for code, label in EndReason.choices
            if code in (EndReason.PERSON_REQUEST, EndReason.MOVED_ABROAD, EndReason.DEATH)
        ],
        error_messages={"required": _("Choose why the attachment ends.")},
    )


class PatientFilterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Any reason")), *Reason.choices], required=False
    )
    residency = forms.ChoiceField(
        label=_("Residency"),
        choices=[("", _("Any residency")), *Residency.choices],
        required=False,
    )
    started_from = forms.DateField(label=_("Attached from"), required=False, widget=DateInput())
    started_to = forms.DateField(label=_("Attached until"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("started_from"), data.get("started_to")
        if start and end and start > end:
            self.add_error("started_to", _("This date must not be before the “from” date."))
        return data

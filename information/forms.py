from django import forms
from django.utils.translation import gettext_lazy as _

from status.fields import IINField
from status.models import Residency

from .guide import OTHER_RESIDENCY, SITUATIONS

RESIDENCY_CHOICES = [*Residency.choices, (OTHER_RESIDENCY, _("Other"))]
SITUATION_CHOICES = [(s.code, s.label) for s in SITUATIONS]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the information pages"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class GuideForm(forms.Form):
    """The guide's questions (GET: an answer without an IIN can be bookmarked)."""

    residency = forms.ChoiceField(
        label=_("Who are you in Kazakhstan?"),
        choices=RESIDENCY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who you are in Kazakhstan.")},
    )
    situation = forms.MultipleChoiceField(
        label=_("What is your situation?"),
        help_text=_("Choose all that apply: for example, a teacher who also runs a farm."),
        choices=SITUATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one situation.")},
    )


class GuideStatusForm(GuideForm):
    """The same answers plus the IIN, sent by POST so that the IIN never appears in an address."""

    iin = IINField(help_text=_("Optional: with your IIN the guide also shows your current status."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "status-%s")  # the question form above uses id_…
        super().__init__(*args, **kwargs)
        self.fields["residency"].widget = forms.HiddenInput()
        self.fields["situation"].widget = forms.MultipleHiddenInput()

"""The citizens' forms: refund application, debt-cancellation application, tracking."""

import re
from collections.abc import Collection, Sequence
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contributions.forms import MoneyField, MonthField
from msqory.collation import sort_key
from msqory.contacts import call_centre_number
from status.fields import IINField
from status.iin import check_digit
from status.models import Payment, Person

from .errors import WorkflowError
from .models import CITIES, CancellationReason, DocumentKind, PayerKind, RefundReason, Region
from .selectors import PaymentCheck, StatusChange, TypedPayment
from .validators import (
    ONE_DOCUMENT_HINT,
    OTHER_DOCUMENTS_HINT,
    SEVERAL_DOCUMENTS_HINT,
    max_attachments,
    normalise_iban,
    validate_document,
    validate_kz_bic,
    validate_kz_iban,
)


def unknown_iin_message() -> str:
    """Told when the Fund has no record of an IIN: with the call centre staff list, if any."""
    number = call_centre_number()
    if number is None:
        return gettext("The Fund has no record of this IIN. Check the number.")
    return gettext(
        "The Fund has no record of this IIN. Check the number; if it is right, call the Fund's "
        "call centre %(number)s."
    ) % {"number": number}


ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentField(forms.FileField):
    """One or several PDF/JPEG/PNG files, each checked by its content."""

    def __init__(self, *, multiple: bool = False, **kwargs):
        self.multiple = multiple
        widget = MultipleFileInput if multiple else forms.FileInput
        kwargs.setdefault("widget", widget(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        cleaned = [super(DocumentField, self).clean(upload, initial) for upload in uploads]
        errors = []
        for upload in cleaned:
            try:
                validate_document(upload)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


def validate_bin(value: str) -> None:
    if not re.fullmatch(r"\d{12}", value or "") or check_digit(value[:11]) != int(value[11]):
        raise ValidationError(
            _("A BIN has 12 digits and a check digit; please check it for a typo."),
            code="bin_invalid",
        )


def region_choices() -> list[tuple[str, str]]:
    """The regions in the reader's alphabetical order, then the three cities of republican
    significance."""
    regions = [(code, str(label)) for code, label in Region.choices if code not in CITIES]
    cities = [(code, str(label)) for code, label in Region.choices if code in CITIES]
    return sorted(regions, key=lambda c: sort_key(c[1])) + sorted(
        cities, key=lambda c: sort_key(c[1])
    )


class ApplicantForm(forms.Form):
    """What both applications ask of the applicant."""

    applicant_iin = IINField(
        label=_("IIN"),
        help_text=_("12 digits, as on the identity card of the person the money was paid for."),
    )
    applicant_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("Last name, first name and patronymic, as in your identity document."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        choices=[("", _("Choose a region")), *Region.choices],
        help_text=_("Where you live: the Fund's branch in this region deals with it."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        help_text=_(
            "So that the Fund can call you if something is missing, e.g. +7 701 123 45 67."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send an e-mail every time your application moves to a new stage."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    # A field people never see (hidden with CSS); bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if not 10 <= len(digits) <= 15 or not re.fullmatch(r"[+\d ()\-]+", phone):
            raise ValidationError(
                _("Enter a phone number with its code, for example +7 701 123 45 67."),
                code="phone",
            )
        return phone

    def __init__(self, *args, person: Person | None = None, **kwargs):
        """`person`: whom the typed IIN belongs to, looked up by the view
        (refunds.selectors.applicant) once it has counted the request against its limit."""
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["region"].choices = [("", _("Choose a region")), *region_choices()]

    def clean_applicant_iin(self):
        iin = self.cleaned_data["applicant_iin"]
        if self.person is None or self.person.iin != iin:
            raise ValidationError(unknown_iin_message(), code="unknown_iin")
        return iin

    def document_count(self) -> int:
        return sum(
            len(self.cleaned_data.get(name) or [])
            for name, field in self.fields.items()
            if isinstance(field, DocumentField)
        )

    def check_document_count(self) -> None:
        if self.document_count() > max_attachments():
            raise ValidationError(
                _("Attach at most %(limit)d files in all; you chose %(count)d."),
                code="too_many_files",
                params={"limit": max_attachments(), "count": self.document_count()},
            )


def payment_label(payment: Payment, *, status_dependent: bool = False) -> str:
    label = _("%(month)s · %(payer)s · paid on %(date)s · reference …%(ref)s") % {
        "month": date_format(payment.period, "YEAR_MONTH_FORMAT"),
        "payer": payment.payer_type.name,
        "date": date_format(payment.paid_on, "SHORT_DATE_FORMAT"),
        "ref": payment.reference[-4:],
    }
    if status_dependent:
        label += " · " + str(_("refunding it ends your insured status"))
    return label


def error_for_typed(typed: dict, error: WorkflowError | None) -> ValidationError:
    """Why a payment typed from a receipt cannot be refunded (None: it is not in the ledger)."""
    if error is not None:
        return ValidationError(error.message, code=error.code)
    return ValidationError(
        _(
            "The Fund has no payment with reference %(reference)s for %(month)s, %(amount)s "
            "tenge, paid on %(date)s for this IIN. Check the receipt; only payments the Fund "
            "received can be refunded."
        ),
        code="payment_not_in_ledger",
        params={
            "reference": typed["reference"].strip(),
            "month": date_format(typed["period"], "YEAR_MONTH_FORMAT"),
            "amount": typed["amount"],
            "date": date_format(typed["paid_on"], "SHORT_DATE_FORMAT"),
        },
    )


class ManualPaymentForm(forms.Form):
    """A payment typed from the applicant's receipt; it must be in the ledger for the IIN."""

    period = MonthField(
        label=_("Month paid for"), required=False, help_text=_("For example 2026-03.")
    )
    amount = MoneyField(
        label=_("Amount, tenge"),
        required=False,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    paid_on = forms.DateField(
        label=_("Date paid"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reference = forms.CharField(
        label=_("Payment reference"),
        required=False,
        max_length=64,
        help_text=_("The number of the payment order or receipt."),
    )

    def clean(self):
        data = super().clean()
        filled = [name for name in ("period", "amount", "paid_on", "reference") if data.get(name)]
        if filled and len(filled) < 4:
            raise ValidationError(
                _("Fill in all four: month, amount, date paid and reference."),
                code="incomplete_payment",
            )
        return data


ManualPaymentFormSet = forms.formset_factory(ManualPaymentForm, extra=3, max_num=3)


class RefundForm(ApplicantForm):
    field_order = [
        "applicant_iin",
        "applicant_name",
        "region",
        "address",
        "phone",
        "email",
        "payer_kind",
        "employer_bin",
        "employer_name",
        "payments",
        "refund_reason",
        "reason_details",
        "iban",
        "bic",
        "payment_documents",
        "consent_document",
        "website",
    ]

    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        help_text=_("Optional: the address where you live, for a letter if needed."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    payer_kind = forms.ChoiceField(
        label=_("Who paid the money"),
        choices=PayerKind.choices,
        initial=PayerKind.PERSON,
        widget=forms.RadioSelect,
        help_text=_(
            "Money goes back the way it was paid: to you, or to the employer that paid it."
        ),
    )
    employer_bin = forms.CharField(
        label=_("Employer's BIN"),
        required=False,
        max_length=20,
        validators=[validate_bin],
        help_text=_("Only if an employer paid: its 12-digit business identification number."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    employer_name = forms.CharField(
        label=_("Employer's name"),
        required=False,
        max_length=200,
        help_text=_("Only if an employer paid."),
    )
    payments = forms.MultipleChoiceField(
        label=_("Payments to refund"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Enter the IIN and press “Show my payments” to choose from the payments the Fund "
            "has received. Or type a payment below from your receipt."
        ),
    )
    refund_reason = forms.ChoiceField(
        label=_("Why the money should be returned"),
        choices=RefundReason.choices,
        widget=forms.RadioSelect,
    )
    reason_details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        help_text=_("Anything that helps the Fund understand; required for “another reason”."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    iban = forms.CharField(
        label=_("Account number (IBAN)"),
        max_length=40,
        validators=[validate_kz_iban],
        help_text=_(
            "The account the money should go to: KZ and 18 letters and digits, as in your "
            "bank's app, e.g. KZ86 125K ZT50 0410 0100."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    bic = forms.CharField(
        label=_("Bank's BIC"),
        max_length=11,
        validators=[validate_kz_bic],
        help_text=_("8 Latin letters and digits, e.g. HSBKKZKX; your bank's website shows it."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    payment_documents = DocumentField(
        label=_("Payment order, bank statement or receipt"),
        multiple=True,
        required=True,
        help_text=SEVERAL_DOCUMENTS_HINT,
    )
    consent_document = DocumentField(
        label=_("Employee's consent"),
        help_text=_("Only if an employer applies: the employee's signed consent (PDF, JPEG, PNG)."),
    )

    accept_status_change = forms.BooleanField(
        label=_("I understand, and I want the refund all the same"),
        required=False,
    )

    def __init__(
        self,
        *args,
        ledger_payments: Sequence[Payment] = (),
        status_dependent: Collection[int] = (),
        manual_data=None,
        **kwargs,
    ):
        """`ledger_payments`: the person's payments to choose from (refunds.selectors.
        offered_payments), of which `status_dependent` are those whose refund alone would
        end the status. `manual_data` keeps the typed payments on the unbound form of "Show my
        payments", which shows what was typed (as initial values) without every field's errors."""
        super().__init__(*args, **kwargs)
        self.ledger_payments = list(ledger_payments)
        self.fields["payments"].choices = [
            (str(p.pk), payment_label(p, status_dependent=p.pk in status_dependent))
            for p in self.ledger_payments
        ]
        self.manual = ManualPaymentFormSet(
            self.data if self.is_bound else manual_data, prefix="manual"
        )

    def iin_problem(self) -> str | None:
        """For "Show my payments": what is wrong with the typed IIN alone, if anything."""
        try:
            iin = self.fields["applicant_iin"].clean(self.initial.get("applicant_iin", ""))
        except ValidationError as error:
            return " ".join(error.messages)
        return None if self.person is not None and self.person.iin == iin else unknown_iin_message()

    def is_valid(self):
        # Every error shows at once: the typed rows are checked whatever the rest says.
        form_ok = super().is_valid()
        return self.manual.is_valid() and form_ok

    def clean_iban(self):
        return normalise_iban(self.cleaned_data["iban"])

    def clean_bic(self):
        return self.cleaned_data["bic"].strip().upper()

    def clean(self):
        data = super().clean()
        if data.get("payer_kind") == PayerKind.EMPLOYER:
            for name in ("employer_bin", "employer_name"):
                if not data.get(name):
                    self.add_error(name, _("Required when an employer paid."))
            if not data.get("consent_document"):
                self.add_error(
                    "consent_document", _("An employer's application needs the employee's consent.")
                )
        if data.get("refund_reason") == RefundReason.OTHER and not data.get("reason_details"):
            self.add_error("reason_details", _("Describe the reason."))
        try:
            self.check_document_count()
        except ValidationError as error:
            self.add_error("payment_documents", error)
        return self.cleaned_data

    def chosen_payments(self) -> list[Payment]:
        """The ledger payments ticked in the list."""
        by_pk = {str(p.pk): p for p in self.ledger_payments}
        return [by_pk[pk] for pk in self.cleaned_data.get("payments", []) if pk in by_pk]

    def typed_payments(self) -> dict[int, TypedPayment]:
        """The payments typed from receipts, by row (empty rows left out)."""
        if not self.manual.is_valid():
            return {}
        return {
            index: TypedPayment(
                reference=row.cleaned_data["reference"].strip(),
                period=row.cleaned_data["period"],
                amount=row.cleaned_data["amount"],
                paid_on=row.cleaned_data["paid_on"],
            )
            for index, row in enumerate(self.manual)
            if row.cleaned_data.get("reference")
        }

    def can_check_payments(self) -> bool:
        """The applicant is known and the payment fields are well-formed: worth a ledger check."""
        return (
            self.person is not None
            and not self.has_error("applicant_iin")
            and not self.has_error("payments")
            and self.manual.is_valid()
        )

    def add_payment_check(self, check: PaymentCheck) -> None:
        """The ledger's answer (refunds.selectors.check_payments) as errors beside the fields."""
        for error in check.chosen_errors:
            self.add_error("payments", ValidationError(error.message, code=error.code))
        for index, error in check.typed_errors.items():
            row = self.manual.forms[index]
            row.add_error("reference", error_for_typed(row.cleaned_data, error))
        if not check.payments and not check.chosen_errors and not check.typed_errors:
            self.add_error(
                "payments",
                ValidationError(
                    _("Choose at least one payment, or type one from your receipt."),
                    code="no_payments",
                ),
            )
        if not self.errors and not self.manual.total_error_count():
            self.cleaned_data["payment_objects"] = check.payments

    def add_status_change(self, change: StatusChange | None) -> None:
        """Ask for the applicant's confirmation before a refund that ends their status."""
        if change is None or self.cleaned_data.get("accept_status_change"):
            return
        months = ", ".join(date_format(m, "YEAR_MONTH_FORMAT") for m in change.months)
        message = _(
            "Your insured status depends on %(months)s: without these payments you would no "
            "longer be insured. To apply all the same, tick the box."
        ) % {"months": months}
        self.add_error("accept_status_change", ValidationError(message, code="status_change"))
        self.cleaned_data.pop("payment_objects", None)

    def application_fields(self) -> dict:
        data = self.cleaned_data
        employer = data["payer_kind"] == PayerKind.EMPLOYER
        return {
            "applicant_name": data["applicant_name"],
            "address": data["address"],
            "region": data["region"],
            "phone": data["phone"],
            "email": data["email"],
            "payer_kind": data["payer_kind"],
            "employer_bin": data["employer_bin"] if employer else "",
            "employer_name": data["employer_name"] if employer else "",
            "refund_reason": data["refund_reason"],
            "reason_details": data["reason_details"],
            "iban": data["iban"],
            "bic": data["bic"],
        }

    def documents(self) -> list[tuple[str, object]]:
        data = self.cleaned_data
        docs = [(DocumentKind.PAYMENT_DOCUMENT, f) for f in data.get("payment_documents", [])]
        if data["payer_kind"] == PayerKind.EMPLOYER:
            docs += [(DocumentKind.EMPLOYEE_CONSENT, f) for f in data.get("consent_document", [])]
        return docs


class CancellationForm(ApplicantForm):
    field_order = [
        "applicant_iin",
        "applicant_name",
        "region",
        "address",
        "phone",
        "email",
        "cancellation_reason",
        "reason_details",
        "period_start",
        "period_end",
        "labour_contract",
        "residence_permit",
        "other_documents",
        "website",
    ]

    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        help_text=_("Where you live: the letter to the Fund states it."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    cancellation_reason = forms.ChoiceField(
        label=_("Why the debt arose"),
        choices=CancellationReason.choices,
        widget=forms.RadioSelect,
    )
    reason_details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        help_text=_(
            "For example the date you received the residence permit or entered Kazakhstan; "
            "required for “another reason”."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    period_start = MonthField(
        label=_("Debt from (month)"), help_text=_("The first month of the debt, e.g. 2024-01.")
    )
    period_end = MonthField(
        label=_("Debt to (month)"), help_text=_("The last month of the debt, e.g. 2024-09.")
    )
    labour_contract = DocumentField(
        label=_("Copy of the labour contract"), help_text=ONE_DOCUMENT_HINT
    )
    residence_permit = DocumentField(
        label=_("Copy of the temporary residence permit"),
        help_text=ONE_DOCUMENT_HINT,
    )
    other_documents = DocumentField(
        label=_("Other documents"),
        multiple=True,
        help_text=OTHER_DOCUMENTS_HINT,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("The last month cannot be before the first."))
            elif end > timezone.localdate().replace(day=1):
                self.add_error("period_end", _("The last month cannot be in the future."))
        if data.get("cancellation_reason") == CancellationReason.OTHER and not data.get(
            "reason_details"
        ):
            self.add_error("reason_details", _("Describe the reason."))
        documents_given = data.get("labour_contract") or data.get("residence_permit")
        document_errors = self.errors.get("labour_contract") or self.errors.get("residence_permit")
        if not documents_given and not document_errors:
            self.add_error(
                "residence_permit",
                _("Attach a copy of the labour contract or of the residence permit."),
            )
        try:
            self.check_document_count()
        except ValidationError as error:
            self.add_error("other_documents", error)
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_iin"].help_text = _("12 digits, as on your identity card.")

    def application_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "applicant_name",
                "address",
                "region",
                "phone",
                "email",
                "cancellation_reason",
                "reason_details",
                "period_start",
                "period_end",
            )
        }

    def documents(self) -> list[tuple[str, object]]:
        data = self.cleaned_data
        return (
            [(DocumentKind.LABOUR_CONTRACT, f) for f in data.get("labour_contract", [])]
            + [(DocumentKind.RESIDENCE_PERMIT, f) for f in data.get("residence_permit", [])]
            + [(DocumentKind.OTHER, f) for f in data.get("other_documents", [])]
        )


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Application number"),
        max_length=20,
        help_text=_("As shown when you applied and in our e-mails, e.g. R-2026-000123."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    iin = IINField(help_text=_("The IIN given in the application."))

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()

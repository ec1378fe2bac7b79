"""Refund and debt-cancellation applications (docs/domain.md §5, §6), their audit trail, documents,
and the working-day calendar data that their deadlines are counted in."""

import datetime
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (read on every use), which no URL serves."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private documents have no URL; staff download them through a view")


def private_storage() -> FileSystemStorage:
    """Uploaded documents live under PRIVATE_MEDIA_ROOT, never under a public URL."""
    return PrivateStorage()


class Kind(models.TextChoices):
    REFUND = "refund", _("Refund of wrongly paid money")
    CANCELLATION = "cancellation", _("Debt cancellation")


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    PAYMENT_CONFIRMED = "payment_confirmed", _("Payment confirmed")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Refund paid")
    REFUSED = "refused", _("Refused")


class RefusalReason(models.TextChoices):
    """The closed list of docs/domain.md §5."""

    WRONG_BANK_DETAILS = "wrong_bank_details", _("The bank details are wrong")
    NOT_ON_ANNEX_1 = "not_on_annex_1", _("The application is not on the Annex 1 form")
    WRONG_REASON = "wrong_reason", _("The reason for the refund is stated wrongly")
    INCOMPLETE_DOCUMENTS = "incomplete_documents", _("The documents are incomplete")
    NO_GROUNDS = "no_grounds", _("There are no grounds for a refund")
    NO_CONFIRMATION = (
        "no_confirmation",
        _(
            "No confirmation from the state information systems (for example, an individual "
            "entrepreneur said to be closed is still active)"
        ),
    )
    TEMPORARY_FOREIGNER = (
        "temporary_foreigner",
        _("The applicant is a foreigner (or a family member) staying in Kazakhstan temporarily"),
    )


class PayerKind(models.TextChoices):
    PERSON = "person", _("I paid for myself")
    EMPLOYER = "employer", _("An employer paid for an employee")


class RefundReason(models.TextChoices):
    EMPLOYER_PAID_AFTER_SELF_PAYMENT = (
        "employer_paid_after_self_payment",
        _(
            "I paid for myself while my employer was late, then the employer paid for the same "
            "months"
        ),
    )
    PAID_TWICE = "paid_twice", _("The same month was paid twice")
    PAID_TOO_MUCH = "paid_too_much", _("More was paid than was due")
    WRONG_PERSON_OR_PERIOD = (
        "wrong_person_or_period",
        _("The payment was made for the wrong person or the wrong month"),
    )
    OTHER = "other", _("Another reason (describe it below)")


class CancellationReason(models.TextChoices):
    BEFORE_RESIDENCE_PERMIT = (
        "before_residence_permit",
        _("The debt arose before I received a residence permit"),
    )
    BEFORE_ENTRY = (
        "before_entry",
        _("The debt arose before I entered Kazakhstan as a labour migrant"),
    )
    OTHER = "other", _("Another reason (describe it below)")


class Region(models.TextChoices):
    ABAI = "abai", _("Abai region")
    AKMOLA = "akmola", _("Akmola region")
    AKTOBE = "aktobe", _("Aktobe region")
    ALMATY_REGION = "almaty_region", _("Almaty region")
    ATYRAU = "atyrau", _("Atyrau region")
    EAST_KAZAKHSTAN = "east_kazakhstan", _("East Kazakhstan region")
    ZHAMBYL = "zhambyl", _("Zhambyl region")
    ZHETISU = "zhetisu", _("Zhetisu region")
    WEST_KAZAKHSTAN = "west_kazakhstan", _("West Kazakhstan region")
    KARAGANDA = "karaganda", _("Karaganda region")
    KOSTANAY = "kostanay", _("Kostanay region")
    KYZYLORDA = "kyzylorda", _("Kyzylorda region")
    MANGYSTAU = "mangystau", _("Mangystau region")
    PAVLODAR = "pavlodar", _("Pavlodar region")
    NORTH_KAZAKHSTAN = "north_kazakhstan", _("North Kazakhstan region")
    TURKISTAN = "turkistan", _("Turkistan region")
    ULYTAU = "ulytau", _("Ulytau region")
    ASTANA = "astana", _("Astana city")
    ALMATY = "almaty", _("Almaty city")
    SHYMKENT = "shymkent", _("Shymkent city")


class ApplicationQuerySet(models.QuerySet):
    def overdue(self, *, today: datetime.date):
        return self.filter(overdue_q(today=today))


class Application(models.Model):
    """One application by a citizen; its state only moves through refunds.services."""

    number = models.CharField(_("application number"), max_length=20, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    state = models.CharField(
        _("processing state"), max_length=20, choices=State, default=State.SUBMITTED
    )
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="kk"
    )
    person = models.ForeignKey(
        "status.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    # The applicant as typed on the form (kept even if the registry changes later).
    applicant_iin = models.CharField(_("applicant's IIN"), max_length=12, db_index=True)
    applicant_name = models.CharField(_("applicant's full name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("e-mail"))

    # Refund
    payer_kind = models.CharField(
        _("who paid"), max_length=10, choices=PayerKind, default=PayerKind.PERSON
    )
    employer_bin = models.CharField(_("employer's BIN"), max_length=12, blank=True)
    employer_name = models.CharField(_("employer's name"), max_length=200, blank=True)
    refund_reason = models.CharField(
        _("reason for the refund"), max_length=40, choices=RefundReason, blank=True
    )
    iban = models.CharField(_("IBAN"), max_length=20, blank=True)
    bic = models.CharField(_("bank's BIC"), max_length=11, blank=True)
    payments = models.ManyToManyField(
        "status.Payment",
        verbose_name=_("payments"),
        related_name="refund_applications",
        blank=True,
    )

    # Debt cancellation
    cancellation_reason = models.CharField(
        _("reason for the cancellation"), max_length=40, choices=CancellationReason, blank=True
    )
    period_start = models.DateField(_("debt from (month)"), null=True, blank=True)
    period_end = models.DateField(_("debt to (month)"), null=True, blank=True)

    reason_details = models.TextField(_("details of the reason"), blank=True)

    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    confirmation_due = models.DateField(_("payment confirmation due"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reason = models.CharField(
        _("refusal reason"), max_length=30, choices=RefusalReason, blank=True
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["due_date", "number"]
        indexes = [models.Index(fields=["state", "due_date"])]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def is_final(self) -> bool:
        return self.state not in OPEN_STATES[self.kind]

    def is_overdue(self, *, today: datetime.date) -> bool:
        """The same rule as overdue_q, for one application in hand."""
        if self.is_final:
            return False
        waiting = self.state == State.SUBMITTED and self.confirmation_due is not None
        return self.due_date < today or (waiting and self.confirmation_due < today)

    @property
    def refusal_note(self) -> str:
        """What staff wrote to the applicant when refusing (the refusal event's note)."""
        refusals = [e for e in self.events.all() if e.to_state == State.REFUSED]
        return refusals[-1].note if refusals else ""

    @property
    def total_amount(self):
        return sum((p.amount for p in self.payments.all()), start=0)


# Which states are still open (not final) for each kind; the transitions are in services.py.
OPEN_STATES = {
    Kind.REFUND: [State.SUBMITTED, State.PAYMENT_CONFIRMED, State.UNDER_REVIEW, State.APPROVED],
    Kind.CANCELLATION: [State.SUBMITTED, State.UNDER_REVIEW],
}


def open_q() -> models.Q:
    return models.Q(kind=Kind.REFUND, state__in=OPEN_STATES[Kind.REFUND]) | models.Q(
        kind=Kind.CANCELLATION, state__in=OPEN_STATES[Kind.CANCELLATION]
    )


def overdue_q(*, today: datetime.date) -> models.Q:
    """Open past the due date, or a refund still waiting for the payment confirmation past the
    State Corporation's own deadline."""
    return open_q() & (
        models.Q(due_date__lt=today) | models.Q(state=State.SUBMITTED, confirmation_due__lt=today)
    )


class Event(models.Model):
    """An entry of an application's audit trail: who moved it, when, from where to where."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_state = models.CharField(_("from state"), max_length=20, choices=State, blank=True)
    to_state = models.CharField(_("to state"), max_length=20, choices=State)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_state or '—'} → {self.to_state}"


class DocumentKind(models.TextChoices):
    PAYMENT_DOCUMENT = "payment_document", _("Payment order, bank statement or receipt")
    EMPLOYEE_CONSENT = "employee_consent", _("Employee's consent")
    LABOUR_CONTRACT = "labour_contract", _("Copy of the labour contract")
    RESIDENCE_PERMIT = "residence_permit", _("Copy of the temporary residence permit")
    OTHER = "other", _("Other document")


def _attachment_path(instance, filename: str) -> str:
    # The stored name is random (set by the service); the original name is only metadata.
    return f"refunds/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=_attachment_path, max_length=200
    )
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded document")
        verbose_name_plural = _("uploaded documents")
        ordering = ["pk"]
        permissions = [("download_attachment", _("Can download applicants' documents"))]

    def __str__(self) -> str:
        return self.original_name


class DeadlineRule(models.Model):
    """How many working days the Fund has for an application of a kind, over a period."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    review_working_days = models.PositiveSmallIntegerField(_("working days for the decision"))
    confirmation_working_days = models.PositiveSmallIntegerField(
        _("working days for the payment confirmation"),
        null=True,
        blank=True,
        help_text=_("Refunds only: the State Corporation's check that the money arrived."),
    )

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["kind", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.valid_from:%Y-%m-%d}"


class CalendarDay(models.Model):
    """A day whose working status differs from the statutory calendar: a day off transferred
    by the Government, or a weekend day that is worked in exchange."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a weekend day that is worked. Not ticked: a transferred day off."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("transferred day")
        verbose_name_plural = _("transferred days")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"

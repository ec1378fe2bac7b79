"""Polyclinics (primary health care organisations), the streets they serve, and who is attached.

docs/domain.md §7: a person is attached to exactly one clinic at a time; the database guarantees it
with a partial unique constraint, and every change is kept (closed attachments stay as rows, and
simple_history records each edit). Writes go through `clinics.services` only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class City(models.Model):
    """A city or district centre, with the region it belongs to (names translated).

    City, Clinic and ServiceArea get their history in translation.py, after modeltranslation
    added the translated columns, so that the history keeps every language."""

    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=100)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Clinic(models.Model):
    """A primary health care organisation people attach to."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    bin = models.CharField(
        _("BIN"),
        max_length=12,
        help_text=_("Business identification number: 12 digits."),
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="clinics"
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), help_text=_("How many people the clinic can have attached at once.")
    )
    accepts_new_patients = models.BooleanField(_("accepts new patients"), default=True)
    fund_contract = models.BooleanField(
        _("has a contract with the Fund"),
        default=False,
        help_text=_("Only clinics with a contract with the Fund take new attachments."),
    )

    class Meta:
        verbose_name = _("polyclinic")
        verbose_name_plural = _("polyclinics")
        ordering = ["city__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bin__regex=r"^[0-9]{12}$"), name="clinic_bin_twelve_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    """A street (or, with no street, a whole district) of a city that a clinic serves."""

    clinic = models.ForeignKey(
        Clinic, verbose_name=_("polyclinic"), on_delete=models.CASCADE, related_name="areas"
    )
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT)
    district = models.CharField(_("district"), max_length=100, blank=True)
    street = models.CharField(
        _("street"),
        max_length=150,
        blank=True,
        help_text=_("Leave empty when the clinic serves the whole district."),
    )
    # Street and district names in every language, case-folded: what the address search matches.
    street_key = models.TextField(editable=False, default="")
    district_key = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        ordering = ["city__name", "district", "street"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(district="", street=""), name="service_area_street_or_district"
            )
        ]

    def __str__(self) -> str:
        return ", ".join(str(part) for part in (self.city, self.district, self.street) if part)

    def save(self, *args, **kwargs):
        self.street_key = self._key("street")
        self.district_key = self._key("district")
        super().save(*args, **kwargs)

    def _key(self, field: str) -> str:
        names = {getattr(self, f"{field}_{code}", "") or "" for code, _name in settings.LANGUAGES}
        return "\n".join(sorted(name.casefold() for name in names if name))


class Reason(models.TextChoices):
    """Why a person is attached (docs/domain.md §7)."""

    FIRST = "first", _("First attachment")
    RESIDENCE_CHANGE = "residence_change", _("Change of residence, work or study")
    FREE_CHOICE = "free_choice", _("Yearly free choice of clinic")
    NEWBORN = "newborn", _("Newborn")
    MIGRANT_CONTRACT = "migrant_contract", _("Labour migrant's insurance contract")


class EndReason(models.TextChoices):
    REATTACHED = "reattached", _("Attached to another clinic")
    PERSON_REQUEST = "person_request", _("Detached at the person's request")
    MOVED_ABROAD = "moved_abroad", _("Left Kazakhstan")
    DEATH = "death", _("Death")
    CONTRACT_ENDED = "contract_ended", _("Insurance contract ended")


class Document(models.TextChoices):
    """Documents a registrar may have seen; which are required depends on residency."""

    IDENTITY = "identity", _("Identity card or passport")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    PROOF_OF_ADDRESS = "proof_of_address", _("Proof of residence, work or study address")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    KANDAS_CERTIFICATE = "kandas_certificate", _("Kandas certificate")
    REFUGEE_CERTIFICATE = "refugee_certificate", _("Refugee certificate")
    INSURANCE_CONTRACT = "insurance_contract", _("Voluntary or imputed insurance contract")
    APPLICATION = "application", _("Written application")


class AttachmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(end__isnull=True)


class Attachment(models.Model):
    """A person's attachment to a clinic from `start`; open while `end` is empty."""

    person = models.ForeignKey(
        "status.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    clinic = models.ForeignKey(
        Clinic,
        verbose_name=_("polyclinic"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    start = models.DateField(_("attached on"))
    end = models.DateField(_("detached on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=32, choices=Reason)
    end_reason = models.CharField(_("why it ended"), max_length=32, choices=EndReason, blank=True)
    contract_number = models.CharField(_("insurance contract number"), max_length=50, blank=True)
    contract_ends = models.DateField(
        _("insurance contract ends on"),
        null=True,
        blank=True,
        help_text=_("For labour migrants: the attachment ends when the contract does."),
    )
    documents = models.JSONField(_("documents seen"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attached by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("detached by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(end__isnull=True),
                name="one_open_attachment_per_person",
                violation_error_message=_("This person already has an open attachment."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="attachment_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(
                fields=["clinic"], condition=Q(end__isnull=True), name="open_attachments_by_clinic"
            ),
            models.Index(
                fields=["contract_ends"],
                condition=Q(end__isnull=True, contract_ends__isnull=False),
                name="open_contract_attachments",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.clinic} ({self.start})"

    def get_documents_display(self) -> list[str]:
        labels = dict(Document.choices)
        return [str(labels.get(code, code)) for code in self.documents]


class AttachmentCampaign(models.Model):
    """The yearly attachment campaign (docs/domain.md §7): the free choice of polyclinic is made
    from valid_from to valid_to (both included), and care at the new clinic starts on
    care_starts_on.
    Campaigns never overlap (an exclusion constraint on PostgreSQL, clean() everywhere)."""

    valid_from = models.DateField(_("applications from"))
    valid_to = models.DateField(_("applications until"), help_text=_("The last day, included."))
    care_starts_on = models.DateField(
        _("care at the new polyclinic from"),
        help_text=_("The free choice takes effect on this day, after the campaign."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment campaign")
        verbose_name_plural = _("attachment campaigns")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="campaign_ends_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(care_starts_on__gt=models.F("valid_to")),
                name="campaign_care_starts_after_it_closes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from} – {self.valid_to} → {self.care_starts_on}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from msqory.periods import first_overlapping, period_errors, period_texts

        errors = period_errors(valid_from=self.valid_from, valid_to=self.valid_to, months=False)
        if self.valid_to and self.care_starts_on and self.care_starts_on <= self.valid_to:
            errors["care_starts_on"] = _("Care at the new polyclinic starts after the campaign.")
        if errors:
            raise ValidationError(errors)
        other = self.valid_from and first_overlapping(
            AttachmentCampaign.objects.all(),
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            pk=self.pk,
        )
        if other:
            raise ValidationError(
                _(
                    "These dates overlap the campaign from %(start)s to %(end)s. Change that "
                    "campaign first or choose other dates."
                )
                % period_texts(other, months=False),
                code="overlap",
            )


class Registrar(models.Model):
    """A clinic's registrar: a portal user who belongs to exactly one clinic."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="clinic_registrar",
    )
    clinic = models.ForeignKey(
        Clinic, verbose_name=_("polyclinic"), on_delete=models.PROTECT, related_name="registrars"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clinic registrar")
        verbose_name_plural = _("clinic registrars")

    def __str__(self) -> str:
        return f"{self.user} ({self.clinic})"

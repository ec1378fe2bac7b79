"""Clinic systems' API keys for the FHIR eligibility API, and the audit of every call.

A key belongs to one clinic and is stored hashed (djangorestframework-api-key): the key itself
is shown once, when it is issued, and never again. Each key has its own rate limit. Every call
leaves rows in EligibilityCheck — one per checked person, or one for a call refused as a whole —
with the IIN masked: the Fund can tell who asked what and when without keeping the IIN.
Writes go through `eligibility.services` only.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey


def default_requests_per_minute() -> int:
    return settings.ELIGIBILITY_DEFAULT_REQUESTS_PER_MINUTE


class ClinicAPIKey(AbstractAPIKey):
    """A clinic system's key: `Authorization: Bearer <prefix>.<secret>`."""

    # The library's fields again, with labels in the portal's languages.
    name = models.CharField(
        _("name"),
        max_length=50,
        help_text=_("Which system of the clinic uses this key, e.g. “reception desk”."),
    )
    created = models.DateTimeField(_("issued"), auto_now_add=True, db_index=True)
    revoked = models.BooleanField(
        _("revoked"),
        blank=True,
        default=False,
        help_text=_("A revoked key stops working at once. This cannot be undone."),
    )
    expiry_date = models.DateTimeField(
        _("expires"),
        blank=True,
        null=True,
        help_text=_("Leave empty for a key that works until it is revoked."),
    )
    clinic = models.ForeignKey(
        "clinics.Clinic",
        verbose_name=_("polyclinic"),
        on_delete=models.PROTECT,
        related_name="api_keys",
    )
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=default_requests_per_minute,
        validators=[MinValueValidator(1)],
        help_text=_("The key's rate limit. Each entry of a batch counts as one request."),
    )
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("clinic API key")
        verbose_name_plural = _("clinic API keys")

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name})"


class Outcome(models.TextChoices):
    ENTITLED = "entitled", _("Entitled to the MSHI package")
    NOT_ENTITLED = "not_entitled", _("Not entitled to the MSHI package")
    INVALID = "invalid", _("Invalid request")
    NO_KEY = "no_key", _("No valid API key")
    REFUSED = "refused", _("Key revoked or clinic without a Fund contract")
    TOO_LARGE = "too_large", _("Batch over the limit")
    RATE_LIMITED = "rate_limited", _("Over the key's rate limit")
    NO_RULE = "no_rule", _("No status rule published")


class EligibilityCheck(models.Model):
    """One checked person of one call, or one call refused as a whole (no IIN then)."""

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    # The rows of one HTTP call (a batch has one per entry) share it.
    call = models.UUIDField(_("call"), db_index=True, editable=False)
    checked_at = models.DateTimeField(_("checked at"), editable=False)
    clinic = models.ForeignKey(
        "clinics.Clinic",
        verbose_name=_("polyclinic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.ForeignKey(
        ClinicAPIKey,
        verbose_name=_("API key"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checks",
    )
    masked_iin = models.CharField(_("IIN (masked)"), max_length=20, blank=True)
    serviced_month = models.DateField(_("serviced month"), null=True, blank=True)
    serviced_until = models.DateField(
        _("serviced until (month)"),
        null=True,
        blank=True,
        help_text=_("The last month of a serviced period of more than one month."),
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"))

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")
        ordering = ["-checked_at", "-id"]
        indexes = [
            models.Index(fields=["checked_at"], name="eligibility_checked_at"),
            models.Index(fields=["clinic", "checked_at"], name="eligibility_clinic_day"),
        ]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {self.masked_iin or '-'} {self.outcome}"

"""A status certificate as issued: the facts of the status on the issue date, kept unchanged.

The status shown on a certificate is a copy, not a link: a certificate still verifies after the
person's status changes, and the verification says whether today's status is the same. Payer
types are kept as codes and the texts come from the certificate's language when it is rendered.
The model's history (django-simple-history) is the audit of issue and revocation.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from status.iin import validate_iin
from status.models import Care, Reason, Status

from .codes import format_code


class RevocationReason(models.TextChoices):
    """Why the Fund revoked a certificate: shown to whoever checks it, so a closed list."""

    ISSUED_IN_ERROR = "issued_in_error", _("Issued in error")
    RECORDS_CORRECTED = "records_corrected", _("The Fund's records were corrected")
    HOLDER_REQUEST = "holder_request", _("At the holder's request")
    MISUSE = "misuse", _("Used by someone other than the holder")


class Certificate(models.Model):
    code = models.CharField(_("verification code"), max_length=12, unique=True, editable=False)
    # No link to a Person: the public status answers for any valid IIN, known or not.
    iin = models.CharField(_("IIN"), max_length=12, validators=[validate_iin], db_index=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued at"))
    as_of = models.DateField(_("status as of"))
    status = models.CharField(_("status"), max_length=16, choices=Status)
    reason = models.CharField(_("reason"), max_length=32, choices=Reason)
    care = models.CharField(_("care"), max_length=8, choices=Care)
    # The window's months, oldest first: {"period": "YYYY-MM", "covered", "state", "debt",
    # "payer_types": [codes]}.
    months = models.JSONField(_("months"), default=list)
    debt_months = models.JSONField(_("debt months"), default=list)
    debt_amount = models.DecimalField(_("debt amount"), max_digits=12, decimal_places=2)
    # Debt months whose year had no published self-payer amount ("YYYY-MM"): debt_amount is then
    # only the known part.
    debt_periods_without_amount = models.JSONField(
        _("debt months without an amount"), default=list, blank=True
    )
    lapses_on = models.DateField(_("status lost on"), null=True, blank=True)
    # The months from the month of issue paid in advance ("YYYY-MM") that give a prepaid
    # status; the grid shows only the past.
    prepaid_months = models.JSONField(_("months paid in advance"), default=list, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=32, choices=RevocationReason, blank=True
    )
    revocation_note = models.TextField(_("revocation note (staff only)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revocation_reason="")
                | models.Q(revoked_at__isnull=False) & ~models.Q(revocation_reason=""),
                name="certificates_revoked_with_a_reason",
            )
        ]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

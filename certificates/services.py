"""Writes of certificates: issuing one from the status as it is now, and revoking one.

Each write is recorded in the certificate's history (django-simple-history): its creation is the
audit of the issue, and the revocation is a change with the staff member and the reason.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from status import prepaid, snapshots
from status.engine import StatusResult
from status.iin import parse_iin
from status.models import Reason

from . import codes
from .models import Certificate, RevocationReason

# A code is 60 random bits: two certificates drawing the same one is already unlikely once in
# billions of issues, so a couple of new draws settle it.
CODE_DRAWS = 3


class CertificateError(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _year_month(day) -> str:
    return day.isoformat()[:7]


def _facts_of(result: StatusResult, *, iin: str) -> dict:
    """The status as the certificate keeps it (plain JSON, codes not texts)."""
    prepaid_months = (
        prepaid.months_paid_ahead(iin=iin, on=result.as_of)
        if result.reason == Reason.PREPAID_12_MONTHS
        else []
    )
    return {
        "as_of": result.as_of,
        "status": result.status,
        "reason": result.reason,
        "care": result.care,
        "months": [
            {
                "period": _year_month(cell.period),
                "covered": cell.covered,
                "state": cell.state,
                "debt": cell.debt,
                "payer_types": list(cell.payer_types),
            }
            for cell in result.months
        ],
        "debt_months": [_year_month(day) for day in result.debt_months],
        # The known part of the debt; the months whose year's amount is not published yet
        # are kept beside it, so that the certificate says the sum is partial.
        "debt_amount": result.debt_amount,
        "debt_periods_without_amount": [
            _year_month(day) for day in result.debt_periods_without_amount
        ],
        "lapses_on": result.lapses_on,
        "prepaid_months": [_year_month(day) for day in prepaid_months],
    }


def issue_certificate(*, iin: str, language: str) -> Certificate:
    """A certificate of the status of this IIN now; raises status.selectors.MISSING_RULE errors
    when the Fund has not published a rule the status needs."""
    parse_iin(iin)
    facts = _facts_of(snapshots.status_by_iin(iin=iin), iin=iin)
    draws = 1
    while True:
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    code=codes.new_code(),
                    iin=iin,
                    language=language,
                    issued_at=timezone.now(),
                    **facts,
                )
        except IntegrityError:  # the code was taken: draw another
            if draws == CODE_DRAWS:
                raise
            draws += 1


def revoke_certificate(*, certificate: Certificate, reason: str, note: str = "", by) -> Certificate:
    """Revoke a certificate, once: whoever checks it is told it was revoked, and why."""
    reason = RevocationReason(reason)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked:
            raise CertificateError(
                _("Certificate %(code)s was already revoked.") % {"code": locked.display_code}
            )
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.revocation_reason = reason
        locked.revocation_note = note
        locked._history_user = by
        locked._change_reason = f"revoked: {reason}"
        locked.save()
    return locked

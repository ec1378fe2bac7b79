"""Reads of certificates: one by its code, its verification (with the status today), its
verification address, and its facts as a page or the PDF shows them."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from status import selectors as status_selectors
from status import snapshots

from .codes import parse_code
from .models import Certificate

# The last digits of the IIN a verifier sees: enough to compare with the holder's document.
IIN_DIGITS_SHOWN = 4


@dataclass(frozen=True)
class Verification:
    certificate: Certificate
    # Whether the holder's status today (computed now) is the status on the certificate; None
    # when it cannot be said (a revoked certificate, or no status rule for today).
    same_status_today: bool | None


def certificate_by_code(*, code: str) -> Certificate | None:
    """The certificate of a typed or scanned code; None for an unknown or malformed one."""
    stored = parse_code(code)
    if stored is None:
        return None
    return Certificate.objects.filter(code=stored).first()


def verify(*, certificate: Certificate) -> Verification:
    if certificate.revoked:
        return Verification(certificate=certificate, same_status_today=None)
    try:
        today = snapshots.status_by_iin(iin=certificate.iin)
    except status_selectors.MISSING_RULE:
        return Verification(certificate=certificate, same_status_today=None)
    return Verification(
        certificate=certificate, same_status_today=today.status == certificate.status
    )


def masked_iin(iin: str) -> str:
    """'850302300127' -> '********0127'."""
    return "*" * (len(iin) - IIN_DIGITS_SHOWN) + iin[-IIN_DIGITS_SHOWN:]


def verify_path(*, certificate: Certificate) -> str:
    """The verification page in the certificate's language: /kk/verify/K7Q2-9XDM-4HRA/."""
    with translation.override(certificate.language):
        return reverse("certificates:verify", kwargs={"code": certificate.display_code})


def verify_url(*, certificate: Certificate) -> str:
    """The verification page's absolute address (settings.SITE_URL), as the QR code holds it."""
    return settings.SITE_URL.rstrip("/") + verify_path(certificate=certificate)


def _month(year_month: str) -> datetime.date:
    return datetime.date.fromisoformat(f"{year_month}-01")


@dataclass(frozen=True)
class Month:
    period: datetime.date
    covered: bool
    state: bool
    debt: bool
    payers: list[str]


def months_of(*, certificate: Certificate) -> list[Month]:
    """The certificate's months, oldest first, with the payer types' names in the active
    language."""
    names = status_selectors.payer_type_names()
    return [
        Month(
            period=_month(month["period"]),
            covered=month["covered"],
            state=month["state"],
            debt=month["debt"],
            payers=[names.get(code, code) for code in month["payer_types"]],
        )
        for month in certificate.months
    ]


def debt_periods(*, certificate: Certificate) -> list[datetime.date]:
    return [_month(year_month) for year_month in certificate.debt_months]


def prepaid_periods(*, certificate: Certificate) -> list[datetime.date]:
    return [_month(year_month) for year_month in certificate.prepaid_months]


def years_without_amount(*, certificate: Certificate) -> list[int]:
    return sorted({_month(p).year for p in certificate.debt_periods_without_amount})

"""Writes of the eligibility API: issuing and revoking clinic keys, and the audit of calls.

Keys are issued only to clinics with a Fund contract; the clinic's row is locked while that is
checked, so a contract ended at the same moment cannot slip a key through. The key itself is
returned once, to be shown once: only its hash is stored.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinics.models import Clinic
from msqory.logmasking import mask_value

from .errors import KeyRefused
from .models import ClinicAPIKey, EligibilityCheck


@dataclass(frozen=True)
class IssuedKey:
    key: ClinicAPIKey
    plaintext: str  # `prefix.secret`: shown once, never stored


def refusal_for(*, clinic: Clinic) -> str | None:
    """Why this clinic cannot have a key, in words; None when it can."""
    if not clinic.fund_contract:
        return _(
            "%(clinic)s has no contract with the Fund: keys are only issued to clinics with one."
        ) % {"clinic": clinic.name}
    return None


def issue_key(
    *,
    clinic: Clinic,
    name: str,
    requests_per_minute: int | None = None,
    expiry_date: datetime.datetime | None = None,
) -> IssuedKey:
    """A new key for the clinic's system; KeyRefused when the clinic has no Fund contract."""
    with transaction.atomic():
        clinic = Clinic.objects.select_for_update().get(pk=clinic.pk)
        refusal = refusal_for(clinic=clinic)
        if refusal:
            raise KeyRefused(refusal)
        extra = {} if requests_per_minute is None else {"requests_per_minute": requests_per_minute}
        key, plaintext = ClinicAPIKey.objects.create_key(
            clinic=clinic, name=name, expiry_date=expiry_date, **extra
        )
    return IssuedKey(key=key, plaintext=plaintext)


def revoke_keys(*, clinic: Clinic | None = None, prefixes: Iterable[str] | None = None) -> int:
    """Revoke the usable keys of the clinic (or those with these prefixes); how many were."""
    keys = ClinicAPIKey.objects.filter(revoked=False)
    if clinic is not None:
        keys = keys.filter(clinic=clinic)
    if prefixes is not None:
        keys = keys.filter(prefix__in=list(prefixes))
    return keys.update(revoked=True, revoked_at=timezone.now())


@dataclass(frozen=True)
class CheckRecord:
    """One row of a call's audit: a checked person, or the call refused as a whole."""

    outcome: str
    http_status: int
    iin: str = ""  # masked before it is stored
    months: Sequence[datetime.date] = ()


def record_call(
    *, key: ClinicAPIKey | None, records: Sequence[CheckRecord]
) -> list[EligibilityCheck]:
    """Store a call's audit rows in one statement (in order: their references name the answers)."""
    call, now = uuid.uuid4(), timezone.now()
    rows = [
        EligibilityCheck(
            call=call,
            checked_at=now,
            clinic_id=key.clinic_id if key else None,
            key=key,
            masked_iin=mask_value(record.iin) if record.iin else "",
            serviced_month=record.months[0] if record.months else None,
            serviced_until=record.months[-1] if len(record.months) > 1 else None,
            outcome=record.outcome,
            http_status=record.http_status,
        )
        for record in records
    ]
    return EligibilityCheck.objects.bulk_create(rows)

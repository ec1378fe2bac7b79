"""Reading what a clinic system sends: one CoverageEligibilityRequest, or a `batch` Bundle of
them, checked against fhir.resources' FHIR R4 (R4B) models, into the questions the API answers.

A batch is read in two steps, so that the rate limit counts its entries before any of them is
validated: `read_envelope` checks the Bundle itself (a batch, within the size limit) and hands
out the entries; `read_question` checks one request. In a batch a bad entry gets its own error
in the batch-response, the others are answered; a single request's error is the whole answer.
"""

import datetime
from dataclasses import dataclass

import pydantic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.coverageeligibilityrequest import CoverageEligibilityRequest

from msqory.months import month_index, month_start
from status.iin import parse_iin

from ..errors import FhirError
from ..models import Outcome
from .terms import ANSWERED_PURPOSES, IIN_SYSTEM

REQUEST_TYPE = "CoverageEligibilityRequest"


@dataclass(frozen=True)
class Question:
    """Is this person entitled in these months? Plus what the answer echoes of the request."""

    iin: str
    months: tuple[datetime.date, ...]  # first days of the serviced months, oldest first
    serviced: dict  # the request's serviced[x] element, echoed (servicedDate today if none)
    purpose: tuple[str, ...]
    # How the answer names the request (an entry's fullUrl, the request's identifier), or None.
    request_reference: dict | None


@dataclass(frozen=True)
class Entry:
    """One request to answer: its resource as sent, and its fullUrl in a batch."""

    resource: object
    full_url: str | None = None
    # Set when the entry cannot be a request at all (a batch entry that is no POST of one).
    error: FhirError | None = None


@dataclass(frozen=True)
class Envelope:
    batch: bool
    entries: list[Entry]


def read_envelope(data, *, batch_limit: int) -> Envelope:
    """The requests in a parsed JSON body; FhirError when the body is no resource to answer."""
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        raise FhirError(
            _("The body is not a FHIR resource: a JSON object with a resourceType is expected."),
            issue="structure",
        )
    kind = data["resourceType"]
    if kind == REQUEST_TYPE:
        return Envelope(batch=False, entries=[Entry(resource=data)])
    if kind != "Bundle":
        raise _wrong_type(kind)
    entries = data.get("entry") or []
    if isinstance(entries, list) and len(entries) > batch_limit:
        raise FhirError(
            _("Too many requests in one batch: %(count)d; the most a batch may hold: %(limit)d.")
            % {"limit": batch_limit, "count": len(entries)},
            http_status=413,
            issue="too-costly",
            expression="Bundle.entry",
            outcome=Outcome.TOO_LARGE,
        )
    # The Bundle's own structure is validated without its entries' resources, which are
    # validated one by one (a bad entry does not spoil its neighbours).
    shell = dict(data)
    if isinstance(entries, list):
        shell["entry"] = [
            {k: v for k, v in e.items() if k != "resource"} if isinstance(e, dict) else e
            for e in entries
        ]
    try:
        Bundle.model_validate(shell)
    except pydantic.ValidationError as error:
        raise _invalid("Bundle", error, _("This is not a valid FHIR R4 Bundle.")) from None
    if data.get("type") != "batch":
        raise FhirError(
            _("Only a Bundle of type “batch” is answered here, not “%(type)s”.")
            % {"type": data.get("type")},
            issue="not-supported",
            expression="Bundle.type",
        )
    return Envelope(batch=True, entries=[_batch_entry(e, i) for i, e in enumerate(entries)])


def _batch_entry(entry: dict, index: int) -> Entry:
    request = entry.get("request") or {}
    url = str(request.get("url") or "")
    if request.get("method") != "POST" or url.split("?")[0].rstrip("/").split("/")[-1] != (
        REQUEST_TYPE
    ):
        error = FhirError(
            _("Each entry of the batch must be a POST of a CoverageEligibilityRequest."),
            issue="not-supported",
            expression=f"Bundle.entry[{index}].request",
        )
        return Entry(resource=entry.get("resource"), error=error)
    return Entry(resource=entry.get("resource"), full_url=entry.get("fullUrl"))


def earliest_serviced(*, today: datetime.date, lookback_months: int) -> datetime.date:
    """The first day a serviced date may name: the first of the month `lookback_months` ago."""
    return month_start(month_index(today) - lookback_months)


def read_question(
    resource, *, today: datetime.date, earliest: datetime.date, full_url: str | None = None
) -> Question:
    """The question one CoverageEligibilityRequest asks; FhirError saying what is wrong."""
    if not isinstance(resource, dict) or resource.get("resourceType") != REQUEST_TYPE:
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        raise _wrong_type(kind)
    try:
        request = CoverageEligibilityRequest.model_validate(resource)
    except pydantic.ValidationError as error:
        raise _invalid(
            REQUEST_TYPE, error, _("This is not a valid FHIR R4 CoverageEligibilityRequest.")
        ) from None
    if not ANSWERED_PURPOSES & set(request.purpose or ()):
        raise FhirError(
            _("The purpose must include “validation” or “benefits”."),
            issue="value",
            expression=f"{REQUEST_TYPE}.purpose",
        )
    months, serviced = _serviced_months(resource, today=today, earliest=earliest)
    if full_url:
        reference = {"reference": full_url}
    elif resource.get("identifier"):
        reference = {"type": REQUEST_TYPE, "identifier": resource["identifier"][0]}
    else:
        reference = None
    return Question(
        iin=_patient_iin(request),
        months=months,
        serviced=serviced,
        purpose=tuple(request.purpose),
        request_reference=reference,
    )


def _patient_iin(request: CoverageEligibilityRequest) -> str:
    patient = request.patient
    identifiers = [patient.identifier] if patient.identifier else []
    if patient.reference and patient.reference.startswith("#"):
        contained = next(
            (
                r
                for r in request.contained or ()
                if r.id == patient.reference[1:] and r.get_resource_type() == "Patient"
            ),
            None,
        )
        if contained is None:
            raise FhirError(
                _("The patient reference %(reference)s names no contained Patient.")
                % {"reference": patient.reference},
                expression=f"{REQUEST_TYPE}.patient",
            )
        identifiers += contained.identifier or []
    values = [i.value for i in identifiers if i.system == IIN_SYSTEM and i.value]
    if not values:
        raise FhirError(
            _(
                "Name the patient by their IIN: an identifier with the system %(system)s, in "
                "patient.identifier or in a contained Patient."
            )
            % {"system": IIN_SYSTEM},
            issue="required",
            expression=f"{REQUEST_TYPE}.patient",
        )
    try:
        return parse_iin(values[0]).iin
    except ValidationError as error:
        raise FhirError(
            error.messages[0], issue="value", expression=f"{REQUEST_TYPE}.patient"
        ) from None


def _serviced_months(
    resource: dict, *, today: datetime.date, earliest: datetime.date
) -> tuple[tuple[datetime.date, ...], dict]:
    """The serviced months (each within earliest … today) and the element to echo."""
    if "servicedPeriod" in resource:
        period = resource["servicedPeriod"]
        expression = f"{REQUEST_TYPE}.servicedPeriod"
        if "start" not in period:
            raise FhirError(
                _("A serviced period needs its start."), issue="required", expression=expression
            )
        start = _day_or_month(period["start"], expression=f"{expression}.start")
        # An open period is ongoing: up to today.
        end = (
            _day_or_month(period["end"], expression=f"{expression}.end")
            if "end" in period
            else today
        )
        if end < start:
            raise FhirError(_("The serviced period ends before it starts."), expression=expression)
        serviced = {"servicedPeriod": period}
    else:
        expression = f"{REQUEST_TYPE}.servicedDate"
        start = end = (
            _day_or_month(resource["servicedDate"], expression=expression)
            if "servicedDate" in resource
            else today
        )
        serviced = {"servicedDate": resource.get("servicedDate", today.isoformat())}
    if start < earliest or end > today:
        raise FhirError(
            _("The serviced date must lie between %(earliest)s and today, %(today)s.")
            % {"earliest": earliest.isoformat(), "today": today.isoformat()},
            issue="value",
            expression=expression,
        )
    months = tuple(month_start(i) for i in range(month_index(start), month_index(end) + 1))
    return months, serviced


def _day_or_month(value: str, *, expression: str) -> datetime.date:
    """A FHIR date or dateTime as a day; a month (YYYY-MM) as its first day."""
    text = str(value)
    try:
        if len(text) == 7:
            return datetime.date.fromisoformat(f"{text}-01")
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise FhirError(
            _("Give the serviced date as a day (YYYY-MM-DD) or a month (YYYY-MM)."),
            issue="value",
            expression=expression,
        ) from None


def _wrong_type(kind) -> FhirError:
    return FhirError(
        _(
            "This endpoint answers a CoverageEligibilityRequest or a batch Bundle of them, "
            "not %(type)s."
        )
        % {"type": kind or "?"},
        issue="not-supported",
    )


def _invalid(kind: str, error: pydantic.ValidationError, message: str) -> FhirError:
    """The validator's first complaint: where (FHIRPath) and, for developers, its own words."""
    first = error.errors(include_url=False)[0]
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"])
    return FhirError(
        message,
        issue="structure",
        expression=f"{kind}{path}",
        diagnostics=f"{kind}{path}: {first['msg']}",
    )

"""Writing the eligibility API's answers as FHIR R4 JSON: a CoverageEligibilityResponse, a
batch-response Bundle, an OperationOutcome, and the CapabilityStatement that describes it all.

Plain dicts (fast to build and to render, a hundred at a time); the tests validate every one
with fhir.resources' models. An answer names the person by IIN only: no name, no amount, no
payment history. Texts are in the request's language (Accept-Language: kk, ru or en).
"""

import calendar
import datetime
import functools
import http
import uuid

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..errors import FhirError
from ..selectors import Entitlement
from .reading import Question
from .terms import (
    BENEFIT_SYSTEM,
    CHECK_SYSTEM,
    FHIR_JSON,
    FHIR_VERSION,
    GVFMC,
    IIN_SYSTEM,
    MSHI_PACKAGE,
)


def status_line(code: int) -> str:
    """'200 OK', '400 Bad Request': a batch-response entry's response.status."""
    return f"{code} {http.HTTPStatus(code).phrase}"


@functools.cache
def _names(language: str) -> dict[str, str]:
    """The fixed names every answer repeats, translated once per language (a batch has 100)."""
    with translation.override(language):
        return {
            "fund": _("Social Health Insurance Fund"),
            "coverage": _("Compulsory social health insurance (MSHI)"),
            MSHI_PACKAGE: _("MSHI package"),
            GVFMC: _("Guaranteed volume of free medical care (GVFMC)"),
        }


def eligibility_response(
    *, question: Question, entitlement: Entitlement, reference: uuid.UUID
) -> dict:
    """The answer to one request; `reference` is the Fund's record of it (the audit row)."""
    first, last = entitlement.months[0], entitlement.months[-1]
    language = translation.get_language()
    names = _names(language)
    record = {"system": CHECK_SYSTEM, "value": str(reference)}
    return {
        "resourceType": "CoverageEligibilityResponse",
        "id": str(reference),
        "language": language,
        "identifier": [record],
        "status": "active",
        "purpose": list(question.purpose),
        "patient": {"type": "Patient", "identifier": {"system": IIN_SYSTEM, "value": question.iin}},
        **question.serviced,
        "created": timezone.localtime().isoformat(timespec="seconds"),
        "request": question.request_reference
        or {"type": "CoverageEligibilityRequest", "identifier": record},
        "outcome": "complete",
        "disposition": entitlement.disposition(),
        "insurer": {"display": names["fund"]},
        "insurance": [
            {
                "coverage": {"type": "Coverage", "display": names["coverage"]},
                "inforce": entitlement.inforce,
                "benefitPeriod": {
                    "start": first.isoformat(),
                    "end": last.replace(
                        day=calendar.monthrange(last.year, last.month)[1]
                    ).isoformat(),
                },
                "item": [
                    _benefit(MSHI_PACKAGE, names, excluded=not entitlement.mshi_package),
                    # GVFMC is everyone's, insured or not (docs/domain.md §8).
                    _benefit(GVFMC, names, excluded=False),
                ],
            }
        ],
    }


def _benefit(code: str, names: dict[str, str], *, excluded: bool) -> dict:
    display = names[code]
    return {
        "category": {
            "coding": [{"system": BENEFIT_SYSTEM, "code": code, "display": display}],
            "text": display,
        },
        "excluded": excluded,
    }


def operation_outcome(*, error: FhirError) -> dict:
    issue = {"severity": "error", "code": error.issue, "details": {"text": error.message}}
    if error.diagnostics:
        issue["diagnostics"] = error.diagnostics
    if error.expression:
        issue["expression"] = [error.expression]
    return {
        "resourceType": "OperationOutcome",
        "language": translation.get_language(),
        "issue": [issue],
    }


def batch_response(*, answers: list[dict | FhirError]) -> dict:
    """The batch-response Bundle: one entry per request, in the batch's order."""
    entries = []
    for answer in answers:
        if isinstance(answer, FhirError):
            entries.append(
                {
                    "response": {
                        "status": status_line(answer.http_status),
                        "outcome": operation_outcome(error=answer),
                    }
                }
            )
        else:
            entries.append(
                {
                    "fullUrl": f"urn:uuid:{answer['id']}",
                    "resource": answer,
                    "response": {"status": status_line(200)},
                }
            )
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "batch-response",
        "timestamp": timezone.localtime().isoformat(timespec="seconds"),
        "entry": entries,
    }


def capability_statement(
    *, base_url: str, batch_limit: int, earliest: datetime.date, today: datetime.date
) -> dict:
    """What this FHIR endpoint does, and nothing more (`earliest`: the first serviced day)."""
    return {
        "resourceType": "CapabilityStatement",
        "language": translation.get_language(),
        "status": "active",
        "date": today.isoformat(),
        "publisher": _("Social Health Insurance Fund"),
        "kind": "instance",
        "software": {"name": "msqory"},
        "implementation": {
            "description": _("Coverage eligibility for clinic systems (MSHI)"),
            "url": base_url,
        },
        "fhirVersion": FHIR_VERSION,
        "format": [FHIR_JSON],
        "rest": [
            {
                "mode": "server",
                "documentation": _(
                    "Is a patient entitled to the MSHI package, or only to the guaranteed volume "
                    "of free medical care (GVFMC)? POST a CoverageEligibilityRequest with purpose "
                    "“validation” or “benefits”. The patient is named by their IIN, the "
                    "identifier system %(system)s, in patient.identifier or in a contained "
                    "Patient. An optional servicedDate or servicedPeriod lies between "
                    "%(earliest)s and today (none: today). The answer is a "
                    "CoverageEligibilityResponse: insurance[0].inforce is true when the patient "
                    "is insured or exempt in the serviced month, insurance[0].item says which "
                    "of the MSHI package and GVFMC is excluded, the disposition says it in "
                    "words in the language of Accept-Language (kk, ru, en). Errors are "
                    "OperationOutcome resources."
                )
                % {"system": IIN_SYSTEM, "earliest": earliest.isoformat()},
                "security": {
                    "cors": False,
                    "description": _(
                        "Send the clinic's API key as “Authorization: Bearer <key>”. The Fund "
                        "issues keys to clinics with a Fund contract; each key has its own rate "
                        "limit (each entry of a batch counts), over which the answer is 429 "
                        "with Retry-After. 401: no valid key; 403: the key is revoked or the "
                        "clinic has no Fund contract."
                    ),
                },
                "resource": [
                    {
                        "type": "CoverageEligibilityRequest",
                        "interaction": [
                            {
                                "code": "create",
                                "documentation": _(
                                    "The answer is the CoverageEligibilityResponse; the "
                                    "request itself is not kept, only an audit record of it."
                                ),
                            }
                        ],
                    }
                ],
                "interaction": [
                    {
                        "code": "batch",
                        "documentation": _(
                            "A Bundle of type “batch” of CoverageEligibilityRequest entries "
                            "(POST) is answered by a batch-response Bundle, entry by entry. "
                            "The most entries a batch may hold: %(limit)d (more: 413)."
                        )
                        % {"limit": batch_limit},
                    }
                ],
            }
        ],
    }

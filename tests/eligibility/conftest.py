"""A contracted clinic with a key, people with known histories, and a FHIR client that checks
with fhir.resources (R4B models) every request it sends and every answer it gets."""

import datetime
import json
import random
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.coverageeligibilityrequest import CoverageEligibilityRequest
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse
from fhir.resources.R4B.operationoutcome import OperationOutcome

from eligibility import services
from eligibility.fhir.terms import FHIR_JSON, IIN_SYSTEM
from msqory.months import month_index, month_start
from status.demo import synthetic_iin
from status.models import CategoryMembership, Payment, Person, Residency
from tests.clinics.conftest import astana, clinic, make_clinic, make_registrar  # noqa: F401

ENDPOINT = "/fhir/r4/CoverageEligibilityRequest"
TODAY = timezone.localdate()
THIS_MONTH = month_index(TODAY)


def month_ago(months: int) -> datetime.date:
    return month_start(THIS_MONTH - months)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def key(clinic) -> str:  # noqa: F811
    """The clinic's key as the clinic's system sends it."""
    return services.issue_key(clinic=clinic, name="reception").plaintext


def new_person(seed: int, **fields) -> Person:
    return Person.objects.create(
        iin=synthetic_iin(random.Random(seed)),
        first_name="Айгерім",
        last_name="Нұрланқызы",
        **fields,
    )


def covered(who: Person, months_ago: range, payer_type="employer") -> Person:
    """Payments for the months `months_ago` before this one (25 500 tenge each)."""
    Payment.objects.bulk_create(
        Payment(
            person=who,
            period=month_ago(ago),
            payer_type_id=payer_type,
            amount=Decimal("25500.00"),
            paid_on=month_ago(ago - 1),
            reference=f"e-{who.iin}-{ago}",
        )
        for ago in months_ago
    )
    return who


def member(who: Person, category: str, *, since_months_ago: int = 24) -> Person:
    CategoryMembership.objects.create(
        person=who, category_id=category, start=month_ago(since_months_ago)
    )
    return who


@pytest.fixture
def people(db) -> dict[str, Person]:
    """One person per case the clinics meet (docs/domain.md §3), by name."""
    return {
        # every month of the past two years paid
        "insured": covered(new_person(1), range(1, 25)),
        # the last two months unpaid: still insured
        "grace": covered(new_person(2), range(3, 30)),
        # four months unpaid: the status is lost
        "lapsed": covered(new_person(3), range(5, 30)),
        # paid up to seven months ago: insured then, not now
        "stopped": covered(new_person(4), range(7, 40)),
        "exempt": member(new_person(5), "military"),
        "state_paid": member(new_person(6), "pensioner"),
        # insured, but a refugee's care is GVFMC only (docs/domain.md §4)
        "refugee": covered(new_person(7, residency=Residency.REFUGEE), range(1, 25)),
    }


@pytest.fixture
def unknown_iin(db) -> str:
    iin = synthetic_iin(random.Random(99))
    assert not Person.objects.filter(iin=iin).exists()
    return iin


def eligibility_request(iin: str, *, contained: bool = False, **extra) -> dict:
    """A valid R4 CoverageEligibilityRequest for this IIN (checked with fhir.resources)."""
    identifier = {"system": IIN_SYSTEM, "value": iin}
    body = {
        "resourceType": "CoverageEligibilityRequest",
        "status": "active",
        "purpose": ["validation", "benefits"],
        "created": TODAY.isoformat(),
        "insurer": {"display": "ӘМСҚ"},
    }
    if contained:
        body["contained"] = [{"resourceType": "Patient", "id": "pat", "identifier": [identifier]}]
        body["patient"] = {"reference": "#pat"}
    else:
        body["patient"] = {"identifier": identifier}
    body |= extra
    CoverageEligibilityRequest.model_validate(body)
    return body


def batch(requests: list[dict]) -> dict:
    bundle = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {
                "fullUrl": f"urn:uuid:00000000-0000-4000-8000-{i:012d}",
                "resource": request,
                "request": {"method": "POST", "url": "CoverageEligibilityRequest"},
            }
            for i, request in enumerate(requests)
        ],
    }
    Bundle.model_validate(bundle)
    return bundle


MODELS = {
    "CoverageEligibilityResponse": CoverageEligibilityResponse,
    "OperationOutcome": OperationOutcome,
    "Bundle": Bundle,
}


@pytest.fixture
def fhir(client):
    """POST a body to the API; the answer's JSON, validated as the FHIR resource it says it is."""

    def post(body, *, key: str | None, language: str = "en", path: str = ENDPOINT, raw=None):
        headers = {"HTTP_ACCEPT_LANGUAGE": language, "HTTP_HOST": "127.0.0.1"}
        if key is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        response = client.post(
            path,
            data=raw if raw is not None else json.dumps(body),
            content_type=FHIR_JSON,
            **headers,
        )
        assert response["Content-Type"] == FHIR_JSON
        data = response.json()
        MODELS[data["resourceType"]].model_validate(data)
        response.fhir = data
        return response

    return post


def issue(response) -> dict:
    """The one issue of an OperationOutcome answer."""
    assert response.fhir["resourceType"] == "OperationOutcome"
    (only,) = response.fhir["issue"]
    return only


@pytest.fixture
def registrar_client(client, make_registrar, clinic):  # noqa: F811
    client.force_login(make_registrar(clinic))
    return client

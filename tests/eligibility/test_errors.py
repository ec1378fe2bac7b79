"""Every refusal is a FHIR OperationOutcome with the HTTP status a FHIR client expects, its
text in the clinic's language; and every refused call is audited too."""

import datetime
import json

import pytest
from django.utils import timezone

from eligibility import services
from eligibility.fhir.terms import FHIR_JSON
from eligibility.models import EligibilityCheck, Outcome

from .conftest import ENDPOINT, TODAY, batch, eligibility_request, issue, month_ago

pytestmark = pytest.mark.django_db


def test_a_body_that_is_not_json_is_a_400(fhir, key):
    response = fhir(None, key=key, raw="iin=870412300123")
    assert response.status_code == 400
    assert issue(response)["code"] == "structure"
    assert issue(response)["details"]["text"] == "The body is not valid JSON."


def test_json_that_is_not_fhir_is_a_400(fhir, key, people):
    response = fhir({"iin": people["insured"].iin}, key=key)
    assert response.status_code == 400
    assert "not a FHIR resource" in issue(response)["details"]["text"]


def test_a_request_that_breaks_the_r4_model_is_a_400_naming_the_element(fhir, key, people):
    request = eligibility_request(people["insured"].iin)
    del request["insurer"]
    response = fhir(request, key=key)
    assert response.status_code == 400
    assert issue(response)["expression"] == ["CoverageEligibilityRequest.insurer"]
    assert "valid FHIR R4 CoverageEligibilityRequest" in issue(response)["details"]["text"]


def test_another_resource_type_is_a_400(fhir, key):
    response = fhir({"resourceType": "Patient", "id": "p"}, key=key)
    assert response.status_code == 400
    assert issue(response)["code"] == "not-supported"
    assert "not Patient" in issue(response)["details"]["text"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The IIN's check digit does not match: please check the number for a typo."),
        ("ru", "Контрольная цифра ИИН не сходится: проверьте, нет ли опечатки в номере."),
        ("kk", "ЖСН-нің бақылау цифры сәйкес келмейді: нөмірде қате жоқ па, тексеріңіз."),
    ],
)
def test_an_invalid_iin_is_a_400_with_the_validators_message(fhir, key, people, language, message):
    iin = people["insured"].iin
    broken = iin[:11] + str((int(iin[11]) + 1) % 10)
    response = fhir(eligibility_request(broken), key=key, language=language)
    assert response.status_code == 400
    assert issue(response)["details"]["text"] == message
    assert issue(response)["expression"] == ["CoverageEligibilityRequest.patient"]
    assert response.fhir["language"] == language


def test_a_patient_without_an_iin_is_a_400(fhir, key):
    request = eligibility_request("000000000000")
    request["patient"] = {"identifier": {"system": "urn:oid:1.2.3", "value": "42"}}
    response = fhir(request, key=key)
    assert response.status_code == 400
    assert issue(response)["code"] == "required"


def test_a_purpose_other_than_validation_or_benefits_is_a_400(fhir, key, people):
    response = fhir(eligibility_request(people["insured"].iin, purpose=["discovery"]), key=key)
    assert response.status_code == 400
    assert issue(response)["expression"] == ["CoverageEligibilityRequest.purpose"]


@pytest.mark.parametrize(
    "serviced",
    [
        {"servicedDate": month_ago(13).isoformat()},  # more than 12 months back
        {"servicedDate": (TODAY.replace(day=1) + datetime.timedelta(days=40))
         .isoformat()},  # the future
        {"servicedPeriod": {"start": month_ago(2).isoformat(), "end": "2099-01-01"}},
    ],
)  # fmt: skip
def test_a_serviced_date_out_of_range_is_a_400(fhir, key, people, serviced):
    response = fhir(eligibility_request(people["insured"].iin, **serviced), key=key)
    assert response.status_code == 400
    assert issue(response)["code"] == "value"
    assert f"and today, {TODAY.isoformat()}" in issue(response)["details"]["text"]


def test_the_first_day_of_the_twelfth_month_back_is_still_answered(fhir, key, people):
    response = fhir(
        eligibility_request(people["insured"].iin, servicedDate=month_ago(12).isoformat()),
        key=key,
    )
    assert response.status_code == 200


def test_no_key_is_a_401_asking_for_a_bearer_key(fhir, people):
    response = fhir(eligibility_request(people["insured"].iin), key=None)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert issue(response)["code"] == "login"
    record = EligibilityCheck.objects.get()
    assert record.outcome == Outcome.NO_KEY and record.clinic is None and record.masked_iin == ""


def test_an_unknown_or_tampered_key_is_a_401(fhir, key, people):
    prefix, secret = key.split(".")
    for wrong in (f"{prefix}.{secret[::-1]}", "nonsense", f"XXXXXXXX.{secret}"):
        response = fhir(eligibility_request(people["insured"].iin), key=wrong)
        assert response.status_code == 401, wrong


def test_a_revoked_key_is_a_403(fhir, key, clinic, people):
    services.revoke_keys(clinic=clinic)
    response = fhir(eligibility_request(people["insured"].iin), key=key, language="ru")
    assert response.status_code == 403
    assert issue(response)["code"] == "forbidden"
    assert "отозван" in issue(response)["details"]["text"]
    record = EligibilityCheck.objects.get()
    assert record.outcome == Outcome.REFUSED and record.clinic == clinic


def test_an_expired_key_is_a_403(fhir, clinic, people):
    issued = services.issue_key(
        clinic=clinic, name="old", expiry_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = fhir(eligibility_request(people["insured"].iin), key=issued.plaintext)
    assert response.status_code == 403
    assert "expired" in issue(response)["details"]["text"]


def test_a_clinic_whose_contract_ended_is_a_403(fhir, key, clinic, people):
    clinic.fund_contract = False
    clinic.save()
    response = fhir(eligibility_request(people["insured"].iin), key=key)
    assert response.status_code == 403
    assert "has no contract with the Fund" in issue(response)["details"]["text"]
    # Renewed: the same key works again.
    clinic.fund_contract = True
    clinic.save()
    assert fhir(eligibility_request(people["insured"].iin), key=key).status_code == 200


def test_over_the_keys_rate_limit_is_a_429_with_retry_after(fhir, clinic, people):
    key = services.issue_key(clinic=clinic, name="slow", requests_per_minute=3).plaintext
    other = services.issue_key(clinic=clinic, name="other", requests_per_minute=3).plaintext
    request = eligibility_request(people["insured"].iin)
    assert fhir(batch([request, request]), key=key).status_code == 200  # counts two
    assert fhir(request, key=key).status_code == 200
    response = fhir(request, key=key, language="ru")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert issue(response)["code"] == "throttled"
    assert "Слишком много" in issue(response)["details"]["text"]
    assert fhir(request, key=other).status_code == 200, "each key has its own limit"
    assert EligibilityCheck.objects.filter(outcome=Outcome.RATE_LIMITED).count() == 1


def test_other_content_types_and_methods_get_an_operation_outcome(client, key):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_HOST": "127.0.0.1"}
    response = client.post(ENDPOINT, "<xml/>", content_type="application/fhir+xml", **headers)
    assert response.status_code == 415
    assert response["Content-Type"] == FHIR_JSON
    response = client.get(ENDPOINT, **headers)
    assert response.status_code == 405
    assert json.loads(response.content)["resourceType"] == "OperationOutcome"


def test_plain_json_is_read_as_fhir_json(client, key, people):
    response = client.post(
        ENDPOINT,
        json.dumps(eligibility_request(people["insured"].iin)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_HOST="127.0.0.1",
    )
    assert response.status_code == 200

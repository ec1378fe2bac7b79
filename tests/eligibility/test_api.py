"""A clinic system asks, before a planned service, whether a patient is entitled to the MSHI
package: one FHIR R4 CoverageEligibilityRequest, one CoverageEligibilityResponse."""

import pytest

from eligibility.fhir.terms import BENEFIT_SYSTEM, GVFMC, IIN_SYSTEM, MSHI_PACKAGE
from eligibility.models import EligibilityCheck, Outcome

from .conftest import TODAY, eligibility_request, month_ago

pytestmark = pytest.mark.django_db


def benefits(answer: dict) -> dict[str, bool]:
    """insurance[0].item as {category code: excluded}."""
    items = answer["insurance"][0]["item"]
    assert all(i["category"]["coding"][0]["system"] == BENEFIT_SYSTEM for i in items)
    return {i["category"]["coding"][0]["code"]: i["excluded"] for i in items}


@pytest.mark.parametrize(
    ("case", "inforce", "mshi", "status"),
    [
        ("insured", True, True, "Insured"),
        ("grace", True, True, "Insured"),
        ("lapsed", False, False, "Not insured"),
        ("exempt", True, True, "Entitled (exempt)"),
        ("state_paid", True, True, "Insured"),
        ("refugee", True, False, "Insured"),
    ],
)
def test_the_answer_says_whether_the_patient_is_entitled_this_month(
    fhir, key, people, case, inforce, mshi, status
):
    who = people[case]
    response = fhir(eligibility_request(who.iin), key=key)
    assert response.status_code == 200
    answer = response.fhir
    assert answer["resourceType"] == "CoverageEligibilityResponse"
    assert answer["outcome"] == "complete"
    assert answer["insurance"][0]["inforce"] is inforce
    assert benefits(answer) == {MSHI_PACKAGE: not mshi, GVFMC: False}
    entitled = "Entitled to the MSHI package" if mshi else "Not entitled to the MSHI package"
    assert answer["disposition"].startswith(f"{entitled} in {TODAY:%Y-%m}")
    assert f"Status: {status}." in answer["disposition"]


def test_an_unknown_but_valid_iin_is_not_insured_and_nobody_is_created(fhir, key, unknown_iin):
    answer = fhir(eligibility_request(unknown_iin), key=key).fhir
    assert answer["insurance"][0]["inforce"] is False
    assert benefits(answer) == {MSHI_PACKAGE: True, GVFMC: False}
    assert answer["patient"]["identifier"] == {"system": IIN_SYSTEM, "value": unknown_iin}


def test_a_serviced_date_in_the_past_gets_the_status_of_that_month(fhir, key, people):
    who = people["stopped"]  # paid up to seven months ago
    then = month_ago(8).replace(day=15)
    answer = fhir(eligibility_request(who.iin, servicedDate=then.isoformat()), key=key).fhir
    assert answer["insurance"][0]["inforce"] is True
    assert benefits(answer)[MSHI_PACKAGE] is False
    assert answer["servicedDate"] == then.isoformat()
    assert answer["insurance"][0]["benefitPeriod"]["start"] == month_ago(8).isoformat()
    assert answer["disposition"].startswith(f"Entitled to the MSHI package in {then:%Y-%m}")

    later = month_ago(2).replace(day=3)
    answer = fhir(eligibility_request(who.iin, servicedDate=later.isoformat()), key=key).fhir
    assert answer["insurance"][0]["inforce"] is False
    assert benefits(answer)[MSHI_PACKAGE] is True


def test_a_serviced_period_is_in_force_only_if_every_month_is(fhir, key, people):
    who = people["stopped"]
    insured_months = {"start": month_ago(10).isoformat(), "end": month_ago(8).isoformat()}
    answer = fhir(eligibility_request(who.iin, servicedPeriod=insured_months), key=key).fhir
    assert answer["insurance"][0]["inforce"] is True
    assert answer["servicedPeriod"] == insured_months
    spanning = {"start": month_ago(8).isoformat(), "end": month_ago(1).isoformat()}
    answer = fhir(eligibility_request(who.iin, servicedPeriod=spanning), key=key).fhir
    assert answer["insurance"][0]["inforce"] is False
    assert answer["insurance"][0]["benefitPeriod"]["start"] == month_ago(8).isoformat()
    assert answer["disposition"].startswith(
        f"Not entitled to the MSHI package in {month_ago(8):%Y-%m} – {month_ago(1):%Y-%m}"
    )


@pytest.mark.parametrize(
    ("language", "entitled", "status"),
    [
        ("en", "Entitled to the MSHI package", "Insured"),
        ("ru", "Имеет право на пакет ОСМС", "Застрахован"),
        ("kk", "МӘМС пакетіне құқығы бар", "Сақтандырылған"),
    ],
)
def test_the_disposition_is_in_the_language_the_clinic_asks_for(
    fhir, key, people, language, entitled, status
):
    answer = fhir(eligibility_request(people["insured"].iin), key=key, language=language).fhir
    assert answer["language"] == language
    assert entitled in answer["disposition"] and status in answer["disposition"]


def test_the_patient_may_be_a_contained_patient(fhir, key, people):
    request = eligibility_request(people["insured"].iin, contained=True)
    answer = fhir(request, key=key).fhir
    assert answer["insurance"][0]["inforce"] is True
    assert answer["patient"] == {
        "type": "Patient",
        "identifier": {"system": IIN_SYSTEM, "value": people["insured"].iin},
    }


def test_the_answer_names_the_request_as_fhir_expects(fhir, key, people):
    identifier = {"system": "urn:oid:1.2.398.7.1", "value": "appointment-42"}
    answer = fhir(eligibility_request(people["insured"].iin, identifier=[identifier]), key=key)
    assert answer.fhir["request"] == {
        "type": "CoverageEligibilityRequest",
        "identifier": identifier,
    }
    # Without an identifier of its own, the request is named by the Fund's record of it.
    answer = fhir(eligibility_request(people["insured"].iin), key=key).fhir
    record = EligibilityCheck.objects.get(reference=answer["id"])
    assert answer["request"]["identifier"]["value"] == str(record.reference)
    assert answer["purpose"] == ["validation", "benefits"]


def test_the_answer_carries_no_name_amount_or_payment_history(fhir, key, people):
    who = people["grace"]
    response = fhir(eligibility_request(who.iin), key=key)
    text = response.content.decode()
    assert who.last_name not in text and who.first_name not in text
    assert "25500" not in text and "4250" not in text and "employer" not in text
    assert set(response.fhir) <= {
        "resourceType", "id", "language", "identifier", "status", "purpose", "patient",
        "servicedDate", "servicedPeriod", "created", "request", "outcome", "disposition",
        "insurer", "insurance",
    }  # fmt: skip


def test_every_call_is_audited_with_the_iin_masked(fhir, key, clinic, people):
    who = people["insured"]
    then = month_ago(3).replace(day=10)
    fhir(eligibility_request(who.iin, servicedDate=then.isoformat()), key=key)
    record = EligibilityCheck.objects.get()
    assert record.clinic == clinic
    assert record.key.prefix == key.split(".")[0]
    assert record.masked_iin == f"{who.iin[:2]}********{who.iin[-2:]}"
    assert record.serviced_month == month_ago(3)
    assert record.outcome == Outcome.ENTITLED and record.http_status == 200
    assert not EligibilityCheck.objects.filter(masked_iin__contains=who.iin).exists()

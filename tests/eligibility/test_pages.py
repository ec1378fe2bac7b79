"""The registrar's person page gives the desk the API's answer; the CapabilityStatement and
the OpenAPI schema describe the API; no IIN reaches a log in full."""

import pytest
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from eligibility.fhir.terms import IIN_SYSTEM
from tests.test_security import console_log  # noqa: F401

from .conftest import eligibility_request

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("case", "entitled"), [("insured", True), ("lapsed", False)])
def test_the_registrar_sees_the_same_answer_as_the_clinics_system(
    registrar_client, fhir, key, people, case, entitled
):
    who = people[case]
    page = registrar_client.post("/en/registrar/", {"iin": who.iin}).text
    answer = fhir(eligibility_request(who.iin), key=key).fhir
    assert "MSHI package this month" in page
    row = page.split('id="mshi-entitlement">')[1].split("</dd>")[0]
    assert ("Not entitled" not in row) is entitled
    assert answer["disposition"] in row


def test_the_capability_statement_describes_the_api(client):
    response = client.get("/fhir/r4/metadata", HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    statement = response.json()
    CapabilityStatement.model_validate(statement)
    assert statement["fhirVersion"] == "4.0.1"
    assert "iin" in IIN_SYSTEM
    rest = statement["rest"][0]
    assert IIN_SYSTEM in rest["documentation"]
    assert rest["resource"][0]["type"] == "CoverageEligibilityRequest"
    assert [i["code"] for i in rest["interaction"]] == ["batch"]
    assert "ИИН" in rest["documentation"], "in the language asked for"


def test_the_openapi_schema_describes_the_fhir_endpoints(client):
    schema = client.get("/api/schema/?format=json", HTTP_HOST="127.0.0.1").json()
    operation = schema["paths"]["/fhir/r4/CoverageEligibilityRequest"]["post"]
    assert {"200", "400", "401", "403", "413", "429"} <= set(operation["responses"])
    assert "application/fhir+json" in operation["requestBody"]["content"]
    assert schema["components"]["securitySchemes"]["clinicKey"]["scheme"] == "bearer"
    assert "/fhir/r4/metadata" in schema["paths"]


def test_no_iin_reaches_the_logs_in_full(fhir, key, people, console_log):  # noqa: F811
    iin = people["insured"].iin
    broken = iin[:11] + str((int(iin[11]) + 1) % 10)
    fhir(eligibility_request(iin), key=key)
    fhir(eligibility_request(broken), key=key)
    fhir(eligibility_request(iin), key=None)
    output = console_log.getvalue()
    assert "SELECT" in output, "the SQL was logged, with the IINs masked"
    assert iin not in output and broken not in output

"""Programs issue certificates through the JSON API and fetch the PDF by its code."""

import re

import pytest

from certificates.models import Certificate

from .documents import pdf_text, qr_codes
from .people import in_grace, insured

pytestmark = pytest.mark.django_db


def issue(client, body, **headers):
    return client.post("/api/v1/certificates/", body, content_type="application/json", **headers)


def test_a_program_gets_a_code_an_absolute_verify_url_and_the_pdf(client, settings):
    settings.SITE_URL = "https://msqory.example.kz"
    who = in_grace()
    response = issue(client, {"iin": who.iin, "language": "ru"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"code", "issued_at", "verify_url", "pdf_url"}
    assert re.fullmatch(
        r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", body["code"]
    )
    assert body["verify_url"] == f"https://msqory.example.kz/ru/verify/{body['code']}/"
    assert body["pdf_url"] == f"/api/v1/certificates/{body['code']}/pdf"
    certificate = Certificate.objects.get()
    assert certificate.language == "ru" and certificate.iin == who.iin

    pdf = client.get(body["pdf_url"], HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Справка о статусе в системе ОСМС" in text and body["code"] in text
    assert qr_codes(pdf.content) == [body["verify_url"]]


def test_the_language_defaults_to_the_requests(client):
    response = issue(client, {"iin": insured().iin}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 201
    assert "/en/verify/" in response.json()["verify_url"]


def test_an_invalid_iin_is_refused_as_by_the_status_api(client):
    response = issue(client, {"iin": "123456789012"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_iin"
    assert not Certificate.objects.exists()


def test_an_unknown_language_is_refused(client):
    response = issue(client, {"iin": insured().iin, "language": "de"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"].keys() == {"language"}


def test_issuing_shares_the_lookup_limit(client, settings):
    settings.LOOKUP_RATE_LIMIT = "1/min"
    who = insured()
    assert (
        client.post(
            "/api/v1/status/", {"iin": who.iin}, content_type="application/json"
        ).status_code
        == 200
    )
    response = issue(client, {"iin": who.iin})
    assert response.status_code == 429 and response["Retry-After"]


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert {"201", "400", "429", "503"} <= set(paths["/api/v1/certificates/"]["post"]["responses"])
    check = paths["/api/v1/certificates/{code}/"]["get"]["responses"]
    assert {"200", "404", "429"} <= set(check)
    assert (
        "application/pdf"
        in paths["/api/v1/certificates/{code}/pdf"]["get"]["responses"]["200"]["content"]
    )
    verification = schema["components"]["schemas"]["CertificateVerification"]["properties"]
    assert {"valid", "revoked", "same_status_today", "iin", "status", "reason"} <= set(verification)

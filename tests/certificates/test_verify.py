"""Anyone handed a certificate checks its code: the page the QR code opens, the form for a typed
code, and the same answer as JSON for machines."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from certificates import services
from certificates.models import RevocationReason
from msqory.months import month_start
from status.models import StatusRule
from status.services import touch_persons
from tests.ledger import pay

from .people import THIS_MONTH, insured, lapsed

pytestmark = pytest.mark.django_db


def issue(who, language="en"):
    return services.issue_certificate(iin=who.iin, language=language)


def check_page(client, code: str, language="en"):
    return client.get(f"/{language}/verify/{code}/")


def check_api(client, code: str, language="en"):
    return client.get(f"/api/v1/certificates/{code}/", HTTP_ACCEPT_LANGUAGE=language)


def test_a_valid_code_shows_what_the_certificate_said_with_the_iin_masked(client):
    who = insured()
    certificate = issue(who)
    page = check_page(client, certificate.display_code)
    assert page.status_code == 200
    assert "The Fund issued this certificate" in page.text
    assert f"********{who.iin[-4:]}" in page.text and who.iin not in page.text
    assert "Insured" in page.text and "The past 12 months are paid" in page.text
    assert "The same" in page.text
    assert page["Cache-Control"].startswith("max-age=0")

    answer = check_api(client, certificate.display_code).json()
    assert answer["valid"] is True and answer["revoked"] is False
    assert answer["iin"] == f"********{who.iin[-4:]}"
    assert answer["status"] == "insured" and answer["reason"] == "paid_12_past_months"
    assert answer["same_status_today"] is True
    assert answer["issued_at"] == certificate.issued_at.isoformat()
    assert answer["as_of"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    ("language", "differs"),
    [("en", "Differs"), ("ru", "Изменился"), ("kk", "Өзгерген")],
)
def test_a_certificate_issued_before_a_status_change_is_still_valid_but_says_today_differs(
    client, language, differs
):
    who = lapsed()
    certificate = issue(who, language)
    # The missing months are paid afterwards: the holder is insured today.
    pay(who, [month_start(THIS_MONTH - ago) for ago in range(1, 5)], reference="late")
    touch_persons(person_ids=[who.pk])

    page = check_page(client, certificate.display_code, language)
    assert page.status_code == 200
    assert differs in page.text
    answer = check_api(client, certificate.code).json()
    assert answer["valid"] is True
    assert answer["status"] == "not_insured", "the facts as issued"
    assert answer["same_status_today"] is False


def test_a_revoked_code_says_it_was_revoked_and_why(client):
    who = insured()
    certificate = issue(who)
    staff = get_user_model().objects.create_user("fund", is_staff=True)
    services.revoke_certificate(
        certificate=certificate, reason=RevocationReason.ISSUED_IN_ERROR, by=staff
    )
    page = check_page(client, certificate.display_code)
    assert page.status_code == 200
    assert "This certificate was revoked" in page.text and "Issued in error" in page.text
    assert "The same" not in page.text

    answer = check_api(client, certificate.display_code).json()
    assert answer["valid"] is False and answer["revoked"] is True
    assert answer["revocation_reason"] == "issued_in_error"
    assert answer["revocation_reason_text"] == "Issued in error"
    pdf = client.get(f"/api/v1/certificates/{certificate.display_code}/pdf")
    assert pdf.status_code == 410 and pdf.json()["error"]["code"] == "revoked"


def test_an_unknown_or_tampered_code_is_not_found(client):
    certificate = issue(insured())
    tampered = ("1" if certificate.code[0] != "1" else "2") + certificate.code[1:]
    page = check_page(client, tampered)
    assert page.status_code == 404
    assert "The Fund issued no certificate with the code" in page.text
    answer = check_api(client, tampered)
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/certificates/{tampered}/pdf").status_code == 404


@pytest.mark.parametrize("code", ["K7Q2-9XDM", "K7Q2-9XDM-4HRU", '"><img src=x onerror=alert(1)>'])
def test_a_malformed_code_is_not_found_and_explained(client, code):
    page = check_page(client, code)
    assert page.status_code == 404
    assert "is not a certificate code" in page.text
    assert "<img" not in page.text
    answer = check_api(client, code)
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "invalid_code"


def test_a_code_is_found_however_it_is_typed(client):
    certificate = issue(insured())
    typed = certificate.display_code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    form = client.get("/en/verify/", {"code": typed})
    assert form.status_code == 302
    assert form["Location"] == f"/en/verify/{certificate.display_code}/"
    assert check_api(client, certificate.code.lower()).status_code == 200


def test_the_form_explains_a_mistyped_code_next_to_the_field(client):
    assert client.get("/kk/verify/").status_code == 200
    page = client.get("/en/verify/", {"code": "K7Q2"})
    assert page.status_code == 200
    assert "error-summary" in page.text
    assert "This is not a certificate code" in page.text
    assert 'value="K7Q2"' in page.text
    empty = client.get("/ru/verify/", {"code": ""})
    assert "Введите код справки." in empty.text


def test_checks_are_limited_per_client_so_codes_cannot_be_enumerated(client, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = "3/min"
    certificate = issue(insured())
    assert check_page(client, certificate.display_code).status_code == 200
    assert check_page(client, "AAAA-AAAA-AAAA").status_code == 404
    assert check_api(client, "AAAA-AAAA-AAAB").status_code == 404
    page = check_page(client, certificate.display_code, "ru")
    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    assert "Слишком много запросов" in page.text
    answer = check_api(client, certificate.display_code)
    assert answer.status_code == 429 and answer.json()["error"]["code"] == "rate_limited"
    pdf = client.get(f"/api/v1/certificates/{certificate.display_code}/pdf")
    assert pdf.status_code == 429
    # Another client is not held back.
    other = client.get(f"/en/verify/{certificate.display_code}/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_without_todays_status_rule_the_check_still_answers(client):
    certificate = issue(insured())
    # The Fund has not published the status rules: none in the table (the rule cache forgets
    # them as the rows go).
    StatusRule.objects.all().delete()
    page = check_page(client, certificate.display_code)
    assert page.status_code == 200 and "Cannot be said now" in page.text
    assert check_api(client, certificate.display_code).json()["same_status_today"] is None

"""Fund staff issue clinic keys (admin or command), shown once and stored hashed; revoke them;
and read the audit, by clinic and by day."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from eligibility import services
from eligibility.models import ClinicAPIKey, EligibilityCheck

from .conftest import eligibility_request

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/eligibility"


def test_the_command_prints_the_key_once_alone_on_its_last_line(fhir, clinic, people, capsys):
    call_command("clinic_api_key", "create", "--clinic", clinic.code, "--requests-per-minute", "5")
    plaintext = capsys.readouterr().out.strip().splitlines()[-1]
    stored = ClinicAPIKey.objects.get(clinic=clinic)
    assert stored.requests_per_minute == 5
    assert plaintext.startswith(f"{stored.prefix}.") and " " not in plaintext
    assert plaintext not in stored.hashed_key and stored.hashed_key.startswith("sha512$$")
    assert fhir(eligibility_request(people["insured"].iin), key=plaintext).status_code == 200

    with translation.override("ru"):
        call_command("clinic_api_key", "revoke", "--clinic", clinic.code)
    assert "1 ключ отозван." in capsys.readouterr().out
    assert fhir(eligibility_request(people["insured"].iin), key=plaintext).status_code == 403


def test_a_new_key_gets_the_default_rate_limit(clinic, settings):
    settings.ELIGIBILITY_DEFAULT_REQUESTS_PER_MINUTE = 42
    assert services.issue_key(clinic=clinic, name="desk").key.requests_per_minute == 42


def test_no_key_for_a_clinic_without_a_fund_contract(make_clinic):
    clinic = make_clinic(fund_contract=False)
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="has no contract with the Fund"),
    ):
        call_command("clinic_api_key", "create", "--clinic", clinic.code)
    with pytest.raises(CommandError, match="NOPE коды бар емхана жоқ"):  # kk, the default
        call_command("clinic_api_key", "create", "--clinic", "NOPE")
    assert not ClinicAPIKey.objects.exists()


def test_revoking_one_prefix_leaves_the_clinics_other_keys(clinic):
    first = services.issue_key(clinic=clinic, name="a").key
    second = services.issue_key(clinic=clinic, name="b").key
    call_command("clinic_api_key", "revoke", "--clinic", clinic.code, "--prefix", first.prefix)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revoked and first.revoked_at is not None
    assert not second.revoked


def test_staff_issue_a_key_in_the_admin_and_see_it_only_once(staff_client, fhir, clinic, people):
    response = staff_client.post(
        f"{ADMIN}/clinicapikey/add/",
        {"clinic": clinic.pk, "name": "reception", "requests_per_minute": 100},
    )
    assert response.status_code == 200
    key = ClinicAPIKey.objects.get()
    shown = response.text.split('<code id="issued-key">')[1].split("</code>")[0]
    assert shown.startswith(f"{key.prefix}.")
    assert "shown only this once" in response.text
    assert response["Cache-Control"].startswith("max-age=0")
    change = staff_client.get(f"{ADMIN}/clinicapikey/{key.pk}/change/")
    assert change.status_code == 200 and shown not in change.text
    assert fhir(eligibility_request(people["insured"].iin), key=shown).status_code == 200

    staff_client.post(
        f"{ADMIN}/clinicapikey/",
        {"action": "revoke_keys", "_selected_action": [key.pk]},
    )
    assert fhir(eligibility_request(people["insured"].iin), key=shown).status_code == 403


def test_the_admin_refuses_a_key_for_a_clinic_without_a_contract(staff_client, make_clinic):
    clinic = make_clinic(fund_contract=False)
    response = staff_client.post(
        f"{ADMIN}/clinicapikey/add/",
        {"clinic": clinic.pk, "name": "reception", "requests_per_minute": 100},
    )
    assert response.status_code == 200
    assert "has no contract with the Fund" in response.text
    assert not ClinicAPIKey.objects.exists()


def test_the_audit_is_filtered_by_clinic_and_day(staff_client, fhir, make_clinic, people):
    ours, theirs = make_clinic(), make_clinic()
    for clinic in (ours, theirs):
        key = services.issue_key(clinic=clinic, name="desk").plaintext
        fhir(eligibility_request(people["insured"].iin), key=key)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    EligibilityCheck.objects.filter(clinic=theirs).update(checked_at=yesterday)
    masked = f"{people['insured'].iin[:2]}********"

    page = staff_client.get(f"{ADMIN}/eligibilitycheck/", {"clinic__id__exact": ours.pk}).text
    assert page.count(masked) == 1 and str(ours) in page
    today = timezone.localdate()
    page = staff_client.get(
        f"{ADMIN}/eligibilitycheck/",
        {
            "checked_at__year": today.year,
            "checked_at__month": today.month,
            "checked_at__day": today.day,
        },
    ).text
    assert page.count(masked) == 1
    assert people["insured"].iin not in page

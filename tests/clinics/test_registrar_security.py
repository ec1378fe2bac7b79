"""The registrars' portal shows names, birth dates and statuses of anyone searched for, so it
asks for the same second factor as the admin, never lets Fund staff in, and limits searches
(issue 20, security 1 and 8)."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "desk-password-1"


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, user, **extra):
    return client.post(
        "/en/registrar/login/", {"username": user.username, "password": PASSWORD} | extra
    )


def test_a_registrar_without_a_device_signs_in_with_the_password(client, registrar):
    assert sign_in(client, registrar).status_code == 302
    assert client.get("/en/registrar/").status_code == 200


def test_a_registrar_with_a_device_must_give_its_code(client, registrar):
    device = TOTPDevice.objects.create(user=registrar, name="phone", confirmed=True)
    refused = sign_in(client, registrar)
    assert refused.status_code == 200
    assert "Enter the code from your authenticator app." in refused.text
    assert "_auth_user_id" not in client.session
    assert sign_in(client, registrar, otp_token=current_code(device)).status_code == 302
    assert client.get("/en/registrar/").status_code == 200


def test_a_password_only_registrar_session_is_sent_to_sign_in(client, registrar):
    TOTPDevice.objects.create(user=registrar, name="phone", confirmed=True)
    client.force_login(registrar)
    response = client.get("/en/registrar/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("clinics:registrar_login"))


def test_with_admin_require_otp_every_registrar_needs_a_device(client, registrar, settings):
    settings.ADMIN_REQUIRE_OTP = True
    assert sign_in(client, registrar).status_code == 200
    assert "_auth_user_id" not in client.session


def test_fund_staff_cannot_sign_in_as_registrars(client, registrar):
    registrar.is_staff = True
    registrar.save()
    page = sign_in(client, registrar)
    assert page.status_code == 200
    assert "This page is for polyclinic registrars" in page.text
    assert "_auth_user_id" not in client.session
    client.force_login(registrar)
    assert client.get("/en/registrar/").status_code == 403, "nor use a staff session there"


def test_registrar_searches_are_rate_limited_per_registrar(
    client, registrar, make_registrar, clinic, person, settings
):
    settings.REGISTRAR_SEARCH_RATE_LIMIT = "2/hour"
    client.force_login(registrar)
    for _ in range(2):
        assert client.post("/en/registrar/", {"iin": person.iin}).status_code == 200
    refused = client.post("/en/registrar/", {"iin": person.iin})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert 'href="/en/registrar/"' in refused.text, "a way back to the search"
    client.force_login(make_registrar(clinic))
    assert client.post("/en/registrar/", {"iin": person.iin}).status_code == 200

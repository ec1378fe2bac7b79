"""Applicants' documents: only a staff session verified with its second factor downloads them,
under the name of what the file is (issue 20, security 1 and 3)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from msqory.roles import FUND_STAFF
from refunds.models import Attachment

from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-staff-password-1"


@pytest.fixture
def officer(django_user_model):
    """Fund staff with the download permission (the role's)."""
    user = django_user_model.objects.create_user("officer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=FUND_STAFF))
    return user


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def download_url(attachment) -> str:
    with translation.override("en"):
        return reverse("refunds:download_attachment", args=[attachment.pk])


def test_a_staff_password_alone_never_downloads_a_document(client, officer, file_refund):
    """The registrars' sign-in used to let a staff password in without the code."""
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    url = download_url(file_refund().attachments.get())
    page = client.post(
        reverse("clinics:registrar_login"), {"username": "officer", "password": PASSWORD}
    )
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session, "the registrars' form refuses staff"
    client.force_login(officer)  # a password-only session, however it was obtained
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/en/{settings.ADMIN_URL}login/")


def test_with_admin_require_otp_a_staff_member_without_a_device_cannot_download(
    client, officer, file_refund, settings
):
    settings.ADMIN_REQUIRE_OTP = True
    url = download_url(file_refund().attachments.get())
    client.force_login(officer)
    assert client.get(url).status_code == 302


def test_a_session_verified_with_the_code_downloads(client, officer, file_refund):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    url = download_url(file_refund().attachments.get())
    signed_in = client.post(
        f"/en/{settings.ADMIN_URL}login/",
        {"username": "officer", "password": PASSWORD, "otp_token": current_code(device)},
    )
    assert signed_in.status_code == 302
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("uploaded", "served"),
    [
        ("statement.bat", "statement.pdf"),
        ("poly.html", "poly.pdf"),
        ("evil.hta", "evil.pdf"),
        ("scan.svg", "scan.pdf"),
        ("chek.pdf", "chek.pdf"),
    ],
)
def test_a_document_downloads_under_the_extension_of_what_it_is(
    client, officer, person, file_refund, uploaded, served
):
    application = file_refund()
    from refunds import services

    attachment = services.store_attachment(
        application=application, kind="payment_document", upload=pdf(uploaded)
    )
    client.force_login(officer)
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{served}"'
    assert Attachment.objects.get(pk=attachment.pk).original_name == uploaded, "kept as data"

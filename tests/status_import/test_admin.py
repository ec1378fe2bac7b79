"""Fund staff import a payments file in the admin: upload, see the preview, confirm."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

from msqory.roles import FUND_STAFF
from status.models import Payment, Person

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff(client):
    # A member of the Fund staff role, as the roles migrations set it up.
    user = get_user_model().objects.create_user("clerk", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=FUND_STAFF))
    client.force_login(user)
    return user


def url(name):
    with translation.override("en"):
        return reverse(name)


def upload(client, data: io.BytesIO, name="payments.csv"):
    data.name = name
    return client.post(url("admin:status_payment_import"), {"file": data})


def test_a_good_file_is_previewed_then_imported_on_confirmation(
    client, staff, alice, bob, private_media
):
    page = client.get(url("admin:status_payment_changelist"))
    assert url("admin:status_payment_import") in page.text, "the list links to the import"

    preview = upload(
        client,
        csv_bytes(
            f"{alice},2025-01,employer,100,2025-02-01,A",
            f"{bob},012025,employee,50,2025-02-01,B",
        ),
    )
    assert preview.status_code == 200
    assert "payments.csv is ready to import" in preview.text
    assert "2 payments will be added" in preview.text
    assert "2 new persons will be registered" in preview.text
    assert not Payment.objects.exists(), "the preview writes nothing"

    token = preview.context["token"]
    done = client.post(url("admin:status_payment_import"), {"token": token})
    assert done.status_code == 302
    assert done["Location"] == url("admin:status_payment_changelist")
    assert Payment.objects.count() == 2 and Person.objects.count() == 2
    assert Person.objects.get(iin=alice).history.get().history_user == staff
    listing = client.get(done["Location"])
    assert "payments.csv imported: 2 payments added" in listing.text.lower()

    again = client.post(url("admin:status_payment_import"), {"token": token})
    assert again.status_code == 302, "a confirmation cannot be replayed"
    assert Payment.objects.count() == 2
    assert not any(private_media.rglob("*.csv")), "the uploaded file is removed"


def test_a_bad_file_lists_every_bad_line_and_offers_no_confirmation(client, staff, alice):
    preview = upload(
        client,
        csv_bytes(
            f"{alice},2025-01,employer,100,2025-02-01,A",
            f"{alice},2025-01,boss,100,2025-02-01,B",
            f"{alice},2025-99,employer,100,2025-02-01,C",
        ),
    )
    assert preview.status_code == 200
    assert "2 lines have problems" in preview.text
    problems = preview.context["problems"]
    assert [p.line for p in problems] == [3, 4]
    assert "Unknown payer type" in preview.text and "not a month" in preview.text
    assert 'name="token"' not in preview.text
    assert not Payment.objects.exists() and not Person.objects.exists()


def test_the_preview_asks_for_a_file(client, staff):
    response = client.post(url("admin:status_payment_import"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_a_token_from_another_session_is_refused(client, staff, alice):
    response = client.post(url("admin:status_payment_import"), {"token": "A" * 22})
    assert response.status_code == 302
    assert not Payment.objects.exists()


def test_staff_without_the_add_permission_cannot_import(client, alice):
    user = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_payment"))
    client.force_login(user)
    assert client.get(url("admin:status_payment_import")).status_code == 403
    response = upload(client, csv_bytes(f"{alice},2025-01,employer,100,2025-02-01,A"))
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(url("admin:status_payment_import"))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(
    ("language", "hint"), [("ru", "через запятую"), ("kk", "үтірмен бөлінген"), ("en", "comma")]
)
def test_the_upload_page_speaks_the_staff_members_language(client, staff, language, hint):
    with translation.override(language):
        page = client.get(reverse("admin:status_payment_import"))
    assert page.status_code == 200
    assert hint in page.text

"""What the API and the upload forms refuse before doing any work, and what the lookup audit
records (issue 20, security 4, 5, 6 and 8)."""

import json
import random

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from msqory.logmasking import mask_iins
from status.demo import synthetic_iin
from status.models import Person
from tests.test_security import console_log  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db
JSON = "application/json"
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    from django.core.cache import cache

    settings.LOOKUP_RATE_LIMIT = "10000/min"
    cache.clear()
    yield
    cache.clear()


# --- The lookup audit log records what was looked up ----------------------------------------


def test_a_json_body_padded_past_ten_thousand_bytes_is_still_logged(client, console_log):  # noqa: F811
    iin = synthetic_iin(random.Random(21))
    body = json.dumps({"iin": iin, "padding": "x" * 20_000})
    response = client.post("/api/v1/status/", body, content_type=JSON)
    assert response.status_code == 200
    assert f"path=/api/v1/status/ status=200 client=127.0.0.1 user=- iin={iin[:2]}" in (
        console_log.getvalue()
    )


def test_another_iin_field_cannot_hide_the_one_looked_up(client, console_log):  # noqa: F811
    iin = synthetic_iin(random.Random(22))
    Person.objects.create(iin=iin)
    body = json.dumps({"a_iin": "111111111111", "iin": iin})
    assert client.post("/api/v1/status/", body, content_type=JSON).status_code == 200
    logged = [line for line in console_log.getvalue().splitlines() if "iin_lookup" in line]
    assert logged and logged[-1].endswith(f"iin={iin[:2]}********{iin[-2:]},11********11")
    assert iin not in console_log.getvalue()


# --- The API answers 400 ------------------------------------------------------------------


def test_deeply_nested_json_is_a_400_not_a_server_error(client):
    response = client.post("/api/v1/status/", "[" * 12000 + "]" * 12000, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    ru = client.post(
        "/api/v1/status/", "[" * 12000 + "]" * 12000, content_type=JSON, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "слишком глубокая вложенность" in ru.json()["error"]["message"]


def test_a_json_body_beyond_djangos_limit_is_refused_and_not_looked_up(
    client,
    settings,
    console_log,  # noqa: F811
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"iin": synthetic_iin(random.Random(23)), "padding": "x" * 2000})
    response = client.post("/api/v1/status/", body, content_type=JSON)
    assert response.status_code == 400
    assert "iin_lookup" not in console_log.getvalue(), "refused unread: nothing looked up"


# --- Anonymous uploads: size and rate, from the headers alone ------------------------------


def claimed_upload(client, path: str, *, claimed_bytes: int, **extra):
    """A multipart POST that says it carries `claimed_bytes`: reading it would fail (the test
    payload is a few bytes), so any answer proves nothing read the body."""
    return client.generic(
        "POST",
        path,
        data=b"--b--\r\n",
        content_type="multipart/form-data; boundary=b",
        CONTENT_LENGTH=str(claimed_bytes),
        **extra,
    )


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Файлдар тым үлкен"),
        ("ru", "Файлы слишком большие"),
        ("en", "The files are too large"),
    ],
)
def test_an_oversized_anonymous_upload_is_refused_before_it_is_read(client, language, heading):
    response = claimed_upload(client, f"/{language}/refunds/new/", claimed_bytes=300 * MB)
    assert response.status_code == 413
    assert heading in response.text
    assert f'href="/{language}/refunds/new/"' in response.text, "a way back to the form"


def test_where_no_file_is_expected_an_anonymous_multipart_body_stays_small(client, settings):
    too_large = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    assert claimed_upload(client, "/en/status/", claimed_bytes=too_large).status_code == 413
    document = SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * too_large)
    form = client.post("/en/debt-cancellation/new/", {"website": "", "labour_contract": document})
    assert form.status_code == 400, "the application forms take documents: their own errors"


def test_the_upload_limit_leaves_room_for_what_the_forms_accept(settings):
    from refunds.validators import max_attachment_bytes, max_attachments

    assert max_attachments() * max_attachment_bytes() < settings.ANONYMOUS_UPLOAD_MAX_BYTES


def test_anonymous_uploads_are_rate_limited_per_client(client, settings):
    settings.ANONYMOUS_UPLOAD_RATE_LIMIT = "1/hour"
    first = client.post("/en/debt-cancellation/new/", {"website": ""}, format="multipart")
    assert first.status_code == 400  # an empty form: its errors
    refused = claimed_upload(client, "/en/debt-cancellation/new/", claimed_bytes=1 * MB)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_signed_in_staff_uploads_are_not_concerned(client, settings):
    settings.ANONYMOUS_UPLOAD_RATE_LIMIT = "0/hour"
    staff = User.objects.create_user("importer", is_staff=True)
    client.force_login(staff)
    response = client.post("/en/debt-cancellation/new/", {"website": ""})
    assert response.status_code == 400, "the form answered, not the limit"


# --- IINs typed with spaces -----------------------------------------------------------------


def test_an_iin_typed_with_spaces_is_masked_in_logs_and_urls():
    assert mask_iins("GET /kk/admin/status/person/?q=850302+300127 HTTP/1.1") == (
        "GET /kk/admin/status/person/?q=85****+****27 HTTP/1.1"
    )
    assert mask_iins("q=850302%20300127&p=1") == "q=85****%20****27&p=1"
    assert mask_iins("iin 8503 0230 0127") == "iin 85** **** **27"
    assert mask_iins("2026-11-23 10:00:00,123 took 0.0123456789012s") == (
        "2026-11-23 10:00:00,123 took 0.0123456789012s"
    )


def test_the_admin_finds_a_person_by_an_iin_typed_with_a_space(staff_client):
    iin = synthetic_iin(random.Random(24))
    Person.objects.create(iin=iin, last_name="Омаров")
    page = staff_client.get("/en/admin/status/person/", {"q": f"{iin[:6]} {iin[6:]}"})
    assert iin in page.text


def test_the_api_takes_an_iin_with_a_space(client):
    iin = synthetic_iin(random.Random(25))
    response = client.post("/api/v1/status/", {"iin": f"{iin[:6]} {iin[6:]}"}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["iin"] == iin

"""Every API error in the API's JSON shape, the 503 page that keeps the form, /metrics off the
public site, and JSON logs that carry the request id and mask IINs."""

import io
import json
import logging
import random

import pytest
from django.db import OperationalError
from prometheus_client import Counter

from msqory.logformat import MaskedJsonFormatter, RequestIdFilter
from msqory.logmasking import MaskIINFilter
from status import snapshots
from status.demo import synthetic_iin

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def server_side(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("ask", "status", "code"),
    [
        (lambda c: c.get("/api/v1/no-such-thing/"), 404, "not_found"),
        (lambda c: c.get("/api/v1/status/"), 405, "method_not_allowed"),
        (lambda c: c.post("/api/v1/status/", "iin=1", content_type="text/plain"), 415,
         "unsupported_media_type"),
    ],
)  # fmt: skip
def test_api_errors_are_json(client, ask, status, code):
    response = ask(client)
    assert response.status_code == status
    assert response["Content-Type"] == JSON
    assert response.json()["error"]["code"] == code


def test_an_api_bug_is_json_500(server_side, monkeypatch):
    monkeypatch.setattr(snapshots, "status_by_iin", lambda **kw: 1 / 0)
    response = server_side.post("/api/v1/status/", {"iin": synthetic_iin(random.Random(1))},
                                content_type=JSON)  # fmt: skip
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"


def _database_away(**kwargs):
    raise OperationalError("connection refused")


def test_the_database_away_is_json_503_with_retry_after(server_side, monkeypatch):
    monkeypatch.setattr(snapshots, "status_by_iin", _database_away)
    response = server_side.post("/api/v1/status/", {"iin": synthetic_iin(random.Random(2))},
                                content_type=JSON)  # fmt: skip
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize(
    ("language", "heading"),
    [("kk", "Қызмет уақытша қолжетімсіз"), ("ru", "Сервис временно недоступен"),
     ("en", "Service temporarily unavailable")],
)  # fmt: skip
def test_the_503_page_is_translated_and_keeps_what_was_typed(server_side, monkeypatch, language,
                                                             heading):  # fmt: skip
    monkeypatch.setattr(snapshots, "status_by_iin", _database_away)
    iin = synthetic_iin(random.Random(3))
    page = server_side.post(f"/{language}/status/", {"iin": iin})
    assert page.status_code == 503 and int(page["Retry-After"]) > 0
    assert heading in page.text
    assert f'name="iin" value="{iin}"' in page.text
    assert f'action="/{language}/status/"' in page.text


def test_the_schema_documents_the_common_errors_on_every_operation(client):
    schema = client.get("/api/schema/?format=json").json()
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert {"404", "405", "415", "500", "503"} <= set(operation["responses"])


def test_metrics_are_off_the_public_site(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.METRICS_TOKEN = "a-long-metrics-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"authorization": "Bearer wrong"}).status_code == 401


def test_metrics_carry_every_registered_metric(client, settings):
    settings.METRICS_TOKEN = "a-long-metrics-token"
    Counter("msqory_test_other_app_things", "A metric another app defines").inc()
    client.post("/api/v1/status/", {"iin": synthetic_iin(random.Random(4))}, content_type=JSON)
    text = client.get("/metrics", headers={"authorization": "Bearer a-long-metrics-token"}).text
    for name in [
        "msqory_http_request_duration_seconds_bucket",
        'msqory_lookups_total{outcome="unknown_iin"}',
        "msqory_ratelimit_fallback",
        "msqory_outbox_backlog",
        "msqory_outbox_oldest_age_seconds",
        "msqory_recompute_running",
        "msqory_test_other_app_things_total",
    ]:
        assert name in text, name
    if settings.REDIS_URL:
        assert "msqory_celery_queue_length" in text


def test_responses_carry_a_request_id(client):
    response = client.get("/en/")
    assert len(response["X-Request-ID"]) == 32


def test_json_logs_mask_iins_in_every_field_and_keep_the_request_id():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(MaskedJsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(MaskIINFilter())
    logger = logging.getLogger("msqory.test_json")
    logger.addHandler(handler)
    try:
        logger.warning("lookup of %s", "870412300123", extra={"path": "/?q=870412300123"})
    finally:
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert "870412300123" not in stream.getvalue()
    assert line["message"] == "lookup of 87********23" and line["path"] == "/?q=87********23"
    assert line["level"] == "WARNING" and line["request_id"] == "-"

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthy_portal_reports_database_and_redis(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    if settings.REDIS_URL:
        assert body["redis"] == "ok"


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_unreachable_redis_gives_503(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "redis": "error"}

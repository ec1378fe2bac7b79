import pytest

pytestmark = pytest.mark.django_db


def test_healthy_portal_reports_database_and_redis(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    if settings.REDIS_URL:
        assert body["redis"] == "ok"
        assert body["rate_limits"] == "shared"


def test_unreachable_redis_only_degrades_the_portal(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    settings.CACHES = {
        "default": settings.CACHES["default"] | {"LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/healthz")
    assert response.status_code == 200, "the portal still serves: not a 503"
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "redis": "degraded",
        "rate_limits": "shared",
    }

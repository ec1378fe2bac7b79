"""Production's 404, 500, CSRF and 429 pages: the portal's layout, the reader's language, a way
back, and nothing about settings such as DEBUG (issue 20, people 4 and 10)."""

import random

import pytest
from django.test import Client

from status import snapshots
from status.demo import synthetic_iin

pytestmark = pytest.mark.django_db

HEADINGS = {
    "404": {"kk": "Бет табылмады", "ru": "Страница не найдена", "en": "Page not found"},
    "500": {
        "kk": "Кешіріңіз, қате шықты",
        "ru": "Извините, что-то пошло не так",
        "en": "Sorry, something went wrong",
    },
    "csrf": {
        "kk": "Нысанның мерзімі өтіп кетті",
        "ru": "Срок действия формы истёк",
        "en": "The form has expired",
    },
}
HOME = {"kk": "Басты бетке өту", "ru": "Перейти на главную страницу", "en": "Go to the home page"}


def assert_portal_page(response, language: str, heading: str):
    html = response.text
    assert f'<html lang="{language}">' in html
    assert 'class="header"' in html and 'class="footer"' in html, "the portal's layout"
    assert heading in html
    assert f'href="/{language}/"' in html and HOME[language] in html, "a way back"
    assert "DEBUG" not in html and "Traceback" not in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_missing_page(client, language):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    assert_portal_page(response, language, HEADINGS["404"][language])


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_server_error(monkeypatch, language):
    def broken(**kwargs):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr(snapshots, "status_by_iin", broken)
    client = Client(raise_request_exception=False)
    response = client.post(f"/{language}/status/", {"iin": synthetic_iin(random.Random(31))})
    assert response.status_code == 500
    assert_portal_page(response, language, HEADINGS["500"][language])
    assert "the database fell over" not in response.text


def test_programs_get_json_where_people_get_pages(client):
    """The JSON API and the FHIR API answer their own shape; the pages stay the portal's."""
    api = client.get("/api/v1/no-such-thing/")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    fhir = client.get("/fhir/r4/NoSuchResource", HTTP_ACCEPT_LANGUAGE="ru")
    assert fhir.status_code == 404
    assert fhir["Content-Type"].startswith("application/fhir+json")
    outcome = fhir.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["code"] == "not-found"
    assert outcome["issue"][0]["details"]["text"] == "По этому адресу ничего нет."
    page = client.get("/ru/no-such-page/")
    assert_portal_page(page, "ru", HEADINGS["404"]["ru"])


def test_a_fhir_server_error_is_an_operation_outcome(monkeypatch):
    from eligibility import api

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("the capability statement fell over")

    monkeypatch.setattr(api.MetadataView, "get", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/fhir/r4/metadata")
    assert response.status_code == 500
    assert response.json()["issue"][0]["code"] == "exception"
    assert "fell over" not in response.text


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_form_sent_without_its_token(language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/status/", {"iin": "1"})
    assert response.status_code == 403
    assert_portal_page(response, language, HEADINGS["csrf"][language])
    assert f'href="/{language}/status/"' in response.text, "back to the form"
    assert "CSRF" not in response.text


def test_the_too_many_lookups_page_has_a_way_back(client, settings):
    settings.LOOKUP_RATE_LIMIT = "0/min"
    response = client.post("/ru/status/", {"iin": synthetic_iin(random.Random(32))})
    assert response.status_code == 429
    assert_portal_page(response, "ru", "Слишком много запросов")
    assert 'href="/ru/status/"' in response.text

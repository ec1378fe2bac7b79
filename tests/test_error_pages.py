"""Production's 404, 500, CSRF and 429 pages: the portal's layout, the reader's language, a way
back, and nothing about settings such as DEBUG (issue 20, people 4 and 10)."""

import random

import pytest
from django.test import Client

from status import selectors
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
HOME = {"kk": "Басты бетке өту", "ru": "На главную страницу", "en": "Go to the home page"}


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

    monkeypatch.setattr(selectors, "status_by_iin", broken)
    client = Client(raise_request_exception=False)
    response = client.post(f"/{language}/status/", {"iin": synthetic_iin(random.Random(31))})
    assert response.status_code == 500
    assert_portal_page(response, language, HEADINGS["500"][language])
    assert "the database fell over" not in response.text


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

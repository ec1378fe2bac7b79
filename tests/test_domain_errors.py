"""A DomainError that reaches no form (a rule the Fund has not published, a refusal) is told to
the person in their language with its code, and to a program as the API's JSON error: never a
500 page."""

import datetime

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.urls import path
from django.utils import translation

from msqory.urls import urlpatterns as portal
from status.engine import NoStatusRule
from status.errors import NotDebt

UNPUBLISHED = datetime.date(2031, 1, 1)


def _no_rule(request):
    raise NoStatusRule(UNPUBLISHED)


def _refused(request):
    raise NotDebt([datetime.date(2026, 5, 1)])


urlpatterns = [
    path("api/v1/test/no-rule/", _no_rule),
    *portal,
    *i18n_patterns(path("test/no-rule/", _no_rule), path("test/refused/", _refused)),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Сұрауыңызды орындау мүмкін болмады"),
        ("ru", "Не удалось выполнить запрос"),
        ("en", "We could not do what you asked"),
    ],
)
def test_a_missing_rule_is_a_translated_page_with_its_code(client, language, heading):
    response = client.get(f"/{language}/test/no-rule/")
    assert response.status_code == 503
    assert heading in response.text
    with translation.override(language):
        assert str(NoStatusRule(UNPUBLISHED)) in response.text
    assert "no_rule" in response.text


def test_a_refusal_is_a_400_page_with_its_message(client):
    response = client.get("/en/test/refused/")
    assert response.status_code == 400
    assert "nothing to cancel for them: 05.2026." in response.text
    assert "not_debt" in response.text


def test_the_api_answers_a_domain_error_as_json_with_its_code(client):
    response = client.get("/api/v1/test/no-rule/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "no_rule"

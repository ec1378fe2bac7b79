"""Search finds word forms and synonyms, and the portal's services (issue 20, people 9)."""

import html
import re

import pytest

from information import selectors
from information.models import SearchSynonym

pytestmark = pytest.mark.django_db


def results(client, language: str, query: str) -> list[str]:
    page = client.get(f"/{language}/information/search/", {"q": query}).text
    return [
        html.unescape(title)
        for title in re.findall(r'<h2 class="heading-m"><a href="[^"]+">([^<]+)</a>', page)
    ]


def test_kazakh_polyclinic_finds_the_pages_about_emkhana(client):
    found = results(client, "kk", "поликлиника")
    assert found, "the synonym list maps поликлиника onto емхана"
    assert any("емхана" in title.casefold() for title in found)


def test_a_kazakh_word_with_a_case_ending_finds_the_word(client):
    assert results(client, "kk", "емханаға") == results(client, "kk", "емхана")


def test_russian_word_forms_find_as_much_as_english(client):
    russian = results(client, "ru", "поликлиника")
    english = results(client, "en", "polyclinic")
    assert len(russian) >= len(english) >= 3, (russian, english)


@pytest.mark.parametrize(
    ("language", "query", "service"),
    [
        ("kk", "калькулятор", "Жарналар калькуляторы"),
        ("kk", "мәртебе тексеру", "Мен сақтандырылғанмын ба?"),
        ("ru", "калькулятор", "Калькулятор взносов"),
        ("ru", "поликлиника адрес", "Найти поликлинику"),
        ("en", "calculator", "Contributions calculator"),
        ("en", "status", "Am I insured?"),
        ("en", "find polyclinic", "Find a polyclinic"),
    ],
)
def test_the_services_are_found(client, language, query, service):
    found = results(client, language, query)
    assert service in found, found


def test_a_service_named_by_the_query_comes_first(client):
    assert results(client, "en", "calculator")[0] == "Contributions calculator"
    assert results(client, "kk", "калькулятор")[0] == "Жарналар калькуляторы"


def test_staff_edit_the_synonyms():
    SearchSynonym.objects.create(language="en", word="gp", synonyms="polyclinic")
    assert selectors.search(query="gp", language="en")


def test_the_rules_page_shows_no_internal_source_tags(client):
    page = client.get("/en/contributions/rules/", {"year": 2025}).text
    assert "[pub]" not in page and "[002]" not in page


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("kk", "Емханаға қалай тіркелуге болады"),
        ("ru", "Как прикрепиться к поликлинике"),
        ("en", "How to attach to a polyclinic"),
    ],
)
def test_a_page_says_how_to_attach_to_a_polyclinic(client, language, title):
    finder = client.get(f"/{language}/clinics/").text
    assert f'href="/{language}/information/how-to-attach/"' in finder
    page = client.get(f"/{language}/information/how-to-attach/")
    assert page.status_code == 200 and title in page.text
    assert "egov.kz" in page.text

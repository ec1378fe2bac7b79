"""A reader searches the information pages and FAQ in their own language."""

import html

import pytest

from information import selectors
from information.models import FaqEntry

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(response.content.decode()).replace("\xa0", " ").split())


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("kk", "мәмс", "МӘМС дегеніміз не?"),  # lower case finds the upper-case МӘМС
        ("kk", "мамс", "МӘМС дегеніміз не?"),  # typed without Kazakh letters
        ("kk", "бірнеше емханаға", "Мен бір уақытта бірнеше емханаға тіркеле аламын ба?"),
        ("kk", "шаруа қожалық", "Мұғалім болып жұмыс істеймін, шаруа қожалығым бар."),
        ("ru", "осмс", "Что такое ОСМС?"),
        ("ru", "поликлиник нескольким", "Могу ли я быть прикреплён одновременно"),
        ("ru", "учет беременности", "встать на учёт по беременности?"),  # е finds ё
        ("en", "mshi", "What is MSHI?"),
        ("en", "Polyclinics several", "Can I be attached to several polyclinics"),
        ("en", "abroad", "I was abroad for several months."),
    ],
)
def test_search_finds_pages_and_questions_in_the_current_language(
    client, language, query, expected
):
    response = client.get(f"/{language}/information/search/", {"q": query})
    assert response.status_code == 200
    assert expected in text_of(response), (language, query)


def test_search_only_looks_in_the_current_language(client):
    page = text_of(client.get("/en/information/search/", {"q": "осмс"}))
    assert "Nothing found for «осмс»" in page


def test_an_empty_or_odd_query_does_no_harm(client):
    assert client.get("/en/information/search/", {"q": ""}).status_code == 200
    response = client.get("/en/information/search/", {"q": "'&|!:*()"})
    assert response.status_code == 200 and "Nothing found" in text_of(response)


def test_unpublished_questions_are_not_found(client):
    FaqEntry.objects.filter(slug="several-clinics").update(published=False)
    page = text_of(client.get("/en/information/search/", {"q": "several polyclinics"}))
    assert "Can I be attached to several polyclinics" not in page


def test_the_best_match_comes_first():
    hits = selectors.search(query="mshi", language="en")
    assert hits[0].title == "What is MSHI?"


def test_the_fallback_without_postgresql_finds_the_same(settings):
    queryset = FaqEntry.objects.filter(published=True)
    terms = selectors.query_terms("Бірнеше ЕМХАНА")
    alternatives = selectors.search_alternatives(terms, language="kk")
    found = selectors._python_search(queryset, alternatives, "question_kk", "answer_kk", None)
    assert [obj.slug for obj, _rank in found] == ["several-clinics"]


def test_placeholder_names_are_not_searchable():
    FaqEntry.objects.create(
        category_id=FaqEntry.objects.first().category_id,
        slug="figures-only",
        question="?",
        question_en="Figures",
        answer="{{ status_grace_months }}",
        answer_en="{{ status_grace_months }} {{ minimum_wage }}",
    )
    slugs = [hit.obj.slug for hit in selectors.search(query="grace months", language="en")]
    assert "figures-only" not in slugs
    assert selectors.fold("{{ minimum_wage }} МӘМС").split() == ["мамс"]

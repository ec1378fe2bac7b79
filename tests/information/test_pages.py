"""A reader browses the information section: index, pages, care lists, categories, foreigners."""

import html

import pytest

from information.models import Page

from .conftest import LANGUAGES

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(response.content.decode()).replace("\xa0", " ").split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_index_lists_the_pages_and_the_navigation_links_to_it(client, language):
    response = client.get(f"/{language}/information/")
    assert response.status_code == 200
    page = text_of(response)
    for info in Page.objects.all():
        assert getattr(info, f"title_{language}") in page
    assert f'href="/{language}/information/"' in page  # main navigation
    assert f'href="/{language}/guide/"' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_opens_with_its_figures_filled_in(client, language):
    for info in Page.objects.all():
        response = client.get(f"/{language}/information/{info.slug}/")
        assert response.status_code == 200, info.slug
        page = text_of(response)
        assert getattr(info, f"title_{language}") in page
        assert "{{" not in page


def test_who_pays_shows_this_years_rates(client):
    page = text_of(client.get("/ru/information/who-pays/"))
    assert "не более 102 000 тенге в месяц (с 40 МЗП)" in page  # 3 % × 40 × 85 000
    assert "то есть 4 250 тенге в месяц" in page
    assert "МЗП в 2026 году – 85 000 тенге" in page


def test_an_unknown_page_is_not_found(client):
    assert client.get("/en/information/no-such-page/").status_code == 404


def test_an_unpublished_page_is_not_shown(client):
    Page.objects.filter(slug="restore-status").update(published=False)
    assert client.get("/en/information/restore-status/").status_code == 404
    assert "How to restore the status" not in text_of(client.get("/en/information/"))


@pytest.mark.parametrize(
    ("language", "gvfmc", "mshi"),
    [
        ("kk", "Жедел медициналық көмек және санитариялық авиация", "Медициналық оңалту"),
        ("ru", "Скорая медицинская помощь и санитарная авиация", "Медицинская реабилитация"),
        ("en", "Emergency medical care and air ambulance", "Medical rehabilitation"),
    ],
)
def test_the_two_care_lists(client, language, gvfmc, mshi):
    page = text_of(client.get(f"/{language}/information/care/"))
    assert gvfmc in page and mshi in page


@pytest.mark.parametrize(
    ("language", "state_paid", "exempt"),
    [
        ("kk", "Зейнетақы алушылар", "Әскери қызметшілер"),
        ("ru", "Получатели пенсий", "Военнослужащие"),
        ("en", "Pension recipients", "Military servicemen"),
    ],
)
def test_the_categories_come_from_the_status_app(client, language, state_paid, exempt):
    page = text_of(client.get(f"/{language}/information/categories/"))
    assert state_paid in page and exempt in page


def test_the_foreigners_table_has_a_row_per_residency(client):
    page = text_of(client.get("/en/information/foreigners/"))
    for text in (
        "Kandas certificate",
        "By a written application at the polyclinic",
        "You cannot attach to a polyclinic.",
        "Go to the polyclinic with your passport.",
    ):
        assert text in page


def test_check_and_pay_lists_the_channels(client):
    page = text_of(client.get("/kk/information/check-and-pay/"))
    assert "@SaqtandyryBot" in page and "Qoldau 24/7" in page and "«Қазпошта» АҚ" in page


def test_the_footer_lists_the_funds_contact_channels(client):
    page = text_of(client.get("/en/"))
    assert 'href="tel:1406"' in page and 'href="tel:1414"' in page
    assert "@SaqtandyryBot" in page and "Qoldau 24/7" in page
    assert "/en/information/check-and-pay/" in page

"""A citizen checks an insurance status in a real browser, in each language, also by keyboard."""

import random

import pytest
from django.utils import timezone

from msqory.months import month_index, month_start
from status.demo import synthetic_iin
from status.models import Person
from tests.ledger import pay

from .conftest import LANGUAGES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THIS_MONTH = month_index(timezone.localdate())

INSURED = {"kk": "Сақтандырылған", "ru": "Застрахован", "en": "Insured"}
NOT_INSURED = {"kk": "Сақтандырылмаған", "ru": "Не застрахован", "en": "Not insured"}


def person_paying(seed: int, *, months_ago: range) -> Person:
    who = Person.objects.create(iin=synthetic_iin(random.Random(seed)))
    pay(who, [month_start(THIS_MONTH - ago) for ago in months_ago], payer_bin="123456789012")
    return who


def check(page, language: str, iin: str):
    page.goto(f"/{language}/status/")
    page.locator("#id_iin").fill(iin)
    page.locator("main form button[type=submit]").click()
    page.locator("#status-title").wait_for()


def grid(page) -> list[str]:
    """The class of each month of the grid, oldest first: covered, debt, state, not-owed."""
    return [
        cls.split("month-grid__item--")[1].split()[0]
        for cls in page.locator(".month-grid__item").evaluate_all(
            "items => items.map(item => item.className)"
        )
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_insured_person_sees_twelve_paid_months(page, language):
    who = person_paying(1, months_ago=range(1, 25))
    check(page, language, who.iin)
    assert page.locator("#status-title").inner_text().strip() == INSURED[language]
    assert grid(page) == ["covered"] * 12
    assert who.iin not in page.locator("body").inner_text(), "the IIN is not shown"
    assert page.locator("#id_iin").input_value() == "", "the form starts empty again"
    assert page.js_errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_in_the_grace_period_sees_the_unpaid_months_and_the_end_date(page, language):
    who = person_paying(2, months_ago=range(3, 30))
    check(page, language, who.iin)
    assert page.locator("#status-title").inner_text().strip() == INSURED[language]
    assert page.locator(".status-result .tag--yellow").count() == 1
    assert grid(page) == ["covered"] * 10 + ["debt"] * 2
    assert page.locator(".summary-list__row").count() == 2, "amount to pay and end date"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_whose_status_lapsed_is_told_what_to_pay(page, language):
    who = person_paying(3, months_ago=range(5, 30))
    check(page, language, who.iin)
    assert page.locator("#status-title").inner_text().strip() == NOT_INSURED[language]
    assert grid(page) == ["covered"] * 8 + ["debt"] * 4
    assert page.locator(".status-result.panel--error").count() == 1
    page.locator('main a[href$="/contributions/calculator/"]').first.click()
    assert page.url.endswith(f"/{language}/contributions/calculator/")


def test_a_typo_is_explained_and_kept_for_correction(page):
    check_page = page
    check_page.goto("/en/status/")
    check_page.locator("#id_iin").fill("12345")
    check_page.locator("main form button[type=submit]").click()
    summary = check_page.locator(".error-summary")
    summary.wait_for()
    assert "12 digits" in summary.inner_text()
    assert check_page.locator("#id_iin").input_value() == "12345"
    # The summary's link takes the reader to the field.
    summary.locator("a").first.click()
    assert check_page.evaluate("document.activeElement.id") == "id_iin"


def test_the_status_form_works_with_the_keyboard_alone(page):
    who = person_paying(4, months_ago=range(1, 25))
    page.goto("/en/status/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible(), "the skip link shows when focused"
    page.keyboard.press("Enter")
    for _ in range(10):  # from the main content, the IIN box is a few Tabs away at most
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_iin":
            break
    assert page.evaluate("document.activeElement.id") == "id_iin"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused field is visibly marked"
    page.keyboard.type(who.iin)
    page.keyboard.press("Enter")
    page.locator("#status-title").wait_for()
    assert page.locator("#status-title").inner_text().strip() == "Insured"


def test_switching_language_keeps_the_page(page):
    page.goto("/en/status/")
    page.locator('.language-switcher button[value="ru"]').click()
    page.wait_for_url("**/ru/status/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.locator('.language-switcher button[value="kk"]').click()
    page.wait_for_url("**/kk/status/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator('.language-switcher button[value="kk"]').is_disabled()

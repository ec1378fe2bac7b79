"""Working out contributions in a real browser: an employee and an entrepreneur, each language."""

import re

import pytest
from django.test import Client

from .conftest import LANGUAGES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def api_amount(**body) -> str:
    """What the public API answers for the same question (the page must agree)."""
    response = Client().post(
        "/api/v1/contributions/calculate/", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["amount"]


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def calculate(page, language, *, payer_type, period, income=None):
    page.goto(f"/{language}/contributions/calculator/")
    page.locator("#id_payer_type").select_option(payer_type)
    page.locator("#id_period").fill(period)
    if income is not None:
        page.locator("#id_income").fill(income)
    page.locator("main form button[type=submit]").first.click()
    page.locator("#result-title").wait_for()
    return page.locator(".contributions-result tbody td.numeric").first.inner_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_employee_works_out_their_contribution(page, language):
    shown = calculate(page, language, payer_type="employee", period="2025-07", income="470000")
    assert digits(shown) == digits(
        api_amount(payer_type="employee", period="2025-07", income="470000")
    )
    assert digits(shown) == "940000"  # 2 % of 470 000 = 9 400,00 (docs/domain.md's example)
    assert f"/{language}/contributions/calculator/?" in page.url, "the answer has its own address"
    assert page.js_errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_entrepreneur_pays_a_fixed_amount_without_giving_income(page, language):
    shown = calculate(page, language, payer_type="individual_entrepreneur", period="2025-07")
    assert digits(shown) == digits(
        api_amount(payer_type="individual_entrepreneur", period="2025-07")
    )
    assert int(digits(shown)) > 0


def test_switching_language_keeps_the_calculation(page):
    calculate(page, "en", payer_type="employee", period="2025-07", income="470000")
    address = page.url.split("/en/", 1)[1]
    page.locator('.language-switcher button[value="kk"]').click()
    page.wait_for_url("**/kk/contributions/calculator/**")
    assert page.url.split("/kk/", 1)[1] == address
    assert page.locator("html").get_attribute("lang") == "kk"
    assert digits(page.locator(".contributions-result tbody td.numeric").first.inner_text()) == (
        "940000"
    )

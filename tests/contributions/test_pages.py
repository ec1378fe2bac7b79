"""The public calculator, rules and penalty pages, as a citizen or accountant uses them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions.models import BaseRate

pytestmark = pytest.mark.django_db

CALCULATOR = "/{}/contributions/calculator/"


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [
        ("kk", "Қанша төлеу керек", "Есептеу"),
        ("ru", "Сколько платить", "Рассчитать"),
        ("en", "How much to pay", "Calculate"),
    ],
)
def test_the_calculator_speaks_each_language(client, language, heading, button):
    response = client.get(CALCULATOR.format(language))
    assert response.status_code == 200
    assert heading in response.text and button in response.text
    # Scripts only from files (the portal's own enhancements), never inline.
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text)
    assert "style=" not in response.text


@pytest.mark.parametrize(
    ("language", "payer_type", "result_heading"),
    [
        ("kk", "Жұмыс берушінің аударымдары", "2025 ж. шілде: төлеу керек"),
        ("ru", "Отчисления работодателя", "Июль 2025 г.: к оплате"),
        ("en", "Employer deductions", "July 2025: to pay"),
    ],
)
def test_an_employer_works_out_capped_deductions(client, language, payer_type, result_heading):
    response = client.get(
        CALCULATOR.format(language),
        {"payer_type": "employer", "period": "2025-07", "income": "1 200 000"},
    )
    assert response.status_code == 200
    assert result_heading in response.text
    assert payer_type in response.text
    assert "3 % × min(1 200 000; 10 × 85 000) = 25 500,00" in response.text
    assert 'value="1 200 000"' in response.text, "what was typed stays in the form"


def test_an_employee_who_is_also_an_entrepreneur_sees_both_and_the_total(client):
    response = client.get(
        CALCULATOR.format("en"),
        {
            "payer_type": "employee",
            "period": "2025-07",
            "income": "470000",
            "other_payer_type": "individual_entrepreneur",
        },
    )
    assert "2 % × min(470 000; 10 × 85 000) = 9 400,00" in response.text
    assert "5 % × 1,4 × 85 000 = 5 950,00" in response.text
    assert "15,350.00" in response.text  # the total


def test_an_employer_of_a_pensioner_pays_nothing_and_is_told_why(client):
    response = client.get(
        CALCULATOR.format("en"),
        {
            "payer_type": "employer",
            "period": "2025-07",
            "income": "300000",
            "exemption": "pensioner",
        },
    )
    assert "Nothing to pay: Pension recipient." in response.text


@pytest.mark.parametrize(
    ("language", "july"),
    [("kk", "2025 ж. шілде"), ("ru", "Июль 2025"), ("en", "July 2025")],
)
def test_vacation_pay_is_split_by_month(client, language, july):
    response = client.get(
        CALCULATOR.format(language),
        {
            "payer_type": "employee",
            "income": "850000",
            "vacation_start": "2025-07-01",
            "vacation_end": "2025-08-25",
        },
    )
    assert response.status_code == 200
    assert july in response.text
    for figure in (
        "3 % × min(470 535,71; 10 × 85 000) = 14 116,07",
        "= 9 410,71",
        "= 11 383,93",
        "= 7 589,29",
    ):
        assert figure in response.text


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("kk", "Бірыңғай төлем"),
        ("ru", "Единый платёж"),
        ("en", "There is no rule for Unified payment in 07.2025."),
    ],
)
def test_a_month_without_rule_says_so_instead_of_guessing(client, language, message):
    response = client.get(
        CALCULATOR.format(language),
        {"payer_type": "unified_payment", "period": "2025-07", "income": "300000"},
    )
    assert response.status_code == 200
    assert "error-summary" in response.text
    assert message in response.text
    assert 'value="300000"' in response.text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"payer_type": "employee", "period": "2025-07"}, "income", "Enter the income"),
        (
            {"payer_type": "employee", "period": "July", "income": "1"},
            "period",
            "for example 2025-07",
        ),
        (
            {"payer_type": "employee", "period": "2025-07", "income": "-5"},
            "income",
            "cannot be negative",
        ),
        ({"payer_type": "employee", "period": "2025-07", "income": "abc"}, "income", "digits only"),
        ({"payer_type": "", "period": "2025-07"}, "payer_type", "This field is required"),
        (
            {
                "payer_type": "self_payer",
                "income": "1",
                "vacation_start": "2025-07-01",
                "vacation_end": "2025-07-10",
            },
            "payer_type",
            "Vacation pay is split only",
        ),
        (
            {
                "payer_type": "employee",
                "income": "1",
                "vacation_start": "2025-07-10",
                "vacation_end": "2025-07-01",
            },
            "vacation_end",
            "cannot be before the first day",
        ),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_kept(client, params, field, message):
    response = client.get(CALCULATOR.format("en"), params)
    assert response.status_code == 200
    assert message in response.text
    assert f'href="#id_{field}"' in response.text, "the error summary links to the field"
    for value in params.values():
        if value:
            assert (
                f'value="{value}"' in response.text
                or f">{value}<" in response.text
                or (f'value="{value}" selected' in response.text)
            )


def test_the_calculator_works_without_javascript(client):
    html = client.get(CALCULATOR.format("en")).text
    assert 'method="get"' in html and 'type="submit"' in html


@pytest.mark.parametrize(
    ("language", "heading", "mw"),
    [("kk", "2024", "85\xa0000,00"), ("ru", "2024", "85\xa0000,00"), ("en", "2024", "85,000.00")],
)
def test_rules_page_lists_the_year_with_its_minimum_wage(client, language, heading, mw):
    response = client.get(f"/{language}/contributions/rules/", {"year": "2024"})
    assert response.status_code == 200
    assert heading in response.text and mw in response.text
    for amount in ("5\xa0950,00" if language != "en" else "5,950.00",):
        assert amount in response.text


def test_rules_page_shows_that_2025_unified_payment_shares_are_missing(client):
    response = client.get("/en/contributions/rules/", {"year": "2025"})
    assert "MSHI shares not published" in response.text


def test_rules_page_for_a_year_without_rules(client):
    response = client.get("/en/contributions/rules/", {"year": "2016"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text or "2026" in response.text


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_penalty_estimate_page(client, language):
    response = client.get(
        f"/{language}/contributions/penalty/",
        {"period": "2025-03", "arrears": "100000", "paid_on": "2025-06-01"},
    )
    assert response.status_code == 200
    assert "100 000,00 × 1,25 × 16,5 % × 37 / 365 = 2 090,75" in response.text


def test_penalty_page_says_when_nothing_is_owed(client):
    response = client.get(
        "/en/contributions/penalty/",
        {"period": "2025-03", "arrears": "100000", "paid_on": "2025-04-20"},
    )
    assert "No penalty" in response.text and "25.04.2025" in response.text


def test_navigation_links_to_the_calculator(client):
    assert 'href="/en/contributions/calculator/"' in client.get("/en/").text


def test_the_calculator_and_penalty_forms_read_no_rule_from_the_database(client):
    """The rules come from the rule cache: a page of the calculator or the penalty estimate,
    with every field filled in, reads no rule table once the rules are loaded (the page's
    footer still reads the Fund's contact channels, which are content, not rules)."""
    calculation = {
        "payer_type": "employee",
        "period": "2025-07",
        "income": "470000",
        "other_payer_type": "individual_entrepreneur",
        "exemption": "",
    }
    estimate = {"period": "2025-03", "arrears": "100000", "paid_on": "2025-06-01"}
    client.get(CALCULATOR.format("en"), calculation)
    client.get("/en/contributions/penalty/", estimate)
    with CaptureQueriesContext(connection) as queries:
        assert "15,350.00" in client.get(CALCULATOR.format("en"), calculation).text
        assert "= 2 090,75" in client.get("/en/contributions/penalty/", estimate).text
    rule_table = re.compile(r'"((?:contributions|status)_\w+)"')
    rule_tables = {table for query in queries for table in rule_table.findall(query["sql"])}
    assert not rule_tables


def test_a_changed_base_rate_reaches_the_penalty_estimate(client):
    """Penalty rules and base rates are in the rule cache, and a change reloads it."""
    estimate = {"period": "2025-03", "arrears": "100000", "paid_on": "2025-06-01"}
    assert "16,5 %" in client.get("/en/contributions/penalty/", estimate).text
    rate = BaseRate.objects.filter(valid_from__lte="2025-04-26").order_by("-valid_from").first()
    rate.rate = 18
    rate.save()
    assert "× 18 % ×" in client.get("/en/contributions/penalty/", estimate).text

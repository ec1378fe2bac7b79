"""A visitor answers the guide's questions and learns who pays, how much, and what care they get."""

import html

import pytest
from django.test import override_settings

from status.models import Residency

from .conftest import TODAY, months

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(response.content.decode()).replace("\xa0", " ").split())


def ask(client, residency, *situations, language="en"):
    return client.get(
        f"/{language}/guide/", {"residency": residency, "situation": list(situations)}
    )


def test_the_questions_come_first_and_work_without_javascript(client):
    response = client.get("/en/guide/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="get" action="/en/guide/#answer"' in page
    assert 'type="radio" name="residency"' in page
    assert 'type="checkbox" name="situation"' in page
    assert "Who pays for you" not in page


def test_missing_answers_get_clear_errors(client):
    page = text_of(client.get("/en/guide/", {"residency": ""}))
    assert "Choose who you are in Kazakhstan." in page
    assert "Choose at least one situation." in page


# residency → what the answer must say for a person with no income (self-payer situation)
EXPECTED = {
    Residency.CITIZEN: ["Self-payer", "4,250.00 tenge a month", "Identity card", "GVFMC in full"],
    Residency.KANDAS: ["Self-payer", "4,250.00 tenge a month", "Kandas certificate"],
    Residency.REFUGEE: ["Refugee certificate", "GVFMC in full", "You cannot take part in MSHI"],
    Residency.RESIDENCE_PERMIT: ["Self-payer", "4,250.00 tenge a month", "residence permit"],
    Residency.EAEU_LABOUR_MIGRANT: [
        "Self-payer",
        "By a written application at the polyclinic",
        "GVFMC only for diseases dangerous to others and emergencies",
    ],
    Residency.CIS_NO_PERMIT: [
        "You cannot take part in MSHI",
        "Go to the polyclinic with your passport.",
        "GVFMC only for diseases dangerous to others and emergencies",
    ],
    Residency.FOREIGNER_NO_PERMIT: [
        "You cannot take part in MSHI",
        "You cannot attach to a polyclinic.",
        "emergency care if their country has an agreement",
    ],
    "other": [
        "You cannot take part in MSHI",
        "Without a residence permit you cannot attach to a polyclinic",
    ],
}


@pytest.mark.parametrize("residency", list(EXPECTED))
def test_each_residency_gets_its_own_answer(client, residency):
    response = ask(client, residency, "no_income")
    assert response.status_code == 200
    page = text_of(response)
    assert "Your answer for November 2026" in page
    for text in EXPECTED[residency]:
        assert text in page, (residency, text)
    mshi_package = "Medical rehabilitation"
    assert (mshi_package in page) == (residency not in NO_MSHI), residency


NO_MSHI = {Residency.REFUGEE, Residency.CIS_NO_PERMIT, Residency.FOREIGNER_NO_PERMIT, "other"}


@pytest.mark.parametrize("residency", [r for r in EXPECTED if r not in NO_MSHI])
def test_the_state_pays_for_a_pensioner_of_each_residency_that_may_be_state_paid(client, residency):
    page = text_of(ask(client, residency, "pensioner"))
    assert "The state pays for you" in page and "Pension recipients" in page
    assert "Self-payer" not in page


def test_a_teacher_with_a_farm_pays_on_both_incomes(client):
    page = text_of(ask(client, "citizen", "employee", "entrepreneur"))
    assert "3 % of income, at most 102,000.00 tenge a month" in page  # employer, cap 40 MW
    assert "2 % of income, at most 34,000.00 tenge a month" in page  # employee, cap 20 MW
    assert "5,950.00 tenge a month" in page  # 5 % × 1.4 × 85 000
    assert "With several sources of income you pay on each of them." in page
    assert "You are not in a state-paid category." in page


def test_an_employer_pays_nothing_for_a_working_pensioner(client):
    page = text_of(ask(client, "citizen", "pensioner", "employee"))
    assert "Nothing: not charged (Pension recipient)." in page
    assert "The state pays for you" in page


def test_a_registered_unemployed_person_is_paid_for_by_the_state(client):
    page = text_of(ask(client, "citizen", "registered_unemployed"))
    assert "Unemployed registered at an employment centre" in page
    assert "Self-payer" not in page


def test_working_ends_a_non_working_category(client):
    page = text_of(ask(client, "citizen", "pregnant", "employee"))
    assert "Non-working pregnant women" not in page
    assert "You are not in a state-paid category." in page


def test_servicemen_are_exempt(client):
    page = text_of(ask(client, "citizen", "service"))
    assert "You are exempt" in page and "Self-payer" not in page


def test_the_guide_speaks_kazakh_and_russian(client):
    page = text_of(ask(client, "citizen", "no_income", language="ru"))
    assert "Самостоятельный плательщик" in page and "4 250,00" in page
    page = text_of(ask(client, "kandas", "no_income", language="kk"))
    assert "Дербес төлеуші" in page and "Қандас куәлігі" in page


def test_with_an_iin_the_guide_shows_the_current_status_without_putting_it_in_the_address(
    client, make_person
):
    person = make_person(paid_months=months(TODAY.replace(year=2025, day=1), 12))
    response = client.post(
        "/en/guide/",
        {"residency": "citizen", "situation": ["no_income"], "iin": person.iin},
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Insured" in page and "The past 12 months are paid" in page
    assert "4,250.00 tenge a month" in page  # the answer is still there
    assert person.iin not in response.request["PATH_INFO"] and not response.request.get(
        "QUERY_STRING"
    )


def test_an_iin_in_debt_shows_the_amount_to_restore(client, make_person):
    person = make_person(paid_months=months(TODAY.replace(year=2025, month=11, day=1), 9))
    page = text_of(
        client.post(
            "/en/guide/", {"residency": "citizen", "situation": ["no_income"], "iin": person.iin}
        )
    )
    assert "Not insured" in page and "3 unpaid months: 12,750.00 tenge." in page


def test_an_unknown_iin_is_told_so(client):
    import random

    from status.demo import synthetic_iin

    page = text_of(
        client.post(
            "/en/guide/",
            {
                "residency": "citizen",
                "situation": ["student"],
                "iin": synthetic_iin(random.Random(7)),
            },
        )
    )
    assert "The Fund has no records for this IIN." in page
    assert "Full-time students" in page


def test_a_mistyped_iin_gets_an_error_and_keeps_the_answers(client):
    page = text_of(
        client.post(
            "/en/guide/", {"residency": "kandas", "situation": ["no_income"], "iin": "12345"}
        )
    )
    assert "There is a problem" in page
    assert 'name="iin"' in page and "Kandas certificate" in page


@override_settings(LOOKUP_RATE_LIMIT="2/min")
def test_iin_lookups_are_rate_limited(client, make_person):
    person = make_person()
    data = {"residency": "citizen", "situation": ["no_income"], "iin": person.iin}
    assert client.post("/en/guide/", data).status_code == 200
    assert client.post("/en/guide/", data).status_code == 200
    response = client.post("/en/guide/", data)
    assert response.status_code == 429 and response["Retry-After"]
    # Answering the questions (GET) is never limited.
    assert ask(client, "citizen", "no_income").status_code == 200


@pytest.mark.parametrize(
    ("language", "heading", "line"),
    [
        ("kk", "Сіз үшін кім төлейді", "айына 4 250,00 теңге"),
        ("ru", "Кто за вас платит", "4 250,00 тенге в месяц"),
        ("en", "Who pays for you", "4,250.00 tenge a month"),
    ],
)
def test_the_guide_is_worded_in_each_language(client, language, heading, line):
    page = text_of(ask(client, "citizen", "no_income", language=language))
    assert heading in page and line in page


def test_without_a_status_rule_the_guide_says_so_and_keeps_the_answers(client, make_person):
    from status.models import StatusRule

    person = make_person(paid_months=months(TODAY.replace(year=2025, day=1), 12))
    StatusRule.objects.all().delete()  # the rule cache forgets them as the rows go
    page = text_of(
        client.post(
            "/en/guide/", {"residency": "citizen", "situation": ["no_income"], "iin": person.iin}
        )
    )
    assert "The status cannot be worked out at the moment: There is no status rule for" in page
    assert "4,250.00 tenge a month" in page  # the guide's own answer is still there

"""POST /api/v1/contributions/calculate/ and /vacation/, as an accounting program uses them."""

import pytest

pytestmark = pytest.mark.django_db

CALCULATE = "/api/v1/contributions/calculate/"
VACATION = "/api/v1/contributions/vacation/"


def post(client, url, body, language="en"):
    return client.post(
        url, body, content_type="application/json", headers={"accept-language": language}
    )


def test_employee_contribution(client):
    response = post(
        client, CALCULATE, {"payer_type": "employee", "period": "2025-07", "income": "470000"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "payer_type": "employee",
        "period": "2025-07",
        "base": "470000.00",
        "rate": "2",
        "cap": "850000.00",
        "cap_applied": False,
        "amount": "9400.00",
        "mw": "85000.00",
        "explanation": "2 % × min(470 000; 10 × 85 000) = 9 400,00",
    }


def test_capped_employer_deductions(client):
    body = post(
        client, CALCULATE, {"payer_type": "employer", "period": "2025-07", "income": 1200000}
    ).json()
    assert body["amount"] == "25500.00" and body["cap_applied"] is True
    assert body["explanation"] == "3 % × min(1 200 000; 10 × 85 000) = 25 500,00"


def test_fixed_amounts_need_no_income(client):
    body = post(client, CALCULATE, {"payer_type": "self_payer", "period": "2024-03"}).json()
    assert body["amount"] == "4250.00" and body["cap"] is None


def test_unified_payment_gives_the_two_mshi_shares(client):
    body = post(
        client,
        CALCULATE,
        {"payer_type": "unified_payment", "period": "2024-07", "income": "300000"},
    ).json()
    assert body["unified_payment"] == "64500.00"
    assert body["employer_share"] == "8997.75"
    assert body["employee_share"] == "5998.50"
    assert body["amount"] == "14996.25"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"payer_type": "boss", "period": "2025-07", "income": "1"}, "invalid_payer_type"),
        ({"payer_type": "employee", "period": "2025/07/01", "income": "1"}, "invalid_period"),
        ({"payer_type": "employee", "period": "2025-13", "income": "1"}, "invalid_period"),
        ({"payer_type": "employee", "period": "2025-07"}, "income_required"),
        ({"payer_type": "employee", "period": "2025-07", "income": "-1"}, "negative_income"),
        ({"payer_type": "employee", "period": "2025-07", "income": "lots"}, "invalid_amount"),
        ({"payer_type": "employee", "period": "2019-07", "income": "1"}, "no_rule"),
        ({"payer_type": "unified_payment", "period": "2025-07", "income": "1"}, "no_rule"),
        ({"period": "2025-07", "income": "1"}, "required"),
    ],
)
def test_errors_have_a_code_and_a_message(client, body, code):
    response = post(client, CALCULATE, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("kk", "Бірыңғай төлем"),
        ("ru", "Единый платёж"),
        ("en", "There is no rule for Unified payment in 07.2025."),
    ],
)
def test_no_rule_message_is_in_the_requests_language(client, language, message):
    response = post(
        client,
        CALCULATE,
        {"payer_type": "unified_payment", "period": "2025-07", "income": "1"},
        language,
    )
    assert message in response.json()["error"]["message"]


def test_vacation_split_of_the_brochure_example(client):
    response = post(
        client, VACATION, {"start": "2025-07-01", "end": "2025-08-25", "amount": "850000"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [
        {k: m[k] for k in ("period", "days", "income", "employer", "employee")}
        for m in body["months"]
    ] == [
        {
            "period": "2025-07",
            "days": 31,
            "income": "470535.71",
            "employer": "14116.07",
            "employee": "9410.71",
        },
        {
            "period": "2025-08",
            "days": 25,
            "income": "379464.29",
            "employer": "11383.93",
            "employee": "7589.29",
        },
    ]
    assert body["total"] == {
        "days": 56,
        "income": "850000.00",
        "employer": "25500.00",
        "employee": "17000.00",
    }


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"start": "2025-07-10", "end": "2025-07-01", "amount": "1"}, "invalid_dates"),
        ({"start": "10.07.2025", "end": "2025-07-11", "amount": "1"}, "invalid_date"),
        ({"start": "2025-07-01", "end": "2025-07-11", "amount": "-1"}, "negative_income"),
        ({"start": "2026-12-20", "end": "2027-01-10", "amount": "1"}, "no_rule"),
        # the last day a date can be: no month follows it to step to
        ({"start": "9999-12-20", "end": "9999-12-31", "amount": "1"}, "no_rule"),
    ],
)
def test_vacation_errors(client, body, code):
    response = post(client, VACATION, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_the_schema_documents_both_endpoints(client):
    response = client.get("/api/schema/", headers={"accept": "application/json"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/contributions/calculate/" in text and "/api/v1/contributions/vacation/" in text
    assert "employer_share" in text


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("kk", "Айды жыл мен ай нөмірі ретінде енгізіңіз"),
        ("ru", "Введите месяц как год и номер месяца"),
        ("en", "Enter a month as a year and month number"),
    ],
)
def test_validation_messages_are_in_the_requests_language(client, language, message):
    response = post(client, CALCULATE, {"payer_type": "employee", "period": "июль"}, language)
    assert response.json()["error"]["code"] == "invalid_period"
    assert message in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-07-10", "2025-07-01", "The last day cannot be before the first day"),
        ("2025-01-01", "2026-01-03", "A vacation cannot be longer than a year"),
    ],
)
def test_the_api_and_the_calculator_page_refuse_the_same_vacation_dates_alike(
    client, start, end, message
):
    body = post(client, VACATION, {"start": start, "end": end, "amount": "100000"}).json()
    assert body["error"]["code"] == "invalid_dates"
    assert message in str(body["error"])
    page = client.get(
        "/en/contributions/calculator/",
        {
            "payer_type": "employer",
            "income": "100000",
            "vacation_start": start,
            "vacation_end": end,
        },
    )
    assert message in page.text

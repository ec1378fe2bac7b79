"""The public status check, page and API, as citizens use it (kk/ru/en)."""

import datetime
import random
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from msqory.months import month_index, month_start
from status.demo import synthetic_iin
from status.models import Category, CategoryMembership, Payment, Person, StatusSnapshot

pytestmark = pytest.mark.django_db

THIS_MONTH = month_index(timezone.localdate())


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def person(seed=1, **kwargs) -> Person:
    return Person.objects.create(iin=synthetic_iin(random.Random(seed)), **kwargs)


def pay(who: Person, *, months_ago: range, payer_type="employer") -> None:
    for ago in months_ago:
        period = month_start(THIS_MONTH - ago)
        Payment.objects.create(
            person=who,
            period=period,
            payer_type_id=payer_type,
            amount=Decimal("25500.00"),
            paid_on=period,
            payer_bin="123456789012",
            reference=f"{who.iin}-{payer_type}-{ago}",
        )


def steady_employee() -> Person:
    who = person(1, last_name="Сейітов", first_name="Асқар")
    pay(who, months_ago=range(1, 25))
    return who


def lookup(client, language: str, iin: str):
    return client.post(f"/{language}/status/", {"iin": iin})


@pytest.mark.parametrize(
    ("language", "insured", "reason"),
    [
        ("en", "Insured", "Contributions were paid for each of the last 12 months"),
        ("ru", "Застрахован", "Взносы уплачены за каждый из последних 12 месяцев"),
        ("kk", "Сақтандырылған", "Соңғы 12 айдың әрқайсысы үшін жарналар төленген"),
    ],
)
def test_steady_employee_learns_they_are_insured_in_their_language(
    client, language, insured, reason
):
    who = steady_employee()
    page = lookup(client, language, who.iin)
    assert page.status_code == 200
    html = page.text
    assert insured in html and reason in html
    assert html.count("month-grid__item--covered") == 12
    # No name, amount or employer of any payment is shown to the public.
    assert "Сейітов" not in html and "25" + "500" not in html and "123456789012" not in html
    # The IIN is not echoed back into the page: it goes back only in the certificate form's
    # hidden field (certificates app), so that the person need not type it again.
    assert html.replace(f'name="iin" value="{who.iin}"', "").count(who.iin) == 0


def test_the_iin_never_travels_in_a_url(client):
    html = client.get("/en/status/").text
    assert 'method="post"' in html and 'action="/en/status/"' in html
    who = steady_employee()
    assert client.get(f"/en/status/?iin={who.iin}").text.count("month-grid") == 0


def test_person_in_grace_sees_the_debt_amount_and_the_date_the_status_ends(client):
    who = person(2)
    pay(who, months_ago=range(3, 30))  # the last two months unpaid
    html = lookup(client, "en", who.iin).text
    assert "Grace period" in html
    assert html.count("month-grid__item--debt") == 2
    assert "Amount to pay as a self-payer" in html
    lapse = month_start(THIS_MONTH + 1)
    assert "Status lost on" in html
    assert f"{lapse:%Y}" in html
    assert "Work out how much to pay" in html or "Pay the unpaid months" in html


def test_person_with_debt_is_told_what_to_do(client):
    who = person(3)
    pay(who, months_ago=range(5, 30))
    html = lookup(client, "ru", who.iin).text
    assert "Не застрахован" in html
    assert html.count("month-grid__item--debt") == 4
    assert "Только гарантированный объём бесплатной медицинской помощи" in html


def test_unknown_valid_iin_has_no_payments(client):
    iin = synthetic_iin(random.Random(99))
    html = lookup(client, "kk", iin).text
    assert "Сақтандырылмаған" in html
    assert "month-grid__item--debt" in html
    assert not Person.objects.filter(iin=iin).exists(), "a lookup creates nobody"


def test_typo_in_the_iin_is_explained_next_to_the_field(client):
    page = lookup(client, "en", "12345")
    assert page.status_code == 200
    assert "An IIN has exactly 12 digits; this one has 5 characters." in page.text
    assert "error-summary" in page.text and 'value="12345"' in page.text


def test_pensioner_is_insured_by_the_state(client):
    who = person(4)
    CategoryMembership.objects.create(
        person=who, category=Category.objects.get(code="pensioner"), start=datetime.date(2020, 1, 1)
    )
    html = lookup(client, "en", who.iin).text
    assert "The state pays your contributions" in html
    assert html.count("month-grid__item--state") == 12


def test_page_lookups_are_rate_limited(client, settings):
    settings.LOOKUP_RATE_LIMIT = "3/min"
    iin = synthetic_iin(random.Random(5))
    for _ in range(3):
        assert lookup(client, "en", iin).status_code == 200
    page = lookup(client, "ru", iin)
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0
    assert "Слишком много запросов" in page.text
    assert client.get("/en/status/").status_code == 200, "showing the form is not a lookup"


# --- API -------------------------------------------------------------------------------------


def api(client, body, **headers):
    return client.post("/api/v1/status/", body, content_type="application/json", headers=headers)


def test_api_answers_with_the_documented_shape(client):
    who = steady_employee()
    response = api(client, {"iin": who.iin})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "iin",
        "status",
        "reason",
        "as_of",
        "months",
        "debt_months",
        "debt_amount",
        "debt_amount_complete",
        "debt_periods_without_amount",
        "lapses_on",
        "care",
    }
    assert body["status"] == "insured" and body["reason"] == "paid_12_past_months"
    assert body["care"] == "mshi" and body["debt_amount"] == "0.00" and body["lapses_on"] is None
    assert [m["period"] for m in body["months"]] == [
        f"{month_start(THIS_MONTH - ago):%Y-%m}" for ago in range(12, 0, -1)
    ]
    assert body["months"][0] == {
        "period": body["months"][0]["period"],
        "covered": True,
        "payer_types": ["employer"],
    }


def test_api_debt_months_oldest_first_with_each_years_amount(client):
    who = person(6)
    pay(who, months_ago=range(4, 30), payer_type="self_payer")
    body = api(client, {"iin": who.iin}).json()
    assert body["status"] == "not_insured" and body["reason"] == "debt"
    assert body["debt_months"] == [f"{month_start(THIS_MONTH - a):%Y-%m}" for a in (3, 2, 1)]
    assert Decimal(body["debt_amount"]) > 0
    assert body["care"] == "gvfmc"


@pytest.fixture
def this_years_amount_unpublished():
    """The Fund has not entered this year's minimum wage: no self-payer amount for its months."""
    from contributions.models import MinimumWage

    MinimumWage.objects.filter(year=timezone.localdate().year).delete()


def test_a_status_needs_no_amount_it_does_not_use(client, this_years_amount_unpublished):
    body = api(client, {"iin": steady_employee().iin}).json()
    assert (body["status"], body["reason"]) == ("insured", "paid_12_past_months")
    assert body["debt_amount_complete"] is True and body["debt_periods_without_amount"] == []


def test_api_gives_the_known_part_of_a_debt_and_the_months_without_amount(
    client, this_years_amount_unpublished
):
    who = person(13)
    pay(who, months_ago=range(13, 30))
    body = api(client, {"iin": who.iin}).json()
    this_year = timezone.localdate().year
    unpublished = [
        f"{month_start(THIS_MONTH - a):%Y-%m}"
        for a in range(12, 0, -1)
        if month_start(THIS_MONTH - a).year == this_year
    ]
    assert body["status"] == "not_insured" and len(body["debt_months"]) == 12
    assert body["debt_amount_complete"] is False
    assert body["debt_periods_without_amount"] == unpublished
    assert Decimal(body["debt_amount"]) == Decimal("4250.00") * (12 - len(unpublished))


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "has not published the self-payer amount"),
        ("ru", "ещё не опубликовал сумму самостоятельного плательщика"),
        ("kk", "дербес төлеушінің сомасын әлі жарияламаған"),
    ],
)
def test_the_page_says_which_months_have_no_amount_yet(
    client, this_years_amount_unpublished, language, said
):
    who = person(14)
    pay(who, months_ago=range(13, 30))
    html = lookup(client, language, who.iin).text
    assert said in html
    assert html.count("month-grid__item--debt") == 12


def test_api_unknown_iin_is_not_insured_without_payments(client):
    body = api(client, {"iin": synthetic_iin(random.Random(7))}).json()
    assert (body["status"], body["reason"]) == ("not_insured", "no_payments")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The IIN's check digit does not match"),
        ("ru", "Контрольная цифра ИИН не сходится"),
        ("kk", "ЖСН-нің бақылау цифры сәйкес келмейді"),
    ],
)
def test_api_invalid_iin_is_400_in_the_readers_language(client, language, message):
    iin = synthetic_iin(random.Random(8))
    wrong = iin[:11] + str((int(iin[11]) + 1) % 10)
    response = api(client, {"iin": wrong}, accept_language=language)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_iin"
    assert message in error["message"]


def test_api_uses_a_fresh_snapshot_and_recomputes_a_stale_one(client):
    who = steady_employee()
    assert api(client, {"iin": who.iin}).json()["status"] == "insured"
    snapshot = StatusSnapshot.objects.get(person=who)
    # A refund after the snapshot makes it stale: the answer is computed afresh.
    from status.services import mark_payments_refunded

    mark_payments_refunded(payments=list(Payment.objects.filter(person=who)), note="test")
    body = api(client, {"iin": who.iin}).json()
    assert (body["status"], body["reason"]) == ("not_insured", "no_payments")
    assert StatusSnapshot.objects.get(person=who).computed_at > snapshot.computed_at


def test_api_reads_a_current_snapshot_without_recomputing(client):
    who = steady_employee()
    api(client, {"iin": who.iin})
    StatusSnapshot.objects.filter(person=who).update(status="exempt", reason="exempt_category")
    assert api(client, {"iin": who.iin}).json()["status"] == "exempt", "the snapshot is used"
    StatusSnapshot.objects.filter(person=who).update(month=datetime.date(2020, 1, 1))
    assert api(client, {"iin": who.iin}).json()["status"] == "insured", "last month's is stale"


def test_api_is_rate_limited_with_retry_after(client, settings):
    settings.LOOKUP_RATE_LIMIT = "2/min"
    iin = synthetic_iin(random.Random(9))
    assert api(client, {"iin": iin}).status_code == 200
    assert api(client, {"iin": iin}).status_code == 200
    response = api(client, {"iin": iin}, accept_language="kk")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "rate_limited"


def test_api_is_in_the_schema(client):
    schema = client.get("/api/schema/").text
    assert "/api/v1/status/" in schema
    assert "debt_amount_complete" in schema and "debt_periods_without_amount" in schema


@pytest.fixture
def no_status_rule():
    """The Fund has not published the status rules: none in the table (the rule cache forgets
    them as the rows go)."""
    from status.models import StatusRule

    StatusRule.objects.all().delete()


def test_without_a_status_rule_the_page_says_so_and_keeps_the_iin(client, no_status_rule):
    who = person(11)
    pay(who, months_ago=range(1, 13))
    page = lookup(client, "en", who.iin)
    assert page.status_code == 503
    assert "The status cannot be worked out at the moment: There is no status rule for" in (
        page.text
    )
    assert f'value="{who.iin}"' in page.text, "the IIN is there to try again"


def test_without_a_status_rule_the_api_answers_no_rule_in_the_readers_language(
    client, no_status_rule
):
    response = api(client, {"iin": synthetic_iin(random.Random(12))}, accept_language="ru")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "no_rule"
    assert error["message"].startswith("Нет правила статуса для ")


@pytest.mark.parametrize(
    ("language", "seconds", "said"),
    [
        ("en", 1, "in 1 second."),
        ("en", 30, "in 30 seconds."),
        ("ru", 1, "через 1 секунду."),
        ("ru", 2, "через 2 секунды."),
        ("ru", 45, "через 45 секунд."),
    ],
)
def test_the_wait_is_said_with_the_numbers_plural(language, seconds, said):
    from django.utils import translation

    from msqory.ratelimit import wait_message

    with translation.override(language):
        assert wait_message(seconds).endswith(said)

"""What the status page tells people (issue 20, people 1, 6 and 10): the months paid in advance
that give a prepaid status, dates with their case endings, the IIN repeated masked, the result
kept across a language switch."""

import datetime
import html
import re

import pytest
from django.utils import timezone, translation

from msqory.dates import date_in, month_in
from msqory.months import month_start
from status.models import Category, CategoryMembership

from .test_check import THIS_MONTH, lookup, pay, person

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def prepaid_with_old_debt():
    """Paid 12 months from this one onward; nothing in the past year: insured, with debt."""
    who = person(40)
    pay(who, months_ago=range(-11, 1), payer_type="self_payer")
    return who


@pytest.mark.parametrize(
    ("language", "heading", "debt_note"),
    [
        ("kk", "Алдын ала төленген айлар", "мәртебеңізді тоқтатпайды"),
        ("ru", "Месяцы, оплаченные вперёд", "не лишают вас статуса"),
        ("en", "Months paid in advance", "do not end your status"),
    ],
)
def test_a_prepaid_person_sees_the_months_that_give_the_status(
    client, language, heading, debt_note
):
    who = prepaid_with_old_debt()
    page = lookup(client, language, who.iin)
    assert page.status_code == 200
    assert page.text.count("month-grid__item--debt") == 12, "the past year is unpaid"
    prepaid = page.text.split('id="prepaid"')[1].split("</section>")[0]
    assert prepaid.count("month-grid__item--covered") == 12
    assert heading in prepaid and debt_note in page.text
    with translation.override(language):
        first = month_in(month_start(THIS_MONTH), "ablative")
        last = month_in(month_start(THIS_MONTH + 11), "dative")
    assert f"{first}" in text_of(page) and f"{last}" in text_of(page)


def test_a_prepaid_status_without_debt_says_nothing_about_debt(client):
    who = person(41)
    pay(who, months_ago=range(-11, 13), payer_type="self_payer")
    page = lookup(client, "en", who.iin).text
    assert 'id="prepaid"' not in page, "insured by the past year: no prepaid block"


def test_the_kazakh_grace_sentence_puts_the_date_in_the_locative(client):
    who = person(42)
    pay(who, months_ago=range(3, 30))
    page = text_of(lookup(client, "kk", who.iin))
    lapses = month_start(THIS_MONTH + 1)
    with translation.override("kk"):
        assert f"{date_in(lapses, 'locative')} мәртебеңізден айырыласыз" in page
        assert f"{date_in(timezone.localdate(), 'attributive')} жағдай бойынша" in page


def test_russian_dates_have_no_double_stop(client):
    who = person(43)
    pay(who, months_ago=range(3, 30))
    page = text_of(lookup(client, "ru", who.iin))
    assert "г.." not in page
    assert re.search(r"По состоянию на \d+ [а-я]+я \d{4} г\.", page), "genitive month"


def test_when_no_month_of_the_year_is_paid_the_page_says_none(client):
    who = person(44)
    pay(who, months_ago=range(13, 30))
    page = lookup(client, "en", who.iin).text
    assert "None of the last 12 months is paid" in page
    assert "Some of the last 12 months" not in page


def test_the_state_is_named_once_per_month(client):
    who = person(45)
    CategoryMembership.objects.create(
        person=who, category=Category.objects.get(code="pensioner"), start=datetime.date(2020, 1, 1)
    )
    pay(who, months_ago=range(1, 13), payer_type="state")
    page = text_of(lookup(client, "kk", who.iin))
    assert "мемлекет: Мемлекет" not in page
    assert page.count("Төленген: мемлекет") == 12


def test_the_page_does_not_promise_to_show_no_amounts_and_then_show_one(client):
    who = person(46)
    pay(who, months_ago=range(3, 30))
    page = lookup(client, "en", who.iin).text
    assert "never names or amounts" not in page
    assert "what is still to pay: never names or the amounts paid" in page


def test_the_checked_iin_is_repeated_masked(client):
    who = person(47)
    pay(who, months_ago=range(1, 25))
    page = lookup(client, "en", who.iin).text
    assert f"For IIN {who.iin[:2]}********{who.iin[-2:]}" in page
    assert who.iin not in page


def test_an_iin_typed_with_a_space_is_checked(client):
    who = person(48)
    pay(who, months_ago=range(1, 25))
    page = lookup(client, "en", f"{who.iin[:6]} {who.iin[6:]}")
    assert page.status_code == 200
    assert "Contributions were paid for each of the last 12 months" in page.text


def test_switching_the_language_keeps_the_result(client):
    who = person(49)
    pay(who, months_ago=range(1, 25))
    page = lookup(client, "kk", who.iin).text
    following = html.unescape(re.search(r'name="next" type="hidden" value="([^"]+)"', page)[1])
    assert following.startswith("/kk/status/?result=") and who.iin not in following
    switched = client.post("/kk/i18n/setlang/", {"language": "ru", "next": following}, follow=True)
    assert switched.status_code == 200
    assert "Взносы уплачены за каждый из последних 12 месяцев" in switched.text
    assert switched.redirect_chain[-1][0].startswith("/ru/status/?result=")
    # The forms under the result come along: the certificate and the warnings.
    assert 'action="/ru/status/certificate/"' in switched.text
    assert 'id="subscribe-checked"' in switched.text


def test_another_browser_cannot_reopen_a_result(client):
    from django.test import Client

    who = person(50)
    pay(who, months_ago=range(1, 25))
    page = lookup(client, "en", who.iin).text
    following = html.unescape(re.search(r'name="next" type="hidden" value="([^"]+)"', page)[1])
    other = Client().get(following)
    assert other.status_code == 200 and "status-title" not in other.text

"""The "how to pay it right" block on the status page: each unpaid month with its period code
and its own year's amount, the total, and the advice, from the status the page shows."""

import datetime
import re

import pytest
from django.utils import timezone

from msqory.months import month_index, month_start
from notifications.selectors import how_to_pay
from status.selectors import compute_person_status

pytestmark = pytest.mark.django_db

THIS_MONTH = month_index(timezone.localdate())


def ago(n: int) -> datetime.date:
    return month_start(THIS_MONTH - n)


def block(html: str) -> str:
    found = re.search(r'<section class="how-to-pay".*?</section>', html, re.S)
    return found[0] if found else ""


def rows(html: str) -> list[tuple[str, str]]:
    """(period code, amount) of each line of the block's table."""
    return re.findall(r"<td><strong>(\d{6})</strong></td><td>([\d\s,.\xa0]+)</td>", block(html))


def test_a_person_in_grace_sees_each_unpaid_month_with_its_code_and_amount(
    client, make_person, settings
):
    settings.PAYMENT_SHOWS_AFTER_WORKING_DAYS = 5
    person = make_person(first=ago(14), last=ago(3))  # the last two months unpaid
    html = client.post("/en/status/", {"iin": person.iin}).text
    assert "Grace period" in html
    assert rows(html) == [(f"{ago(2):%m%Y}", "4,250.00"), (f"{ago(1):%m%Y}", "4,250.00")]
    text = block(html)
    assert "<strong>8,500.00</strong>" in text, "the total"
    assert "Each payment names the IIN and its period" in text
    assert "A payment shows in the status after 5 working days." in text
    assert "12 coming months in advance" not in text


def test_someone_with_old_debt_learns_that_prepaying_restores_the_status(client, make_person):
    person = make_person(first=ago(30), last=ago(8))
    html = client.post("/ru/status/", {"iin": person.iin}).text
    assert "Не застрахован" in html
    assert len(rows(html)) == 7
    assert "Оплата 12 предстоящих месяцев вперёд" in block(html)


def test_nothing_unpaid_no_block(client, make_person):
    person = make_person(first=ago(12), last=ago(1))
    html = client.post("/kk/status/", {"iin": person.iin}).text
    assert block(html) == ""


def test_the_amount_is_each_months_own_year(client, make_person):
    """Unpaid months across a change of the self-payer amount (3 500 in 2023, 4 250 in 2024)."""
    person = make_person(first=datetime.date(2022, 1, 1), last=datetime.date(2023, 10, 1))
    result = compute_person_status(person=person, on=datetime.date(2024, 2, 10))
    lines = how_to_pay(result=result).lines
    assert [(line.code, line.amount) for line in lines] == [
        ("112023", 3500),
        ("122023", 3500),
        ("012024", 4250),
    ]
    assert how_to_pay(result=result).total == 11250
    assert [line.period for line in lines] == result.debt_months

"""Texts name the numbers of the rule tables, never a copy: change a row, the text follows."""

import datetime
import random
from decimal import Decimal

import pytest

from contributions import rulecache
from contributions.models import PenaltyRule
from information.models import Channel
from msqory.months import month_index, month_start
from status.demo import synthetic_iin
from status.models import Payment, Person, StatusRule

pytestmark = pytest.mark.django_db


def test_the_payment_due_day_is_the_penalty_rules(client):
    PenaltyRule.objects.update(due_day=20)
    guide = client.get("/en/guide/", {"residency": "citizen", "situation": ["no_income"]}).text
    assert "You pay it yourself, every month, by day 20 of the next month." in guide
    assert "25th" not in guide
    assert (
        "each month is due by day 20 of the next month"
        in client.get("/en/information/who-pays/").text
    )
    assert "айдың 20-күнінен кешіктірілмей" in client.get("/kk/information/who-pays/").text
    assert "не позднее 20-го числа" in client.get("/ru/information/who-pays/").text


@pytest.fixture
def six_month_window():
    # Saved row by row, as the admin does: the rule cache and the snapshots follow the change.
    # The nightly SQL job takes one window for all rules: every row gets the same one.
    for rule in StatusRule.objects.all():
        rule.window_months = 6
        rule.grace_months = 2
        rule.extended_grace_months = None
        rule.extended_grace_after_months = None
        rule.save()
    yield
    rulecache.forget()  # the rows are rolled back without signals: drop the copy of them


def test_the_status_texts_name_the_status_rules_window(client, six_month_window):
    page = client.get("/en/status/").text
    assert "which of the last 6 months are paid" in page
    person = Person.objects.create(iin=synthetic_iin(random.Random(5)))
    this_month = month_index(datetime.date.today())
    for ago in range(1, 7):
        period = month_start(this_month - ago)
        Payment.objects.create(
            person=person,
            period=period,
            payer_type_id="self_payer",
            amount=Decimal("4250.00"),
            paid_on=period,
            reference=f"window-{ago}",
        )
    result = client.post("/en/status/", {"iin": person.iin}).text
    assert "The past 6 months are paid" in result
    assert "Contributions were paid for each of the last 6 months" in result
    assert "The last 6 months" in result
    assert "12 months" not in result
    russian = client.post("/ru/status/", {"iin": person.iin}).text
    assert "Оплачены последние 6 месяцев" in russian


def test_the_call_centre_is_the_contact_channels(client):
    names = {f"name{suffix}": "Call centre 1400" for suffix in ("", "_kk", "_ru", "_en")}
    Channel.objects.filter(url="tel:1406").update(url="tel:1400", **names)
    footer = client.get("/en/").text
    assert 'href="tel:1400"' in footer and 'href="tel:1414"' in footer
    categories = client.get("/en/information/categories/").text
    assert "or call the Fund on 1400." in categories
    person = Person.objects.create(iin=synthetic_iin(random.Random(6)))
    check = client.post("/en/status/", {"iin": person.iin}).text
    assert "Questions: call centre 1400." in check
    for page in (footer, categories, check):
        assert "1406" not in page

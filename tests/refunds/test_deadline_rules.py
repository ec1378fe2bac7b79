"""The deadline table cannot hold contradictions: one rule a kind a day, numbers within range."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from refunds.models import DeadlineRule

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/refunds/deadlinerule/"


def rule_form(**fields):
    data = {
        "kind": "refund",
        "valid_from": "2027-01-01",
        "valid_to": "",
        "review_working_days": "10",
        "confirmation_working_days": "3",
    }
    data.update(fields)
    return data


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an exclusion constraint")
def test_the_database_refuses_two_rules_of_a_kind_on_one_day():
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineRule.objects.create(
            kind="refund", valid_from=datetime.date(2027, 1, 1), review_working_days=10
        )
    # the other kind is independent, and a rule after the current one ends is fine
    DeadlineRule.objects.filter(kind="cancellation").update(valid_to="2026-12-31")
    DeadlineRule.objects.create(
        kind="cancellation", valid_from=datetime.date(2027, 1, 1), review_working_days=10
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"valid_to": datetime.date(2026, 12, 31)},
        {"review_working_days": 0},
        {"review_working_days": 251},
        {"confirmation_working_days": 0},
        {"confirmation_working_days": 11},
    ],
)
def test_the_database_refuses_numbers_out_of_range(fields):
    DeadlineRule.objects.filter(kind="refund").update(valid_to="2026-12-31")
    values = {"kind": "refund", "valid_from": datetime.date(2027, 1, 1), "review_working_days": 10}
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineRule.objects.create(**(values | fields))


def test_staff_are_told_which_rule_a_new_one_overlaps(staff_client):
    response = staff_client.post(ADMIN + "add/", rule_form())
    assert response.status_code == 200
    assert "overlaps the deadline rule for “Refund of wrongly paid money”" in response.text
    assert 'value="10"' in response.text, "what was typed is kept"
    assert not DeadlineRule.objects.filter(valid_from="2027-01-01").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"valid_to": "2026-12-31"}, "The end cannot be before the start."),
        ({"review_working_days": "400"}, "Enter from 1 to 250 working days."),
        ({"confirmation_working_days": "12"}, "no more than the days for the decision"),
    ],
)
def test_staff_see_a_number_out_of_range_beside_the_field(staff_client, fields, message):
    DeadlineRule.objects.filter(kind="refund").update(valid_to="2026-12-31")
    response = staff_client.post(ADMIN + "add/", rule_form(**fields))
    assert response.status_code == 200
    assert message in response.text
    assert not DeadlineRule.objects.filter(valid_from="2027-01-01").exists()

"""The status rule table cannot hold contradictions: no overlap, numbers within range."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from status.models import StatusRule

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/status/statusrule/"


def rule_form(**fields):
    data = {
        "valid_from": "2027-01-01",
        "valid_to": "",
        "window_months": "12",
        "grace_months": "3",
        "extended_grace_months": "6",
        "extended_grace_after_months": "60",
        "note": "draft",
    }
    data.update(fields)
    return data


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an exclusion constraint")
def test_the_database_refuses_two_rules_for_one_month():
    # The rule from 2026-01 has no end: a rule from 2027-01 would overlap it.
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusRule.objects.create(
            valid_from=datetime.date(2027, 1, 1), window_months=12, grace_months=3
        )
    StatusRule.objects.filter(valid_from="2026-01-01").update(valid_to="2026-12-31")
    StatusRule.objects.create(
        valid_from=datetime.date(2027, 1, 1), window_months=12, grace_months=3
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"valid_from": datetime.date(2027, 1, 15)},
        {"valid_to": datetime.date(2026, 12, 1)},
        {"window_months": 0},
        {"window_months": 40},
        {"grace_months": 0},
        {"grace_months": 13},
        {"extended_grace_months": 6},
        {"extended_grace_months": 3, "extended_grace_after_months": 60},
        {"extended_grace_months": 6, "extended_grace_after_months": 0},
    ],
)
def test_the_database_refuses_numbers_out_of_range(fields):
    StatusRule.objects.filter(valid_from="2026-01-01").update(valid_to="2026-12-31")
    values = {"valid_from": datetime.date(2027, 1, 1), "window_months": 12, "grace_months": 3}
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusRule.objects.create(**(values | fields))


def test_staff_are_told_which_rule_a_new_one_overlaps(staff_client):
    response = staff_client.post(ADMIN + "add/", rule_form())
    assert response.status_code == 200
    assert "overlaps the status rule from January 2026 to further notice" in response.text
    assert "draft" in response.text, "what was typed is kept"
    assert not StatusRule.objects.filter(valid_from="2027-01-01").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"valid_from": "2027-01-15"}, "Enter the first day of a month."),
        ({"valid_to": "2026-06-30"}, "The last month cannot be before the first month."),
        ({"window_months": "40"}, "Enter a window from 1 to 30 months."),
        ({"grace_months": "13"}, "Enter a grace from 1 month to the window"),
        ({"extended_grace_after_months": ""}, "Enter both the extended grace and the months"),
        ({"extended_grace_months": "2"}, "must be longer than the grace"),
    ],
)
def test_staff_see_a_number_out_of_range_beside_the_field(staff_client, fields, message):
    StatusRule.objects.filter(valid_from="2026-01-01").update(valid_to="2026-12-31")
    response = staff_client.post(ADMIN + "add/", rule_form(**fields))
    assert response.status_code == 200
    assert message in response.text.replace("&#x27;", "'")
    assert not StatusRule.objects.filter(valid_from__year=2027).exists()


def test_staff_end_the_current_rule_and_add_the_next(staff_client):
    current = StatusRule.objects.get(valid_from="2026-01-01")
    form = {
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
        "window_months": "12",
        "grace_months": "3",
        "extended_grace_months": "6",
        "extended_grace_after_months": "60",
        "note": current.note,
    }
    assert staff_client.post(f"{ADMIN}{current.pk}/change/", form).status_code == 302
    assert staff_client.post(ADMIN + "add/", rule_form(window_months="6")).status_code == 302
    assert StatusRule.objects.get(valid_from="2027-01-01").window_months == 6

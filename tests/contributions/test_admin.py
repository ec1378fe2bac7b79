"""Fund staff keep the rule table in the admin; every change is in its history."""

import datetime
from decimal import Decimal

import pytest

from contributions.models import ContributionRule
from tests.conftest import STAFF_USERNAME

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/contributions/contributionrule/"


def rule_form(**fields):
    data = {
        "payer_type": "self_payer",
        "valid_from": "2027-01-01",
        "valid_to": "2027-12-01",
        "rate": "5",
        "base_kind": "mw_multiple",
        "base_mw_multiple": "1",
        "base_amount": "",
        "cap_mw_multiple": "",
        "employer_share": "",
        "employee_share": "",
        "legal_reference_kk": "Заң",
        "legal_reference_ru": "Закон",
        "legal_reference_en": "Law",
        "source": "[pub]",
        "note": "",
    }
    data.update(fields)
    return data


def test_staff_add_next_years_rule_and_the_history_shows_who_changed_what(staff_client):
    response = staff_client.post(ADMIN + "add/", rule_form())
    assert response.status_code == 302, response.text
    rule = ContributionRule.objects.get(payer_type="self_payer", valid_from="2027-01-01")

    response = staff_client.post(
        f"{ADMIN}{rule.pk}/change/", rule_form(rate="5.5", note="Budget law")
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.rate == Decimal("5.5")

    history = staff_client.get(f"{ADMIN}{rule.pk}/history/")
    assert history.status_code == 200
    assert STAFF_USERNAME in history.text, "who made the change"
    assert "5.500" in history.text and "5.000" in history.text, "what changed, old and new"
    records = list(rule.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert {r.history_user.username for r in records} == {STAFF_USERNAME}
    assert records[0].rate == Decimal(5) and records[1].rate == Decimal("5.5")


def test_a_rule_in_force_is_read_only(staff_client):
    rule = ContributionRule.objects.get(payer_type="employer", valid_from="2025-01-01")
    page = staff_client.get(f"{ADMIN}{rule.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.text, "no save button"
    assert 'name="rate"' not in page.text, "no editable field"
    response = staff_client.post(
        f"{ADMIN}{rule.pk}/change/", rule_form(payer_type="employer", rate="9")
    )
    assert response.status_code == 403
    rule.refresh_from_db()
    assert rule.rate == Decimal(3)
    assert staff_client.post(f"{ADMIN}{rule.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ContributionRule.objects.filter(pk=rule.pk).exists()


def test_an_overlapping_rule_gets_a_clear_error_and_keeps_the_input(staff_client):
    response = staff_client.post(
        ADMIN + "add/", rule_form(valid_from="2026-06-01", valid_to="2027-05-01", note="draft")
    )
    assert response.status_code == 200
    assert "overlaps the rule for" in response.text
    assert "draft" in response.text
    assert not ContributionRule.objects.filter(valid_from="2026-06-01").exists()


def test_a_future_rule_can_still_be_corrected_or_removed(staff_client):
    rule = ContributionRule.objects.create(
        payer_type_id="employee",
        valid_from=datetime.date(2027, 1, 1),
        valid_to=datetime.date(2027, 12, 1),
        rate=Decimal(2),
        base_kind="income",
        cap_mw_multiple=Decimal(20),
    )
    assert 'name="_save"' in staff_client.get(f"{ADMIN}{rule.pk}/change/").text
    assert staff_client.post(f"{ADMIN}{rule.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not ContributionRule.objects.filter(pk=rule.pk).exists()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_staff_see_the_rule_table_in_their_language(staff_client, language):
    response = staff_client.get(f"/{language}/admin/contributions/contributionrule/")
    assert response.status_code == 200
    assert response.text.count("/change/") >= 48


def test_a_new_rule_is_used_by_the_calculator_at_once(staff_client, client):
    body = {"payer_type": "self_payer", "period": "2027-01"}
    url = "/api/v1/contributions/calculate/"
    assert client.post(url, body, content_type="application/json").json()["error"]["code"] == (
        "no_rule"
    )
    response = staff_client.post(
        "/en/admin/contributions/minimumwage/add/",
        {"year": "2027", "amount": "90000", "source": "", "note": ""},
    )
    assert response.status_code == 302, response.text
    assert staff_client.post(ADMIN + "add/", rule_form()).status_code == 302
    answer = client.post(url, body, content_type="application/json").json()
    assert answer["amount"] == "4500.00"
    assert answer["explanation"] == "5 % × 90 000 = 4 500,00"


def test_a_penalty_rule_with_an_impossible_due_day_is_refused_next_to_the_field(staff_client):
    """Day 31 is not in every month and 0 days a year divides by zero: the admin says so, and
    the public penalty page never meets such a rule."""
    from contributions.models import PenaltyRule

    rule = PenaltyRule.objects.first()
    response = staff_client.post(
        PENALTY_ADMIN + "add/",
        penalty_form(rule, valid_from="2027-01-01", due_day="31", days_in_year="0", note="draft"),
    )
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 28." in response.text
    assert "Ensure this value is greater than or equal to 1." in response.text
    assert "draft" in response.text
    assert not PenaltyRule.objects.filter(valid_from="2027-01-01").exists(), "nothing saved"


def test_an_open_ended_rule_in_force_can_be_ended_and_nothing_else(staff_client):
    rule = ContributionRule.objects.get(payer_type="self_payer", valid_from="2026-01-01")
    ContributionRule.objects.filter(pk=rule.pk).update(valid_to=None)  # "until changed"
    url = f"{ADMIN}{rule.pk}/change/"
    page = staff_client.get(url).text
    assert 'name="valid_to"' in page and 'name="_save"' in page
    assert 'name="rate"' not in page, "the rate of a rule in force stays as it was"

    too_early = staff_client.post(url, {"valid_to": "2026-05-01"})
    assert too_early.status_code == 200
    assert "can end this month at the earliest" in too_early.text
    rule.refresh_from_db()
    assert rule.valid_to is None

    response = staff_client.post(url, {"valid_to": "2026-12-01", "rate": "9"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.valid_to == datetime.date(2026, 12, 1)
    assert rule.rate == Decimal(5), "only the end changed"
    assert rule.history.first().valid_to == datetime.date(2026, 12, 1), "and the history says so"


def test_a_rule_that_has_ended_cannot_get_a_new_end(staff_client):
    rule = ContributionRule.objects.get(payer_type="self_payer", valid_from="2025-01-01")
    response = staff_client.post(f"{ADMIN}{rule.pk}/change/", {"valid_to": "2027-12-01"})
    assert response.status_code == 403
    rule.refresh_from_db()
    assert rule.valid_to == datetime.date(2025, 12, 1)


PENALTY_ADMIN = "/en/admin/contributions/penaltyrule/"


def penalty_form(rule, **fields):
    data = {
        "valid_from": rule.valid_from.isoformat(),
        "due_day": str(rule.due_day),
        "base_rate_multiple": str(rule.base_rate_multiple),
        "days_in_year": str(rule.days_in_year),
        "payer_types": list(rule.payer_types.values_list("pk", flat=True)),
        "source": rule.source,
        "note": rule.note,
    }
    data.update(fields)
    return data


def test_a_penalty_rule_in_force_is_read_only(staff_client):
    from contributions.models import PenaltyRule

    rule = PenaltyRule.objects.first()
    url = f"{PENALTY_ADMIN}{rule.pk}/change/"
    assert 'name="_save"' not in staff_client.get(url).text
    assert staff_client.post(url, penalty_form(rule, due_day="20")).status_code == 403
    assert staff_client.post(f"{PENALTY_ADMIN}{rule.pk}/delete/", {"post": "yes"}).status_code == (
        403
    )
    rule.refresh_from_db()
    assert rule.due_day != 20


def test_next_years_penalty_rule_is_added_and_its_history_kept(staff_client):
    from contributions.models import PenaltyRule

    current = PenaltyRule.objects.first()
    form = penalty_form(current, valid_from="2027-01-01", due_day="20", note="draft")
    assert staff_client.post(PENALTY_ADMIN + "add/", form).status_code == 302
    rule = PenaltyRule.objects.get(valid_from="2027-01-01")
    form.update(due_day="22", payer_types=["employer"])
    assert staff_client.post(f"{PENALTY_ADMIN}{rule.pk}/change/", form).status_code == 302

    history = staff_client.get(f"{PENALTY_ADMIN}{rule.pk}/history/")
    assert STAFF_USERNAME in history.text
    records = list(rule.history.order_by("history_date"))
    assert records[0].history_type == "+"
    # The payer types are saved after the row: the last record of each save holds both.
    as_saved = {
        r.due_day: sorted(r.payer_types.values_list("payertype_id", flat=True)) for r in records
    }
    assert as_saved == {20: ["employee", "employer"], 22: ["employer"]}, "before and after"

"""The rule table as other apps and Fund staff rely on it: the shared interface, no overlaps."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from contributions import rulecache, selectors
from contributions.models import ContributionRule, PayerType

pytestmark = pytest.mark.django_db

CODES = [
    "employer",
    "employee",
    "civil_contract",
    "individual_entrepreneur",
    "self_payer",
    "platform_worker",
    "unified_payment",
    "state",
]


def test_the_eight_payer_types_exist_with_names_in_three_languages():
    assert [pt.code for pt in PayerType.objects.all()] == CODES
    self_payer = PayerType.objects.get(pk="self_payer")
    assert (self_payer.name_kk, self_payer.name_ru, self_payer.name_en) == (
        "Дербес төлеуші",
        "Самостоятельный плательщик",
        "Self-payer",
    )
    with translation.override("ru"):
        assert str(PayerType.objects.get(pk="employer")) == "Отчисления работодателя"


def test_every_rule_cites_its_source():
    assert ContributionRule.objects.count() >= 48
    assert not ContributionRule.objects.filter(source="").exists()
    assert not ContributionRule.objects.filter(legal_reference="").exists()
    # 2017–2019 have no cap in the sources: none stored, and the note says so.
    for rule in ContributionRule.objects.filter(valid_from__year__lt=2020, base_kind="income"):
        assert rule.cap_mw_multiple is None
        assert "No cap" in rule.note


def test_self_payer_amounts_for_many_months_from_the_rule_cache_without_a_query():
    months = [datetime.date(year, month, 1) for year in range(2020, 2027) for month in range(1, 13)]
    rulecache.current()  # the rule table loaded once per process
    with CaptureQueriesContext(connection) as queries:
        amounts = selectors.self_payer_amounts(periods=months)
    assert len(queries) == 0
    assert amounts[datetime.date(2024, 5, 1)] == Decimal("4250.00")
    assert amounts[datetime.date(2020, 1, 1)] == Decimal("2125.00")
    assert amounts[datetime.date(2023, 12, 1)] == Decimal("3500.00")
    assert len(amounts) == len(months)


def test_a_month_without_a_published_self_payer_amount_has_none():
    """A year the Fund has not published yet (2019 had no self-payer rule, 2031 no minimum
    wage): no amount, and no error for the months around it."""
    amounts = selectors.self_payer_amounts(
        periods=[datetime.date(2024, 1, 1), datetime.date(2019, 6, 1), datetime.date(2031, 1, 1)]
    )
    assert amounts == {
        datetime.date(2019, 6, 1): None,
        datetime.date(2024, 1, 1): Decimal("4250.00"),
        datetime.date(2031, 1, 1): None,
    }


def test_self_payer_amounts_of_nothing_is_empty():
    assert selectors.self_payer_amounts(periods=[]) == {}


def next_year_rule(**fields):
    values = dict(
        payer_type_id="employee",
        valid_from=datetime.date(2027, 1, 1),
        valid_to=datetime.date(2027, 12, 1),
        rate=Decimal(2),
        base_kind="income",
        cap_mw_multiple=Decimal(20),
    )
    values.update(fields)
    return ContributionRule(**values)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraints need PostgreSQL"
)
def test_database_refuses_overlapping_rules_of_one_payer_type():
    with pytest.raises(IntegrityError), transaction.atomic():
        next_year_rule(valid_from=datetime.date(2026, 12, 1)).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        next_year_rule(valid_from=datetime.date(2026, 6, 1), valid_to=None).save()
    next_year_rule().save()  # the month after the last rule ends is free
    next_year_rule(payer_type_id="employer").save()  # other payer types are independent


def test_validation_explains_an_overlap():
    rule = next_year_rule(valid_from=datetime.date(2026, 7, 1))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "overlaps" in str(error.value)
    next_year_rule().full_clean()


def test_validation_wants_first_days_of_months_in_order():
    with pytest.raises(ValidationError) as error:
        next_year_rule(valid_from=datetime.date(2027, 1, 15)).full_clean()
    assert "valid_from" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        next_year_rule(valid_to=datetime.date(2026, 1, 1)).full_clean()
    assert "valid_to" in error.value.message_dict

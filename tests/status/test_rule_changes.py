"""A change of a rule a status depends on reaches every stored status at once: the Fund staff's
tables (status rules, who receives the MSHI package, the self-payer's rule and minimum wage)
are the one source, and saving one recomputes the snapshots it affects."""

import random

import pytest
from django.db import transaction

from contributions.models import ContributionRule, MinimumWage, PayerCode
from msqory.months import month_index, month_start
from outbox.models import Message
from status import recompute, rulebook, selectors, snapshots
from status.demo import synthetic_iin
from status.models import Person, RecomputeRun, ResidencyCare, StatusRule, StatusSnapshot
from tests.ledger import pay

pytestmark = pytest.mark.django_db


def paid_person(seed: int, *, unpaid: int = 0, **fields) -> Person:
    """A person whose last 24 months are paid, but for the `unpaid` latest."""
    who = Person.objects.create(iin=synthetic_iin(random.Random(seed)), **fields)
    m = month_index(selectors.today())
    pay(who, [month_start(m - ago) for ago in range(unpaid + 1, 25)])
    return who


def stored(who: Person) -> StatusSnapshot:
    return StatusSnapshot.objects.get(person=who)


def test_the_residency_table_decides_the_care_and_a_change_recomputes_it(
    django_capture_on_commit_callbacks,
):
    refugee = paid_person(1, residency="refugee")
    citizen = paid_person(2)
    snapshots.status_by_iin(iin=refugee.iin)
    snapshots.status_by_iin(iin=citizen.iin)
    assert (stored(refugee).care, stored(citizen).care) == ("gvfmc", "mshi")

    with django_capture_on_commit_callbacks(execute=True):
        care = ResidencyCare.objects.get(residency="refugee")
        care.mshi = True
        care.save()

    # Recomputed by the task the change sent, not on the next lookup.
    assert stored(refugee).care == "mshi"
    assert Message.objects.get(task="status.recompute_everyone").done_at is not None
    assert snapshots.status_by_iin(iin=refugee.iin).care == "mshi"
    assert snapshots.status_by_iin(iin=citizen.iin).care == "mshi"


def test_a_changed_status_rule_recomputes_the_stored_statuses(django_capture_on_commit_callbacks):
    who = paid_person(3, unpaid=2)  # two months unpaid: still insured in the 3-month grace
    snapshots.status_by_iin(iin=who.iin)
    assert (stored(who).status, stored(who).reason) == ("insured", "grace_period")

    rule = StatusRule.objects.get(pk=_rule_in_force().pk)
    with django_capture_on_commit_callbacks(execute=True):
        rule.grace_months = 2
        rule.extended_grace_months = None
        rule.extended_grace_after_months = None
        rule.save()

    assert (stored(who).status, stored(who).reason) == ("not_insured", "debt")


def test_a_corrected_minimum_wage_changes_the_stored_debt(django_capture_on_commit_callbacks):
    who = paid_person(4, unpaid=1)
    snapshots.status_by_iin(iin=who.iin)
    year = month_start(month_index(selectors.today()) - 1).year
    before = stored(who).debt_amount
    assert before > 0

    with django_capture_on_commit_callbacks(execute=True):
        wage = MinimumWage.objects.get(year=year)
        wage.amount *= 2
        wage.save()

    assert stored(who).debt_amount == 2 * before
    assert snapshots.status_by_iin(iin=who.iin).debt_amount == 2 * before


def test_a_rule_the_status_does_not_use_starts_no_recompute(django_capture_on_commit_callbacks):
    employer = ContributionRule.objects.filter(payer_type_id=PayerCode.EMPLOYER).first()
    self_payer = ContributionRule.objects.filter(payer_type_id=PayerCode.SELF_PAYER).first()
    assert rulebook.is_status_rule_change(self_payer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        employer.source = "corrected reference"
        employer.save()
    assert not Message.objects.filter(task="status.recompute_everyone").exists()
    assert len(callbacks) == 1, "only the rule cache's reload"


def test_a_rule_change_after_the_nights_run_still_recomputes(django_capture_on_commit_callbacks):
    """The night's run has finished (a second one that day is refused), yet a rule changed
    afterwards reaches the stored statuses the same day."""
    who = paid_person(6)
    recompute.run_sync(as_of=selectors.today())
    assert stored(who).care == "mshi"
    with django_capture_on_commit_callbacks(execute=True):
        care = ResidencyCare.objects.get(residency="citizen")
        care.mshi = False
        care.save()
    assert stored(who).care == "gvfmc"


def test_several_rule_rows_saved_together_recompute_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for residency in ("refugee", "cis_no_permit"):
            care = ResidencyCare.objects.get(residency=residency)
            care.mshi = True
            care.save()
    assert Message.objects.filter(task="status.recompute_everyone").count() == 1


def test_a_run_started_before_a_rule_change_is_superseded(django_capture_on_commit_callbacks):
    who = paid_person(5)
    old = recompute.open_run(as_of=selectors.today(), chunk_size=10)
    with django_capture_on_commit_callbacks(execute=True):
        care = ResidencyCare.objects.get(residency="citizen")
        care.mshi = False
        care.save()
    old.refresh_from_db()
    assert old.state == RecomputeRun.State.FAILED
    assert recompute.run_chunk(run_id=old.pk, chunk=0) is None, "its queued chunks do nothing"
    assert stored(who).care == "gvfmc"


def test_the_information_pages_read_the_same_table(client):
    response = client.get("/en/information/foreigners/")
    refugees = response.text.split('id="residency-refugee"', 1)[1].split("</section>", 1)[0]
    assert "no MSHI package" in refugees
    care = ResidencyCare.objects.get(residency="refugee")
    care.mshi = True
    care.save()  # as the admin saves it: every process reloads the rules
    response = client.get("/en/information/foreigners/")
    refugees = response.text.split('id="residency-refugee"', 1)[1].split("</section>", 1)[0]
    assert "the MSHI package when insured" in refugees


def _rule_in_force() -> StatusRule:
    today = selectors.today()
    return StatusRule.objects.filter(valid_from__lte=today).order_by("-valid_from").first()


def test_every_residency_keeps_the_care_it_had_before_the_table_moved():
    """Migration status 0013 (and information 0003) kept the foreigners' table's values."""
    assert set(ResidencyCare.objects.filter(mshi=True).values_list("residency", flat=True)) == {
        "citizen",
        "kandas",
        "residence_permit",
        "eaeu_labour_migrant",
    }
    assert selectors.mshi_residencies() == {
        "citizen",
        "kandas",
        "residence_permit",
        "eaeu_labour_migrant",
    }

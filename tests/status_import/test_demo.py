"""`make run` seeds demo payment histories that show every status reason, and seeding twice
changes nothing."""

import random
from io import StringIO

import pytest
from django.core.management.base import OutputWrapper

from status.demo import seed, synthetic_person
from status.models import CategoryMembership, Payment, Person, Reason

pytestmark = pytest.mark.django_db


def run_seed():
    out = StringIO()
    seed(rng=random.Random("2026:status"), persons=120, stdout=OutputWrapper(out))
    return out.getvalue()


def counts():
    return (Person.objects.count(), Payment.objects.count(), CategoryMembership.objects.count())


def test_seeding_twice_changes_nothing_and_every_reason_has_a_demo_iin():
    first = run_seed()
    after_first = counts()
    second = run_seed()
    assert counts() == after_first
    assert after_first[1] > 120 * 12, "people have months of payments"
    for reason in Reason.values:
        assert f"  {reason:<20} " in first
        line = next(line for line in first.splitlines() if line.startswith(f"  {reason:<20} "))
        iin = line.split()[-1]
        assert Person.objects.filter(iin=iin).exists(), f"{reason} has a demo IIN"
    assert first.splitlines()[-7:] == second.splitlines()[-7:], "the same IINs again"


def test_histories_use_the_payer_types_of_real_life():
    run_seed()
    used = set(Payment.objects.values_list("payer_type_id", flat=True).distinct())
    assert {"employer", "employee", "self_payer", "state", "individual_entrepreneur"} <= used
    assert Payment.objects.filter(reference__startswith="demo:").count() == Payment.objects.count()


def test_demo_persons_have_kazakh_and_russian_names_the_same_for_a_seed(staff_client):
    run_seed()
    names = list(
        Person.objects.order_by("iin").values_list("last_name", "first_name", "patronymic")
    )
    assert all(all(parts) for parts in names), "surname, first name and patronymic"
    patronymics = {patronymic for _last, _first, patronymic in names}
    assert any(p.endswith(("ұлы", "қызы")) for p in patronymics), "Kazakh names"
    assert any(p.endswith(("ич", "на")) for p in patronymics), "Russian names"
    for person in Person.objects.all():
        female = person.sex == "F"
        assert person.patronymic.endswith(("қызы", "на") if female else ("ұлы", "ич"))

    def people(seed):
        rng = random.Random(seed)
        drawn = [synthetic_person(rng) for _ in range(30)]
        return [(p.iin, p.last_name, p.first_name, p.patronymic) for p in drawn]

    assert people("2026:status") == people("2026:status"), "deterministic with the seed"
    assert people("2026:status") != people("2027:status")

    surname = names[0][0]
    found = staff_client.get("/en/admin/status/person/", {"q": surname}).text
    assert surname in found and "0 persons" not in found, "staff can search by name"

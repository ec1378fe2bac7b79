"""Fund staff run the person registry in the Django admin, in all three languages."""

import datetime

import pytest
from django.contrib.auth.models import Group

from msqory.roles import CLINIC_REGISTRAR, FUND_STAFF
from status.iin import FEMALE, MALE, make_iin
from status.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return Person.objects.create(
        iin=make_iin(datetime.date(1988, 3, 8), FEMALE, 123),
        last_name="Омарова",
        first_name="Динара",
    )


def test_roles_exist_with_their_permissions():
    staff = set(Group.objects.get(name=FUND_STAFF).permissions.values_list("codename", flat=True))
    registrar = Group.objects.get(name=CLINIC_REGISTRAR).permissions.values_list(
        "codename", flat=True
    )
    assert {"view_person", "add_person", "change_person"} <= staff
    assert "delete_person" not in staff, "the registry keeps people; nobody deletes them"
    assert "view_person" in registrar
    assert "change_person" not in registrar


@pytest.mark.parametrize(
    ("language", "heading"), [("kk", "адамдар"), ("ru", "лица"), ("en", "persons")]
)
def test_staff_see_the_registry_in_their_language(staff_client, person, language, heading):
    response = staff_client.get(f"/{language}/admin/status/person/")
    assert response.status_code == 200
    assert heading in response.text.lower()
    assert person.iin in response.text


def test_staff_find_a_person_by_iin_or_name(staff_client, person):
    other = Person.objects.create(iin=make_iin(datetime.date(1970, 1, 2), MALE, 7))
    by_iin = staff_client.get("/en/admin/status/person/", {"q": person.iin})
    assert person.iin in by_iin.text and other.iin not in by_iin.text
    by_name = staff_client.get("/en/admin/status/person/", {"q": "Омарова"})
    assert person.iin in by_name.text and other.iin not in by_name.text


def test_birth_date_and_sex_come_from_the_iin(staff_client):
    iin = make_iin(datetime.date(2001, 12, 31), MALE, 55)
    response = staff_client.post(
        "/en/admin/status/person/add/",
        {"iin": iin, "last_name": "Есенов", "first_name": "Арман", "residency": "citizen"},
    )
    assert response.status_code == 302
    person = Person.objects.get(iin=iin)
    assert person.birth_date == datetime.date(2001, 12, 31)
    assert person.sex == MALE


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "check digit does not match"),
        ("ru", "Контрольная цифра ИИН не сходится"),
        ("kk", "бақылау цифры сәйкес келмейді"),
    ],
)
def test_a_mistyped_iin_is_refused_with_the_reason(staff_client, language, message):
    iin = make_iin(datetime.date(1990, 5, 5), FEMALE, 9)
    typo = iin[:11] + str((int(iin[11]) + 1) % 10)
    response = staff_client.post(
        f"/{language}/admin/status/person/add/", {"iin": typo, "residency": "citizen"}
    )
    assert response.status_code == 200
    assert message in response.text
    assert 'value="' + typo + '"' in response.text, "what was typed is kept"
    assert not Person.objects.filter(iin=typo).exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [("kk", ["Соңғы әрекеттер", "Өзгерту"]), ("ru", ["Последние действия", "Изменить"])],
)
def test_the_admin_itself_speaks_kazakh_and_russian(staff_client, language, words):
    # Django's own Kazakh catalogue has gaps and typos; locale/overrides fills and mends them.
    response = staff_client.get(f"/{language}/admin/")
    for word in words:
        assert word in response.text

"""A polyclinic registrar at the desk: finds a person, attaches, detaches, lists the clinic's
people. Every view is shown to refuse strangers and to keep other clinics' data out of reach."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group

from clinics import services
from clinics.models import Attachment, Document, EndReason, Reason, Registrar
from msqory.roles import FUND_STAFF
from status.models import Residency

from .conftest import ID

pytestmark = pytest.mark.django_db

PASSWORD = "desk-password-1"

# Every registrar view: (method, path); {pk} is filled with an attachment's id.
VIEWS = [
    ("get", "/en/registrar/"),
    ("post", "/en/registrar/"),
    ("post", "/en/registrar/attach/"),
    ("post", "/en/registrar/detach/"),
    ("get", "/en/registrar/patients/"),
    ("get", "/en/registrar/attachments/{pk}/"),
]


def attach(person, clinic, reason=Reason.FIRST, **extra):
    return services.attach(
        person=person, clinic=clinic, reason=reason, by=None, documents=ID, **extra
    )


def call(client, method, path, person):
    """GET the page, or POST it the person's IIN (never put in an address)."""
    return client.post(path, {"iin": person.iin}) if method == "post" else client.get(path)


@pytest.fixture
def desk(client, registrar):
    client.force_login(registrar)
    return client


@pytest.fixture
def other_clinic(make_clinic):
    return make_clinic(name="Басқа емхана")


@pytest.mark.parametrize(("method", "path"), VIEWS)
def test_strangers_are_sent_to_sign_in(client, person, clinic, method, path):
    pk = attach(person, clinic).pk
    response = call(client, method, path.format(pk=pk), person)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/registrar/login/?next=")


@pytest.mark.parametrize(("method", "path"), VIEWS)
@pytest.mark.parametrize("who", ["not_registrar", "registrar_without_clinic", "staff_only"])
def test_only_registrars_linked_to_a_clinic_get_in(
    client, django_user_model, person, clinic, method, path, who
):
    pk = attach(person, clinic).pk
    user = django_user_model.objects.create_user(username=who, password=PASSWORD)
    if who == "registrar_without_clinic":
        user.groups.add(Group.objects.get(name="Clinic registrar"))
    if who == "staff_only":  # linked to a clinic but not in the registrars' group
        user.groups.add(Group.objects.get(name=FUND_STAFF))
        Registrar.objects.create(user=user, clinic=clinic)
    client.force_login(user)
    response = call(client, method, path.format(pk=pk), person)
    assert response.status_code == 403
    assert "ask the Fund to link your account to your clinic" in response.text
    assert person.iin not in response.text
    assert Attachment.objects.get(pk=pk).end is None


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [("kk", "Тіркеушінің кіруі", "Кіру"), ("ru", "Вход для регистратора", "Войти"),
     ("en", "Registrar sign-in", "Sign in")],
)  # fmt: skip
def test_a_registrar_signs_in_and_lands_on_the_search(
    client, registrar, clinic, language, heading, button
):
    page = client.get(f"/{language}/registrar/login/")
    assert heading in page.text and button in page.text
    response = client.post(
        f"/{language}/registrar/login/", {"username": registrar.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 200
    assert getattr(clinic, f"name_{language}") in landing.text


def test_a_wrong_password_is_explained(client, registrar):
    response = client.post(
        "/en/registrar/login/", {"username": registrar.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_signing_out_needs_a_post(desk):
    assert desk.get("/en/registrar/logout/").status_code == 405
    assert desk.post("/en/registrar/logout/").status_code == 302
    assert desk.get("/en/registrar/").status_code == 302


@pytest.mark.parametrize(
    ("language", "insured", "attach_button"),
    [("kk", "Сақтандыру мәртебесі", "Тіркеу"), ("ru", "Статус застрахованности", "Прикрепить"),
     ("en", "Insured status", "Attach")],
)  # fmt: skip
def test_a_registrar_finds_a_person_and_attaches_them(
    client, registrar, clinic, person, language, insured, attach_button
):
    client.force_login(registrar)
    page = client.post(f"/{language}/registrar/", {"iin": person.iin})
    assert page.status_code == 200
    assert person.last_name in page.text
    assert insured in page.text, "the insured status from the status app"
    assert 'id="care"' in page.text
    assert attach_button in page.text
    response = client.post(
        f"/{language}/registrar/attach/",
        {"iin": person.iin, "reason": Reason.FIRST, "documents": [Document.IDENTITY]},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.open().get(person=person)
    assert (attachment.clinic, attachment.created_by) == (clinic, registrar)
    assert person.last_name in client.get(response["Location"]).text


def test_the_iin_is_never_in_an_address(desk, person):
    search = desk.get("/en/registrar/")
    assert 'method="post"' in search.text
    page = desk.post("/en/registrar/", {"iin": person.iin})
    for url in re.findall(r'(?:href|action)="([^"]*)"', page.text):
        assert person.iin not in url


def test_an_unknown_iin_is_explained(desk):
    response = desk.post("/en/registrar/", {"iin": "900101300017"})
    assert "There is no person with this IIN in the registry." in response.text


def test_a_refused_attachment_explains_why_and_keeps_the_ticks(desk, make_person, clinic):
    kandas = make_person(residency=Residency.KANDAS)
    response = desk.post(
        "/en/registrar/attach/",
        {"iin": kandas.iin, "reason": Reason.FIRST, "documents": [Document.IDENTITY]},
    )
    assert response.status_code == 422
    assert "Kandas certificate" in response.text
    assert re.search(r'value="identity"[^>]*checked', response.text)
    assert not Attachment.objects.filter(person=kandas).exists()


def test_a_full_clinic_is_refused_at_the_desk(desk, make_person, clinic):
    clinic.capacity = 0
    clinic.save()
    response = desk.post(
        "/en/registrar/attach/",
        {"iin": make_person().iin, "reason": Reason.FIRST, "documents": [Document.IDENTITY]},
    )
    assert response.status_code == 422
    assert "has no free places" in response.text


def test_a_foreigner_without_a_permit_is_shown_why_not(desk, make_person):
    foreigner = make_person(residency=Residency.FOREIGNER_NO_PERMIT)
    page = desk.post("/en/registrar/", {"iin": foreigner.iin})
    assert "cannot be attached to a polyclinic" in page.text
    assert "/en/registrar/attach/" not in page.text


def test_a_migrant_is_attached_with_the_contract_end_date(desk, make_person, clinic):
    migrant = make_person(residency=Residency.EAEU_LABOUR_MIGRANT)
    page = desk.post("/en/registrar/", {"iin": migrant.iin})
    assert "Insurance contract ends on" in page.text
    assert "Yearly free choice" not in page.text, "migrants attach on the contract only"
    response = desk.post(
        "/en/registrar/attach/",
        {
            "iin": migrant.iin,
            "reason": Reason.MIGRANT_CONTRACT,
            "documents": [Document.IDENTITY, Document.INSURANCE_CONTRACT, Document.APPLICATION],
            "contract_number": "EAEU-77",
            "contract_ends": "2027-05-31",
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(person=migrant)
    assert attachment.contract_ends == datetime.date(2027, 5, 31)


def test_a_registrar_sees_only_the_name_of_another_clinic(desk, registrar, person, other_clinic):
    theirs = attach(person, other_clinic)
    page = desk.post("/en/registrar/", {"iin": person.iin})
    assert other_clinic.name_en in page.text, "where the person is attached now"
    assert f"/en/registrar/attachments/{theirs.pk}/" not in page.text
    assert "/en/registrar/detach/" not in page.text, "no detaching from another clinic"
    assert "Attaching ends the current attachment" in page.text


def test_a_registrar_cannot_detach_someone_from_another_clinic(desk, person, other_clinic):
    theirs = attach(person, other_clinic)
    response = desk.post(
        "/en/registrar/detach/",
        {"iin": person.iin, "reason": EndReason.PERSON_REQUEST},
        follow=True,
    )
    assert "This person is not attached to your polyclinic." in response.text
    theirs.refresh_from_db()
    assert theirs.end is None


def test_a_registrar_detaches_their_own_patient(desk, registrar, person, clinic):
    ours = attach(person, clinic)
    page = desk.post("/en/registrar/", {"iin": person.iin})
    assert "/en/registrar/detach/" in page.text
    response = desk.post(
        "/en/registrar/detach/", {"iin": person.iin, "reason": EndReason.MOVED_ABROAD}
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (ours.end_reason, ours.ended_by) == (EndReason.MOVED_ABROAD, registrar)


def test_moving_a_person_here_from_another_clinic(desk, person, clinic, other_clinic):
    theirs = attach(person, other_clinic, on=datetime.date(2024, 2, 1))
    response = desk.post(
        "/en/registrar/attach/",
        {
            "iin": person.iin,
            "reason": Reason.RESIDENCE_CHANGE,
            "documents": [Document.IDENTITY, Document.PROOF_OF_ADDRESS],
        },
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.end is not None
    assert Attachment.objects.open().get(person=person).clinic == clinic


@pytest.mark.parametrize(
    ("language", "heading"),
    [("kk", "Тіркелген адамдар"), ("ru", "Прикреплённые лица"), ("en", "Attached persons")],
)
def test_the_list_shows_only_the_registrars_clinic_with_a_gauge(
    client, registrar, clinic, other_clinic, make_person, language, heading
):
    client.force_login(registrar)
    ours = [make_person(last_name=f"Біздің{i}") for i in range(3)]
    for p in ours:
        attach(p, clinic)
    attach(make_person(last_name="Бөтен"), other_clinic)
    page = client.get(f"/{language}/registrar/patients/")
    assert heading in page.text
    for p in ours:
        assert p.last_name in page.text
    assert "Бөтен" not in page.text
    assert f'<meter class="gauge__meter" min="0" max="{clinic.capacity}"' in page.text
    assert 'value="3"' in page.text


def test_the_list_filters_by_name_reason_and_date(desk, clinic, make_person):
    old = make_person(last_name="Ескі")
    attach(old, clinic, on=datetime.date(2024, 5, 1))
    new = make_person(last_name="Жаңа")
    attach(new, clinic, Reason.FREE_CHOICE, on=datetime.date(2026, 10, 1))  # in the campaign
    assert "Жаңа" not in desk.get("/en/registrar/patients/", {"name": "Ескі"}).text
    by_reason = desk.get("/en/registrar/patients/", {"reason": Reason.FREE_CHOICE}).text
    assert "Жаңа" in by_reason and "Ескі" not in by_reason
    by_date = desk.get("/en/registrar/patients/", {"started_to": "2024-12-31"}).text
    assert "Ескі" in by_date and "Жаңа" not in by_date
    wrong = desk.get(
        "/en/registrar/patients/", {"started_from": "2025-01-01", "started_to": "2024-01-01"}
    )
    assert "This date must not be before the “from” date." in wrong.text


def test_a_registrar_opens_their_own_attachment_with_its_history(desk, registrar, person, clinic):
    ours = services.attach(
        person=person, clinic=clinic, reason=Reason.FIRST, by=registrar, documents=ID
    )
    page = desk.get(f"/en/registrar/attachments/{ours.pk}/")
    assert page.status_code == 200
    assert "Identity card or passport" in page.text
    assert registrar.username in page.text


def test_another_clinics_attachment_does_not_exist_for_a_registrar(desk, person, other_clinic):
    theirs = attach(person, other_clinic)
    assert desk.get(f"/en/registrar/attachments/{theirs.pk}/").status_code == 404


def test_posting_an_attachment_for_a_foreigner_without_a_permit_changes_nothing(desk, make_person):
    foreigner = make_person(residency=Residency.FOREIGNER_NO_PERMIT)
    response = desk.post(
        "/en/registrar/attach/",
        {"iin": foreigner.iin, "reason": Reason.FIRST, "documents": list(Document.values)},
    )
    assert response.status_code == 422
    assert "cannot be attached to a polyclinic" in response.text
    assert not Attachment.objects.filter(person=foreigner).exists()

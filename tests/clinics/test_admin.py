"""Fund staff manage clinics, their service areas and attachments in the admin, with history."""

import pytest
from django.contrib.auth.models import Group, Permission

from clinics import services
from clinics.models import Attachment, Clinic, EndReason, Reason
from msqory.roles import CLINIC_REGISTRAR, FUND_STAFF

from .conftest import ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund_staff(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="fund", password="fund-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=FUND_STAFF))
    client.force_login(user)
    return user


def test_the_roles_have_their_permissions():
    def codenames(group):
        return set(
            Permission.objects.filter(
                group__name=group, content_type__app_label="clinics"
            ).values_list("codename", flat=True)
        )

    staff = codenames(FUND_STAFF)
    assert {"add_clinic", "change_clinic", "add_servicearea", "view_historicalattachment"} <= staff
    assert {"add_registrar", "change_registrar", "change_attachment"} <= staff
    assert "add_attachment" not in staff, "attachments are made at the clinics' desks"
    assert codenames(CLINIC_REGISTRAR) == {
        "view_clinic",
        "view_attachment",
        "add_attachment",
        "change_attachment",
    }


def test_fund_staff_add_a_clinic_with_its_streets_in_three_languages(client, fund_staff, astana):
    page = client.get("/en/admin/clinics/clinic/add/")
    assert page.status_code == 200
    for field in ("name_kk", "name_ru", "name_en", "areas-0-street_ru"):
        assert f'name="{field}"' in page.text
    data = {
        "code": "AST-100",
        "bin": "123456789012",
        "name_kk": "№ 100 емхана",
        "name_ru": "Поликлиника № 100",
        "name_en": "Polyclinic No. 100",
        "address_kk": "Абай даңғылы, 1",
        "address_ru": "проспект Абая, 1",
        "address_en": "1 Abai Avenue",
        "city": astana.pk,
        "capacity": 1000,
        "accepts_new_patients": "on",
        "fund_contract": "on",
        "areas-TOTAL_FORMS": 1,
        "areas-INITIAL_FORMS": 0,
        "areas-0-city": astana.pk,
        "areas-0-street_kk": "Абай даңғылы",
        "areas-0-street_ru": "проспект Абая",
        "areas-0-street_en": "Abai Avenue",
        "registrars-TOTAL_FORMS": 0,
        "registrars-INITIAL_FORMS": 0,
    }
    response = client.post("/en/admin/clinics/clinic/add/", data)
    assert response.status_code == 302, response.text
    clinic = Clinic.objects.get(code="AST-100")
    assert clinic.name_ru == "Поликлиника № 100"
    area = clinic.areas.get()
    assert "проспект абая" in area.street_key
    history = client.get(f"/en/admin/clinics/clinic/{clinic.pk}/history/")
    assert history.status_code == 200 and "fund" in history.text


def test_fund_staff_see_attachments_with_history_and_can_end_them(
    client, fund_staff, person, clinic
):
    attachment = services.attach(
        person=person, clinic=clinic, reason=Reason.FIRST, by=None, documents=ID
    )
    listing = client.get("/en/admin/clinics/attachment/")
    assert person.iin in listing.text
    assert client.get("/en/admin/clinics/attachment/add/").status_code == 403
    history = client.get(f"/en/admin/clinics/attachment/{attachment.pk}/history/")
    assert history.status_code == 200
    response = client.post(
        "/en/admin/clinics/attachment/",
        {"action": "end_attachments", "_selected_action": [attachment.pk]},
    )
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert (attachment.end_reason, attachment.ended_by) == (EndReason.PERSON_REQUEST, fund_staff)
    assert Attachment.objects.open().count() == 0


def test_fund_staff_link_a_registrar_to_one_clinic(
    client, fund_staff, make_registrar, clinic, django_user_model
):
    registrar = make_registrar(clinic)
    other = django_user_model.objects.create_user(username="not-a-registrar")
    page = client.get("/en/admin/clinics/registrar/add/")
    assert page.status_code == 200
    assert registrar.username in page.text
    assert other.username not in page.text, "only members of the registrars' group are offered"

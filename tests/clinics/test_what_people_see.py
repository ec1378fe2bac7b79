"""Small things people noticed on the clinic pages and in the admin (issue 20, people 10)."""

import datetime
import io
import random

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from clinics import demo, services
from clinics.models import City, Reason
from status import demo as status_demo
from status.models import Payment

from .conftest import ID, add_area
from .test_citizen_pages import ABAI

pytestmark = pytest.mark.django_db


def test_a_clinic_serving_the_address_is_not_listed_again_among_the_free_ones(
    client, make_clinic, astana
):
    serving = make_clinic(capacity=5)
    add_area(serving, street=ABAI)
    other = make_clinic(capacity=5)
    page = client.get("/en/clinics/", {"city": astana.pk, "street": "Abai"}).text
    assert page.count(f">{serving.name_en}<") == 1
    assert other.name_en in page.split('id="free"')[1]
    assert "Other clinics with free places in Astana" in page


def test_no_city_is_given_another_citys_help_line(client, make_clinic):
    almaty, _created = City.objects.get_or_create(
        name_kk="Алматы", defaults={"name": "Алматы", "name_ru": "Алматы", "name_en": "Almaty"}
    )
    make_clinic(city=almaty)
    page = client.get("/en/clinics/", {"city": almaty.pk, "street": "Nowhere Lane"}).text
    assert "We found no clinic serving this street" in page
    assert "109" not in page and "Astana" not in page.split("We found no clinic")[1][:300]
    assert "1406" in page


def test_a_full_clinics_registrar_is_not_offered_the_attach_form(desk, clinic, make_person):
    services.attach(person=make_person(), clinic=clinic, reason=Reason.FIRST, by=None, documents=ID)
    clinic.capacity = 1
    clinic.save()
    page = desk.post("/en/registrar/", {"iin": make_person().iin}).text
    assert 'id="clinic-full"' in page and "Your clinic has no free places" in page
    assert 'action="/en/registrar/attach/"' not in page


@pytest.fixture
def desk(client, registrar):
    client.force_login(registrar)
    return client


def test_seed_demo_names_the_demo_registrar_on_every_run(settings):
    settings.DEBUG = True
    outputs = []
    for _run in range(2):
        out = io.StringIO()
        status_demo.seed(rng=random.Random("1:status"), persons=60, stdout=out)
        demo.seed(rng=random.Random("1:clinics"), persons=60, stdout=out)
        outputs.append(out.getvalue())
    for output in outputs:
        assert f"{demo.DEMO_REGISTRAR} / {demo.DEMO_PASSWORD}" in output


def test_the_admins_person_page_shows_status_payments_categories_and_clinic(
    client, make_person, clinic
):
    person = make_person()
    Payment.objects.create(
        person=person,
        period=datetime.date(2026, 1, 1),
        payer_type_id="employer",
        amount="25500.00",
        paid_on=datetime.date(2026, 2, 10),
        reference="PERSON-PAGE-1",
    )
    services.attach(person=person, clinic=clinic, reason=Reason.FIRST, by=None, documents=ID)
    staff = User.objects.create_superuser("boss", password="x-12345678")
    client.force_login(staff)
    page = client.get(f"/en/{settings.ADMIN_URL}status/person/{person.pk}/change/").text
    assert "Status today" in page and "Not insured" in page
    assert "PERSON-PAGE-1" in page, "the payments"
    assert "category memberships" in page.lower()
    assert clinic.name_en in page, "the polyclinic"

"""A resident finds the polyclinic for their address and checks where they are attached."""

import datetime

import pytest
from django.test import override_settings

from clinics import services
from clinics.models import City, Reason

from .conftest import ID, add_area

pytestmark = pytest.mark.django_db

ABAI = ("Абай даңғылы", "проспект Абая", "Abai Avenue")
SARYARKA = ("Сарыарқа ауданы", "район Сарыарка", "Saryarka district")


@pytest.fixture
def abai_clinic(make_clinic):
    clinic = make_clinic(capacity=5)
    add_area(clinic, street=ABAI, district=SARYARKA)
    return clinic


@pytest.mark.parametrize(
    ("language", "typed", "heading"),
    [
        ("kk", "Абай даңғылы 12", "Осы мекенжайға қызмет көрсететін емханалар"),
        ("ru", "ул. Абая", "Поликлиники, обслуживающие этот адрес"),
        ("en", "abai avenue", "Clinics serving this address"),
    ],
)
def test_a_resident_finds_the_clinic_for_their_street(
    client, abai_clinic, make_clinic, astana, language, typed, heading
):
    other = make_clinic()
    add_area(other, street=("Тұран даңғылы", "проспект Туран", "Turan Avenue"))
    response = client.get(f"/{language}/clinics/", {"city": astana.pk, "street": typed})
    assert response.status_code == 200
    serving = response.text.split('id="serving"')[1].split('id="free"')[0]
    assert heading in response.text
    assert (
        abai_clinic.name_ru in serving
        or abai_clinic.name_kk in serving
        or (abai_clinic.name_en in serving)
    )
    assert other.name_en not in serving and other.name_ru not in serving


def test_the_page_asks_for_a_city_and_keeps_what_was_typed(client, abai_clinic):
    response = client.get("/en/clinics/", {"city": "", "street": "Abai"})
    assert "Choose the city you live, work or study in." in response.text
    assert 'value="Abai"' in response.text


def test_a_whole_district_area_is_found_by_district(client, make_clinic, astana):
    clinic = make_clinic()
    add_area(clinic, district=("Есіл ауданы", "район Есиль", "Yesil district"))
    response = client.get("/ru/clinics/", {"city": astana.pk, "district": "Есиль"})
    assert clinic.name_ru in response.text.split('id="serving"')[1].split('id="free"')[0]


def test_an_unknown_street_says_so_and_still_lists_free_clinics(client, abai_clinic, astana):
    response = client.get("/en/clinics/", {"city": astana.pk, "street": "Nowhere Lane"})
    assert "We found no clinic serving this street" in response.text
    assert abai_clinic.name_en in response.text.split('id="free"')[1]


def test_the_free_places_list_shows_only_clinics_taking_people(
    client, make_clinic, make_person, abai_clinic
):
    full = make_clinic(capacity=1)
    services.attach(person=make_person(), clinic=full, reason=Reason.FIRST, by=None, documents=ID)
    no_contract = make_clinic(fund_contract=False)
    closed = make_clinic(accepts=False)
    html = client.get("/en/clinics/").text.split('id="free"')[1]
    assert abai_clinic.name_en in html
    assert "5 free places" in html
    for clinic in (full, no_contract, closed):
        assert clinic.name_en not in html
    assert "<meter" in html, "a gauge of places taken"


def test_a_full_clinic_serving_the_address_is_shown_as_full(
    client, make_clinic, make_person, astana
):
    full = make_clinic(capacity=1)
    add_area(full, street=ABAI)
    services.attach(person=make_person(), clinic=full, reason=Reason.FIRST, by=None, documents=ID)
    response = client.get("/en/clinics/", {"city": astana.pk, "street": "Abai"})
    serving = response.text.split('id="serving"')[1].split('id="free"')[0]
    assert full.name_en in serving and "No free places" in serving


def test_only_cities_with_clinics_are_offered(client, abai_clinic):
    html = client.get("/en/clinics/").text
    assert "Astana" in html
    assert City.objects.get(name_en="Aktau").name_en not in html


@pytest.mark.parametrize(
    ("language", "since"),
    [("kk", "бастап тіркелгенсіз"), ("ru", "Прикреплены с"), ("en", "Attached since")],
)
def test_a_resident_sees_where_they_are_attached(client, make_person, abai_clinic, language, since):
    person = make_person()
    services.attach(
        person=person,
        clinic=abai_clinic,
        reason=Reason.FIRST,
        by=None,
        documents=ID,
        on=datetime.date(2025, 4, 1),
    )
    page = client.get(f"/{language}/clinics/mine/")
    assert 'method="post"' in page.text, "the IIN is posted, never put in the address"
    response = client.post(f"/{language}/clinics/mine/", {"iin": person.iin})
    assert response.status_code == 200
    assert since in response.text
    assert getattr(abai_clinic, f"name_{language}") in response.text
    assert getattr(abai_clinic, f"address_{language}") in response.text
    assert "2025" in response.text
    assert person.last_name not in response.text, "the clinic and the date only"


def test_an_unattached_iin_is_told_how_to_attach(client, person):
    response = client.post("/en/clinics/mine/", {"iin": person.iin})
    assert "We found no polyclinic attachment for this IIN." in response.text
    assert 'href="/en/clinics/"' in response.text


def test_a_mistyped_iin_is_explained_and_kept(client):
    response = client.post("/en/clinics/mine/", {"iin": "12345"})
    assert "An IIN has exactly 12 digits" in response.text
    assert 'value="12345"' in response.text


@override_settings(LOOKUP_RATE_LIMIT="3/min")
def test_the_lookup_has_the_status_checks_rate_limit(client, person):
    for _ in range(3):
        assert client.post("/en/clinics/mine/", {"iin": person.iin}).status_code == 200
    response = client.post("/en/clinics/mine/", {"iin": person.iin})
    assert response.status_code == 429
    assert "Retry-After" in response

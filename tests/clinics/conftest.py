import itertools
import random

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from clinics.models import City, Clinic, Document, Registrar, ServiceArea
from msqory.roles import CLINIC_REGISTRAR
from status.demo import synthetic_iin
from status.models import Person, Residency

_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def astana(db):
    # get_or_create: transactional tests flush the rows the data migration loaded.
    city, _created = City.objects.get_or_create(
        name_kk="Астана",
        defaults={"name": "Астана", "name_ru": "Астана", "name_en": "Astana", "region": "Астана"},
    )
    return city


@pytest.fixture
def make_clinic(db, astana):
    def make(*, name="Емхана", capacity=10, fund_contract=True, accepts=True, city=None, **extra):
        number = next(_codes)
        with translation.override("kk"):  # `name` is the Kazakh one
            return Clinic.objects.create(
                code=f"T-{number:04d}",
                bin=f"{number:012d}",
                name=f"{name} {number}",
                name_ru=f"Поликлиника {number}",
                name_en=f"Polyclinic {number}",
                address=f"Абай даңғылы, {number}",
                address_ru=f"проспект Абая, {number}",
                address_en=f"{number} Abai Avenue",
                city=city or astana,
                capacity=capacity,
                accepts_new_patients=accepts,
                fund_contract=fund_contract,
                **extra,
            )

    return make


@pytest.fixture
def clinic(make_clinic):
    return make_clinic()


@pytest.fixture
def make_person(db):
    rng = random.Random(6)

    def make(*, residency=Residency.CITIZEN, **extra):
        while True:
            iin = synthetic_iin(rng, born_after=1960, born_before=2005)
            if not Person.objects.filter(iin=iin).exists():
                break
        names = {"last_name": "Сейітов", "first_name": "Асқар"} | extra
        return Person.objects.create(iin=iin, residency=residency, **names)

    return make


@pytest.fixture
def person(make_person):
    return make_person()


@pytest.fixture
def make_registrar(db, django_user_model):
    def make(clinic, username=None):
        user = django_user_model.objects.create_user(
            username=username or f"registrar{next(_codes)}", password="desk-password-1"
        )
        user.groups.add(Group.objects.get(name=CLINIC_REGISTRAR))
        Registrar.objects.create(user=user, clinic=clinic)
        return user

    return make


@pytest.fixture
def registrar(make_registrar, clinic):
    return make_registrar(clinic)


def add_area(clinic, *, street=("", "", ""), district=("", "", "")):
    with translation.override("kk"):
        return ServiceArea.objects.create(
            clinic=clinic,
            city=clinic.city,
            street=street[0],
            street_kk=street[0],
            street_ru=street[1],
            street_en=street[2],
            district=district[0],
            district_kk=district[0],
            district_ru=district[1],
            district_en=district[2],
        )


ID = [Document.IDENTITY]
MIGRANT_DOCS = [Document.IDENTITY, Document.INSURANCE_CONTRACT, Document.APPLICATION]

"""Demo polyclinics in four cities, the streets they serve, and attachments with history.

Attachments are made through `clinics.services.attach` (past dates), so the demo obeys every
rule the portal enforces. Capacities are then set just above the number attached, so the
pages show clinics that are nearly full (and one that is full). Runs once: when the demo
clinics exist, nothing changes.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from msqory.roles import CLINIC_REGISTRAR
from status.models import Person

from . import rules, services
from .errors import AttachmentRefused
from .models import City, Clinic, Document, Reason, Registrar, ServiceArea

# code, BIN, city (kk), name (kk, ru, en), address (kk, ru, en), district (kk, ru, en), phone,
# accepts new patients, Fund contract, service areas [(district, street)] each (kk, ru, en).
CLINICS = [
    (
        "AST-001", "100140001234", "Астана",
        ("№ 1 қалалық емхана", "Городская поликлиника № 1", "City polyclinic No. 1"),
        ("Абай даңғылы, 26", "проспект Абая, 26", "26 Abai Avenue"),
        ("Сарыарқа ауданы", "район Сарыарка", "Saryarka district"), "+7 7172 00 01 01",
        True, True,
        [
            (("Сарыарқа ауданы", "район Сарыарка", "Saryarka district"),
             ("Абай даңғылы", "проспект Абая", "Abai Avenue")),
            (("Сарыарқа ауданы", "район Сарыарка", "Saryarka district"),
             ("Бейбітшілік көшесі", "улица Бейбитшилик", "Beibitshilik Street")),
        ],
    ),
    (
        "AST-002", "100140005678", "Астана",
        ("№ 4 қалалық емхана", "Городская поликлиника № 4", "City polyclinic No. 4"),
        ("Тұран даңғылы, 42", "проспект Туран, 42", "42 Turan Avenue"),
        ("Есіл ауданы", "район Есиль", "Yesil district"), "+7 7172 00 04 04",
        True, True,
        [
            (("Есіл ауданы", "район Есиль", "Yesil district"),
             ("Тұран даңғылы", "проспект Туран", "Turan Avenue")),
            (("Есіл ауданы", "район Есиль", "Yesil district"), ("", "", "")),
        ],
    ),
    (
        "AST-003", "100140009012", "Астана",
        ("«Денсаулық» медициналық орталығы", "Медицинский центр «Денсаулык»",
         "Densaulyq medical centre"),
        ("Кенесары көшесі, 8", "улица Кенесары, 8", "8 Kenesary Street"),
        ("Алматы ауданы", "район Алматы", "Almaty district"), "+7 7172 00 08 08",
        True, False,
        [
            (("Алматы ауданы", "район Алматы", "Almaty district"),
             ("Кенесары көшесі", "улица Кенесары", "Kenesary Street")),
        ],
    ),
    (
        "ALA-001", "100240001111", "Алматы",
        ("№ 5 қалалық емхана", "Городская поликлиника № 5", "City polyclinic No. 5"),
        ("Төле би көшесі, 95", "улица Толе би, 95", "95 Tole Bi Street"),
        ("Алмалы ауданы", "Алмалинский район", "Almaly district"), "+7 727 000 05 05",
        True, True,
        [
            (("Алмалы ауданы", "Алмалинский район", "Almaly district"),
             ("Төле би көшесі", "улица Толе би", "Tole Bi Street")),
            (("Алмалы ауданы", "Алмалинский район", "Almaly district"),
             ("Абай даңғылы", "проспект Абая", "Abai Avenue")),
        ],
    ),
    (
        "ALA-002", "100240002222", "Алматы",
        ("№ 9 қалалық емхана", "Городская поликлиника № 9", "City polyclinic No. 9"),
        ("Райымбек даңғылы, 201", "проспект Райымбека, 201", "201 Raiymbek Avenue"),
        ("Жетісу ауданы", "Жетысуский район", "Zhetysu district"), "+7 727 000 09 09",
        False, True,
        [
            (("Жетісу ауданы", "Жетысуский район", "Zhetysu district"),
             ("Райымбек даңғылы", "проспект Райымбека", "Raiymbek Avenue")),
        ],
    ),
    (
        "SHY-001", "100340003333", "Шымкент",
        ("№ 2 қалалық емхана", "Городская поликлиника № 2", "City polyclinic No. 2"),
        ("Тәуке хан даңғылы, 5", "проспект Тауке хана, 5", "5 Tauke Khan Avenue"),
        ("Әл-Фараби ауданы", "район Аль-Фараби", "Al-Farabi district"), "+7 7252 00 02 02",
        True, True,
        [
            (("Әл-Фараби ауданы", "район Аль-Фараби", "Al-Farabi district"),
             ("Тәуке хан даңғылы", "проспект Тауке хана", "Tauke Khan Avenue")),
            (("Әл-Фараби ауданы", "район Аль-Фараби", "Al-Farabi district"), ("", "", "")),
        ],
    ),
    (
        "TRZ-001", "100440004444", "Тараз",
        ("«Zhanshuak Medical Group» ЖШС", "ТОО «Zhanshuak Medical Group»",
         "Zhanshuak Medical Group LLP"),
        ("Төле би көшесі, 12", "улица Толе би, 12", "12 Tole Bi Street"),
        ("", "", ""), "+7 7262 00 12 12",
        True, True,
        [
            (("", "", ""), ("Төле би көшесі", "улица Толе би", "Tole Bi Street")),
            (("", "", ""), ("Абай даңғылы", "проспект Абая", "Abai Avenue")),
        ],
    ),
    (
        "TRZ-002", "100440005555", "Тараз",
        ("«Almaz Medical Group» ЖШС", "ТОО «Almaz Medical Group»", "Almaz Medical Group LLP"),
        ("Жамбыл даңғылы, 7", "проспект Жамбыла, 7", "7 Zhambyl Avenue"),
        ("", "", ""), "+7 7262 00 07 07",
        True, True,
        [(("", "", ""), ("Жамбыл даңғылы", "проспект Жамбыла", "Zhambyl Avenue"))],
    ),
]  # fmt: skip

# How many places each clinic keeps free after the demo attachments: nearly full, one full.
FREE_PLACES = {"AST-001": 0, "AST-002": 3, "ALA-001": 2, "SHY-001": 5, "TRZ-001": 1, "TRZ-002": 4}
EXTRA_CAPACITY = 40  # clinics taking nobody in the demo (no contract, not accepting)


def _translated(prefix: str, values: tuple[str, str, str]) -> dict[str, str]:
    kk, ru, en = values
    return {prefix: kk, f"{prefix}_kk": kk, f"{prefix}_ru": ru, f"{prefix}_en": en}


def seed(*, rng, persons: int, stdout) -> None:
    codes = [row[0] for row in CLINICS]
    if Clinic.objects.filter(code__in=codes).exists():
        stdout.write(f"Demo polyclinics already there: {Clinic.objects.count()}")
        _say_demo_registrar(stdout=stdout)
        return
    cities = {city.name_kk: city for city in City.objects.all()}
    clinics = []
    for code, bin_, city, name, address, district, phone, accepts, contract, areas in CLINICS:
        clinic = Clinic(
            code=code,
            bin=bin_,
            city=cities[city],
            phone=phone,
            capacity=10**6,  # lowered to "nearly full" once the demo people are attached
            accepts_new_patients=True,
            fund_contract=True,
            **_translated("name", name),
            **_translated("address", address),
            **_translated("district", district),
        )
        clinic.save()
        for area_district, street in areas:
            ServiceArea(
                clinic=clinic,
                city=cities[city],
                **_translated("district", area_district),
                **_translated("street", street),
            ).save()
        clinics.append((clinic, accepts, contract))

    taking = [clinic for clinic, accepts, contract in clinics if accepts and contract]
    people = list(Person.objects.order_by("iin"))
    attached = 0
    for person in people:
        if person.residency in rules.NOT_ATTACHABLE or rng.random() < 0.1:
            continue
        attached += _attach_with_history(rng=rng, person=person, clinics=taking)

    for clinic, accepts, contract in clinics:
        taken = clinic.attachments.filter(end__isnull=True).count()
        clinic.capacity = taken + FREE_PLACES.get(clinic.code, EXTRA_CAPACITY)
        clinic.accepts_new_patients, clinic.fund_contract = accepts, contract
        clinic.save()
    stdout.write(f"Demo polyclinics: {len(clinics)}; attachments made: {attached}")
    _demo_registrar(clinic=taking[0], stdout=stdout)


DEMO_REGISTRAR = "registrar"
DEMO_PASSWORD = "msqory-demo"  # noqa: S105 - only set with DEBUG=true, for the local demo


def _demo_registrar(*, clinic, stdout) -> None:
    """A registrar of the first demo clinic; it can sign in only in a DEBUG (local) demo."""
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_REGISTRAR, defaults={"first_name": "Айгүл", "last_name": "Демо"}
    )
    if created:
        if settings.DEBUG:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.add(*Group.objects.filter(name=CLINIC_REGISTRAR))
        Registrar.objects.create(user=user, clinic=clinic)
    _say_demo_registrar(stdout=stdout)


def _say_demo_registrar(*, stdout) -> None:
    """Every run names the demo registrar's account (when it can sign in: a DEBUG demo)."""
    membership = (
        Registrar.objects.filter(user__username=DEMO_REGISTRAR).select_related("clinic", "user")
    ).first()
    if settings.DEBUG and membership and membership.user.check_password(DEMO_PASSWORD):
        stdout.write(
            f"Demo registrar of {membership.clinic.code}: {DEMO_REGISTRAR} / {DEMO_PASSWORD}"
        )


def _attach_with_history(*, rng, person, clinics) -> int:
    """A first attachment in 2023–2024, for some a move or a free choice in 2025."""
    first_on = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
    first_on = max(first_on, person.birth_date)
    if person.residency in rules.CONTRACT_CATEGORIES:
        # Migrants: one contract, ending between next month and next year.
        today = timezone.localdate()
        return _try(
            person=person,
            clinic=rng.choice(clinics),
            reason=Reason.MIGRANT_CONTRACT,
            on=today - datetime.timedelta(days=rng.randint(10, 200)),
            contract_number=f"EAEU-{rng.randint(10000, 99999)}",
            contract_ends=today + datetime.timedelta(days=rng.randint(20, 365)),
        )
    reason = Reason.NEWBORN if first_on == person.birth_date else Reason.FIRST
    made = _try(person=person, clinic=rng.choice(clinics), reason=reason, on=first_on)
    if made and rng.random() < 0.35:
        reason = rng.choice([Reason.RESIDENCE_CHANGE, Reason.FREE_CHOICE])
        # A free choice is made in the 2025 campaign (September–October, from 1 January 2026).
        again_on = (
            datetime.date(2025, 9, 1) + datetime.timedelta(days=rng.randint(0, 60))
            if reason == Reason.FREE_CHOICE
            else datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 300))
        )
        made += _try(person=person, clinic=rng.choice(clinics), reason=reason, on=again_on)
    return made


def _try(*, person, clinic, reason, on, contract_number="", contract_ends=None) -> int:
    documents = rules.required_documents(residency=person.residency, reason=reason)
    if reason == Reason.MIGRANT_CONTRACT:
        documents.append(Document.APPLICATION)
    try:
        services.attach(
            person=person,
            clinic=clinic,
            reason=reason,
            by=None,
            documents=documents,
            contract_number=contract_number,
            contract_ends=contract_ends,
            on=on,
        )
    except AttachmentRefused:  # e.g. moving to the clinic the person is already at
        return 0
    return 1

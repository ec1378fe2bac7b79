"""Synthetic people for the demo and for load tests: valid IINs, invented names, no real data."""

import datetime
import random

from .demo_history import print_demo_iins, seed_histories
from .iin import FEMALE, MALE, make_iin, parse_iin
from .models import Person, Residency

# Synthetic names, Kazakh and Russian as in the registry (surname, first name, patronymic).
KAZAKH_NAMES = {
    MALE: ["Асқар", "Ерлан", "Нұрлан", "Данияр", "Арман", "Бауыржан", "Тимур", "Олжас"],
    FEMALE: ["Айгүл", "Динара", "Жанар", "Гүлнар", "Мадина", "Сәуле", "Әсем", "Аружан"],
}
KAZAKH_SURNAME_STEMS = ["Сейітов", "Жұмабаев", "Омаров", "Қасымов", "Әбенов", "Нұрланов", "Есенов"]
KAZAKH_PATRONYMIC_STEMS = ["Серік", "Болат", "Қайрат", "Ғалым", "Марат", "Ержан"]
RUSSIAN_NAMES = {
    MALE: ["Александр", "Дмитрий", "Сергей", "Андрей", "Алексей", "Максим", "Игорь", "Владимир"],
    FEMALE: ["Елена", "Ольга", "Наталья", "Ирина", "Татьяна", "Анна", "Светлана", "Екатерина"],
}
RUSSIAN_SURNAME_STEMS = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов"]
RUSSIAN_PATRONYMIC_STEMS = ["Александров", "Сергеев", "Петров", "Викторов", "Николаев", "Андреев"]
RUSSIAN_SHARE = 0.25

# Mostly citizens, as in the country; every other category appears too.
RESIDENCY_WEIGHTS = {
    Residency.CITIZEN: 80,
    Residency.KANDAS: 5,
    Residency.REFUGEE: 1,
    Residency.RESIDENCE_PERMIT: 5,
    Residency.EAEU_LABOUR_MIGRANT: 5,
    Residency.CIS_NO_PERMIT: 2,
    Residency.FOREIGNER_NO_PERMIT: 2,
}


def synthetic_iin(rng: random.Random, *, born_after: int = 1940, born_before: int = 2025) -> str:
    """A random IIN with a valid check digit and a real birth date."""
    while True:
        birth_date = datetime.date(rng.randint(born_after, born_before), 1, 1) + datetime.timedelta(
            days=rng.randint(0, 364)
        )
        iin = make_iin(birth_date, rng.choice([MALE, FEMALE]), rng.randint(0, 9999))
        if iin is not None:
            return iin


def synthetic_name(rng: random.Random, *, sex: str) -> tuple[str, str, str]:
    """(last name, first name, patronymic): Kazakh, or for a quarter of people Russian."""
    female = sex == FEMALE
    if rng.random() < RUSSIAN_SHARE:
        return (
            rng.choice(RUSSIAN_SURNAME_STEMS) + ("а" if female else ""),
            rng.choice(RUSSIAN_NAMES[sex]),
            rng.choice(RUSSIAN_PATRONYMIC_STEMS) + ("на" if female else "ич"),
        )
    return (
        rng.choice(KAZAKH_SURNAME_STEMS) + ("а" if female else ""),
        rng.choice(KAZAKH_NAMES[sex]),
        rng.choice(KAZAKH_PATRONYMIC_STEMS) + ("қызы" if female else "ұлы"),
    )


def synthetic_person(rng: random.Random) -> Person:
    iin = synthetic_iin(rng)
    # Names come from a stream of their own (by IIN): the same seed gives the same people,
    # and the IINs and histories drawn from `rng` do not depend on the names.
    last_name, first_name, patronymic = synthetic_name(
        random.Random(f"name:{iin}"), sex=parse_iin(iin).sex
    )
    return Person(
        iin=iin,
        first_name=first_name,
        last_name=last_name,
        patronymic=patronymic,
        residency=rng.choices(list(RESIDENCY_WEIGHTS), weights=RESIDENCY_WEIGHTS.values())[0],
    )


def seed(*, rng: random.Random, persons: int, stdout) -> None:
    """Create `persons` demo people with 36 months of payments; the same seed gives the same data.

    Running it again adds nothing (persons by IIN, payments by their deterministic reference,
    memberships by person, category and start).
    """
    people = [synthetic_person(rng) for _ in range(persons)]
    for person in people:
        # save() derives birth date and sex from the IIN; bulk_create skips save().
        facts = parse_iin(person.iin)
        person.birth_date, person.sex = facts.birth_date, facts.sex
    Person.objects.bulk_create(people, ignore_conflicts=True, batch_size=1000)
    stdout.write(f"Persons in the registry: {Person.objects.count()}")
    histories = seed_histories(rng=rng, iins=[person.iin for person in people], stdout=stdout)
    print_demo_iins(histories=histories, stdout=stdout)

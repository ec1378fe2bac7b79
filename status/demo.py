"""Synthetic people for the demo and for load tests: valid IINs, invented names, no real data."""

import datetime
import random

from .demo_history import print_demo_iins, seed_histories
from .iin import FEMALE, MALE, make_iin, parse_iin
from .models import Person, Residency

MALE_FIRST_NAMES = ["Асқар", "Ерлан", "Нұрлан", "Данияр", "Арман", "Бауыржан", "Тимур", "Олжас"]
FEMALE_FIRST_NAMES = ["Айгүл", "Динара", "Жанар", "Гүлнар", "Мадина", "Сәуле", "Әсем", "Аружан"]
LAST_NAME_STEMS = ["Сейітов", "Жұмабаев", "Омаров", "Қасымов", "Әбенов", "Нұрланов", "Есенов"]
PATRONYMIC_STEMS = ["Серік", "Болат", "Қайрат", "Ғалым", "Марат", "Ержан"]

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


def synthetic_person(rng: random.Random) -> Person:
    iin = synthetic_iin(rng)
    female = int(iin[6]) % 2 == 0
    ending = "а" if female else ""
    return Person(
        iin=iin,
        first_name=rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES),
        last_name=rng.choice(LAST_NAME_STEMS) + ending,
        patronymic=rng.choice(PATRONYMIC_STEMS) + ("қызы" if female else "ұлы"),
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

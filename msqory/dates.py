"""Dates inside sentences, in each language's grammar.

A Kazakh sentence puts the case ending on the date's last word, the month: "2027 жылғы
1 қаңтарда" (on: locative), "2026 жылғы 7 желтоқсандағы жағдай бойынша" (as of: attributive),
"29 желтоқсанға дейін" (until: dative), "30 қазаннан бастап" (from: ablative). A template names
the Kazakh case its sentence needs ({{ day|date_in:"locative" }}); the other languages follow:

- Russian: a day's month is always in the genitive ("1 января 2027 г."); a month alone is in
  the genitive for the attributive and ablative ("с декабря 2025 г."), in the nominative for the
  dative ("по март 2026 г.") and the nominative, in the prepositional for the locative
  ("в марте 2026 г."). Russian dates end in "г.", so a Russian sentence adds no full stop after
  one.
- English and any other language: the locale's DATE_FORMAT and YEAR_MONTH_FORMAT.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

CASES = ("nominative", "locative", "attributive", "dative", "ablative")

KK_MONTHS = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
)  # fmt: skip
RU_MONTHS = {
    "nominative": (
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ),
    "genitive": (
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ),
    "prepositional": (
        "январе", "феврале", "марте", "апреле", "мае", "июне",
        "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
    ),
}  # fmt: skip
_RU_MONTH_CASE = {
    "nominative": "nominative",
    "locative": "prepositional",
    "attributive": "genitive",
    "dative": "nominative",
    "ablative": "genitive",
}

_KK_VOWELS = set("аәеёиоөуұүыіэюя")
_KK_FRONT = set("әеөүіэ")
_KK_VOICELESS = set("кқпстфхцчшщ")
_KK_NASALS = set("мнң")


def kk_case(word: str, case: str) -> str:
    """A Kazakh word with the case ending, by vowel harmony and its last sound."""
    if case == "nominative":
        return word
    front = next((c in _KK_FRONT for c in reversed(word) if c in _KK_VOWELS), False)
    last = word[-1]
    voiceless = last in _KK_VOICELESS
    if case == "dative":
        if voiceless:
            return word + ("ке" if front else "қа")
        return word + ("ге" if front else "ға")
    locative = ("т" if voiceless else "д") + ("е" if front else "а")
    if case == "locative":
        return word + locative
    if case == "attributive":
        return word + locative + ("гі" if front else "ғы")
    if case == "ablative":
        consonant = "т" if voiceless else "н" if last in _KK_NASALS else "д"
        return word + consonant + ("ен" if front else "ан")
    raise ValueError(f"unknown case {case!r}")


def _local_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def date_in(value: datetime.date | None, case: str = "nominative") -> str:
    """A day date for a sentence, in the active language: kk "2027 жылғы 1 қаңтарда"."""
    return _phrase(value, case, day=True)


def month_in(value: datetime.date | None, case: str = "nominative") -> str:
    """A month of a year for a sentence: kk "2025 жылғы желтоқсаннан", ru "декабря 2025 г."."""
    return _phrase(value, case, day=False)


def _phrase(value, case: str, *, day: bool) -> str:
    if value is None or value == "":
        return ""
    value = _local_date(value)
    month = value.month - 1
    language = (get_language() or "").split("-")[0]
    if language == "kk":
        days = f"{value.day} " if day else ""
        return f"{value.year} жылғы {days}{kk_case(KK_MONTHS[month], case)}"
    if language == "ru":
        if day:
            return f"{value.day} {RU_MONTHS['genitive'][month]} {value.year} г."
        return f"{RU_MONTHS[_RU_MONTH_CASE[case]][month]} {value.year} г."
    return date_format(value, "DATE_FORMAT" if day else "YEAR_MONTH_FORMAT")

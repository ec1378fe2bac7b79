"""Sorting names as each language's readers expect.

Unicode puts the Kazakh letters ә, ғ, қ, ң, ө, ұ, ү, һ, і after the Russian alphabet, so a
plain sort lists "Қарағанды" after "Ясный". `sort_key` follows the Kazakh alphabet in Kazakh
and the letters' usual order otherwise (ё with е in Russian).
"""

from django.utils.translation import get_language

KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_KK_ORDER = {letter: index for index, letter in enumerate(KAZAKH_ALPHABET)}


def sort_key(text: str, *, language: str | None = None) -> tuple:
    language = (language or get_language() or "").split("-")[0]
    folded = str(text).casefold()
    if language == "kk":
        return tuple((_KK_ORDER.get(c, len(_KK_ORDER) + ord(c))) for c in folded)
    if language == "ru":
        folded = folded.replace("ё", "е")
    return tuple(ord(c) for c in folded)

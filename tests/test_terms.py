"""One term for each thing, as in the Fund's brochures (issue 20, people 7), and the other small
wording fixes: regions in the reader's alphabetical order, MSHI's start said as such."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from information.models import FaqEntry, Page
from refunds.forms import region_choices

pytestmark = pytest.mark.django_db
LOCALE = Path(settings.BASE_DIR) / "locale"


def catalogue(language: str) -> list[str]:
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    return [
        text
        for entry in po
        if not entry.obsolete
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
    ]


@pytest.mark.parametrize(
    ("language", "wrong"),
    [
        ("kk", r"\bқарыз"),  # берешек
        ("kk", r"жою\b"),  # есептен шығару (debt write-off)
        ("kk", r"жұмыскер"),  # қызметкер
        ("kk", r"декрет"),  # жүктілік және босану бойынша демалыс
        ("ru", r"аннулир"),  # списание
        ("ru", r"декретн"),  # отпуск по беременности и родам
    ],
)
def test_the_catalogues_use_the_brochures_terms(language, wrong):
    found = [text for text in catalogue(language) if re.search(wrong, text, re.IGNORECASE)]
    assert found == []


def test_the_residency_category_is_never_called_the_status():
    po = polib.pofile(str(LOCALE / "kk" / "LC_MESSAGES" / "django.po"))
    for entry in po:
        if re.fullmatch(r"(?i)(any )?residency( rules?.*)?", entry.msgid):
            assert "мәртебе" not in entry.msgstr.casefold(), entry.msgid


@pytest.mark.parametrize(
    ("language", "wrong"),
    [("kk", r"\bқарыз"), ("kk", r"жою\b"), ("kk", "декрет"), ("ru", "аннулир"), ("ru", "декретн")],
)
def test_the_loaded_content_uses_the_brochures_terms(language, wrong):
    texts = [
        getattr(row, f"{field}_{language}") or ""
        for model, fields in (
            (Page, ("title", "summary", "body")),
            (FaqEntry, ("question", "answer")),
        )
        for row in model.objects.all()
        for field in fields
    ]
    assert [t for t in texts if re.search(wrong, t, re.IGNORECASE)] == []


def test_regions_are_in_kazakh_alphabetical_order_in_kazakh(client):
    from django.utils import translation

    with translation.override("kk"):
        names = [name for _code, name in region_choices()][:17]
    assert names[0] == "Абай облысы"
    assert names.index("Қарағанды облысы") < names.index("Қостанай облысы")
    assert names.index("Қызылорда облысы") < names.index("Маңғыстау облысы"), "қ before м"
    assert names.index("Ұлытау облысы") > names.index("Түркістан облысы"), "ұ after т"
    page = client.get("/kk/refunds/new/").text
    assert page.index("Абай облысы") < page.index("Ақмола облысы") < page.index("Жамбыл облысы")


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("kk", "Міндетті әлеуметтік медициналық сақтандыру 2017 жылғы шілдеде басталды"),
        ("ru", "Обязательное социальное медицинское страхование началось в июле 2017 г."),
        ("en", "Compulsory social health insurance began in July 2017"),
    ],
)
def test_the_calculator_says_mshi_had_not_begun_in_2016(client, language, said):
    page = client.get(
        f"/{language}/contributions/calculator/",
        {"payer_type": "self_payer", "period": "2016-05"},
    )
    assert said in page.text
    assert "There is no rule" not in page.text

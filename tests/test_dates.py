"""Dates inside sentences take the grammar of each language (issue 20, people 6): Kazakh case
endings on the month, Russian genitive months, no "г.." double stop. The helper, then each
template that inserts a date into a sentence."""

import datetime
import html
import random
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from msqory.dates import date_in, kk_case, month_in
from refunds import services
from status.demo import synthetic_iin
from status.models import Person
from tests.refunds.conftest import pdf

pytestmark = pytest.mark.django_db

# The twelve Kazakh months in the four cases the portal's sentences need.
KK_FORMS = {
    "қаңтар": ("қаңтарда", "қаңтардағы", "қаңтарға", "қаңтардан"),
    "ақпан": ("ақпанда", "ақпандағы", "ақпанға", "ақпаннан"),
    "наурыз": ("наурызда", "наурыздағы", "наурызға", "наурыздан"),
    "сәуір": ("сәуірде", "сәуірдегі", "сәуірге", "сәуірден"),
    "мамыр": ("мамырда", "мамырдағы", "мамырға", "мамырдан"),
    "маусым": ("маусымда", "маусымдағы", "маусымға", "маусымнан"),
    "шілде": ("шілдеде", "шілдедегі", "шілдеге", "шілдеден"),
    "тамыз": ("тамызда", "тамыздағы", "тамызға", "тамыздан"),
    "қыркүйек": ("қыркүйекте", "қыркүйектегі", "қыркүйекке", "қыркүйектен"),
    "қазан": ("қазанда", "қазандағы", "қазанға", "қазаннан"),
    "қараша": ("қарашада", "қарашадағы", "қарашаға", "қарашадан"),
    "желтоқсан": ("желтоқсанда", "желтоқсандағы", "желтоқсанға", "желтоқсаннан"),
}


@pytest.mark.parametrize("month", list(KK_FORMS))
def test_each_kazakh_month_takes_its_case_endings(month):
    cases = ("locative", "attributive", "dative", "ablative")
    assert tuple(kk_case(month, case) for case in cases) == KK_FORMS[month]


def test_the_issues_examples():
    with translation.override("kk"):
        assert date_in(datetime.date(2027, 1, 1), "locative") == "2027 жылғы 1 қаңтарда"
        assert date_in(datetime.date(2026, 12, 7), "attributive").endswith("7 желтоқсандағы")
        assert date_in(datetime.date(2026, 12, 29), "dative").endswith("29 желтоқсанға")
        assert date_in(datetime.date(2026, 10, 30), "ablative").endswith("30 қазаннан")
    with translation.override("ru"):
        assert month_in(datetime.date(2025, 12, 1), "ablative") == "декабря 2025 г."
        assert month_in(datetime.date(2026, 3, 1), "dative") == "март 2026 г."
        assert date_in(datetime.date(2027, 1, 1), "locative") == "1 января 2027 г."


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        text = Template("{% load i18n portal_dates %}" + source).render(Context(context))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


# --- Each template that puts a date into a sentence -----------------------------------------


def test_the_submitted_page_and_its_letter_put_dates_in_their_cases(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    person = Person.objects.create(iin=synthetic_iin(random.Random(61)))
    application = services.submit_cancellation(
        person=person,
        documents=[("residence_permit", pdf())],
        applicant_name="Иванов Иван",
        address="Астана",
        region="astana",
        phone="+7 701 123 45 67",
        email="ivan@example.kz",
        cancellation_reason="before_entry",
        period_start=datetime.date(2025, 12, 1),
        period_end=datetime.date(2026, 3, 1),
        language="kk",
    )
    session = client.session
    session["refunds_submitted"] = {"id": application.pk, "until": 4e9}
    session.save()
    kk = " ".join(html.unescape(client.get("/kk/applications/submitted/").text).split())
    with translation.override("kk"):
        assert f"{date_in(application.due_date, 'dative')}</strong> дейін" in kk
    assert "2025 жылғы желтоқсаннан бастап 2026 жылғы наурызға дейін" in kk
    ru_page = client.get("/ru/applications/submitted/").text
    ru = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", ru_page)).split())
    assert "с декабря 2025 г. по март 2026 г." in ru
    assert "Прошу Вас списать задолженность" in ru, "списание, not аннулирование"
    assert "до моего въезда в Казахстан" in ru, "the reason keeps its capital letter"
    assert "г.." not in ru and "г. ." not in ru


def test_the_clinic_pages_say_since_when_with_the_ablative():
    day = datetime.date(2026, 10, 30)
    source = (
        '{% blocktranslate with date=day|date_in:"ablative" %}Attached since {{ date }}.'
        "{% endblocktranslate %}"
    )
    assert render(source, "kk", day=day) == "2026 жылғы 30 қазаннан бастап тіркелгенсіз."
    assert render(source, "ru", day=day) == "Прикреплены с 30 октября 2026 г."


def test_the_registrars_page_says_as_of_and_until_in_their_cases():
    day = datetime.date(2026, 12, 7)
    as_of = (
        '{% blocktranslate with date=day|date_in:"attributive" %}as of {{ date }}'
        "{% endblocktranslate %}"
    )
    until = (
        '{% blocktranslate with date=day|date_in:"dative" %}contract until {{ date }}'
        "{% endblocktranslate %}"
    )
    assert render(as_of, "kk", day=day) == "2026 жылғы 7 желтоқсандағы жағдай бойынша"
    assert render(until, "kk", day=day) == "шарт 2026 жылғы 7 желтоқсанға дейін"
    assert render(until, "ru", day=day) == "договор до 7 декабря 2026 г."


def portal_templates() -> list[str]:
    """Every template of the portal's own apps and of templates/ (not third-party ones)."""
    from django.conf import settings

    base = settings.BASE_DIR
    found = [*base.glob("*/templates/**/*.html"), *base.glob("*/templates/**/*.txt")]
    found += [*base.glob("templates/**/*.html"), *base.glob("templates/**/*.txt")]
    return sorted(str(path.relative_to(base)) for path in found if ".venv" not in path.parts)


# Dates in words that stand alone, not inside a sentence (nominative in every language).
LABELS = {
    "contributions/templates/contributions/calculator.html": "{{ month }}: to pay",
}


@pytest.mark.parametrize("template", portal_templates())
def test_no_sentence_formats_its_date_without_its_case(template):
    """Inside a translated sentence a date in words goes through date_in/month_in, never
    |date (digits such as "d.m.Y" take no case ending)."""
    from django.conf import settings

    text = (settings.BASE_DIR / template).read_text()
    for tag, body in re.findall(
        r"({% blocktranslate.*?%})(.*?){% endblocktranslate %}", text, re.S
    ):
        if body.strip() != LABELS.get(template):
            assert not re.search(r'\|date:"(DATE_FORMAT|YEAR_MONTH_FORMAT)"', tag), tag + body

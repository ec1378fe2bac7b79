"""Every question the brochures answer is on the FAQ page, right, in Kazakh, Russian and English."""

import html

import pytest

from information.markup import plain
from information.models import FaqEntry
from information.placeholders import PLACEHOLDER, Figures

from .conftest import CONTENT, LANGUAGES, TODAY

pytestmark = pytest.mark.django_db

# The ten questions of the issue, by the slug the data migration gives them.
SEED_QUESTIONS = {
    "employer-late",
    "foreigner-pregnancy",
    "unemployed",
    "several-clinics",
    "teacher-with-farm",
    "entrepreneur-maternity-leave",
    "back-from-abroad",
    "new-employee",
    "pregnant-screenings",
    "change-of-address",
}


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_every_seed_question_is_loaded():
    loaded = set(FaqEntry.objects.values_list("slug", flat=True))
    assert loaded >= SEED_QUESTIONS
    assert {slug for slug, *_rest in CONTENT.FAQS} == set(
        FaqEntry.objects.values_list("slug", flat=True)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reader_finds_every_question_and_its_answer_in_their_language(client, language):
    response = client.get(f"/{language}/information/faq/")
    assert response.status_code == 200
    page = text_of(response)
    index = LANGUAGES.index(language)
    figures = Figures(on=TODAY)
    for slug, _category, _source, questions, answers in CONTENT.FAQS:
        assert f'id="{slug}"' in page, slug
        assert questions[index] in page, (slug, language)
        # Each paragraph of the answer, with its figures filled in, is on the page.
        for paragraph in answers[index].split("\n\n"):
            first_line = " ".join(plain(paragraph.split("\n")[0], figures=figures).split())
            assert first_line[:80] in " ".join(page.split()), (slug, language, first_line)
    assert "{{" not in page, "a placeholder was left unfilled"


@pytest.mark.parametrize("language", LANGUAGES)
def test_questions_are_really_translated(client, language):
    """No language shows another language's text instead of its own."""
    index = LANGUAGES.index(language)
    for entry in FaqEntry.objects.all():
        assert not entry.missing_translations(), entry.slug
        texts = [getattr(entry, f"question_{code}") for code in LANGUAGES]
        assert len(set(texts)) == 3, entry.slug
        assert getattr(entry, f"question_{language}") == texts[index]


def test_answers_carry_no_typed_figures():
    """Amounts and rates come from the rule tables, never typed into the answers."""
    for _slug, _category, _source, _questions, answers in CONTENT.FAQS:
        for answer in answers:
            for typed in ("4 250", "4250", "5 950", "5950", "2975", "2 975", "17 000", "25 500"):
                assert typed not in answer
    for _slug, _pos, _source, _title, _summary, bodies in CONTENT.PAGES:
        for body in bodies:
            assert "4 250" not in body and "5 950" not in body


def test_the_answers_use_the_months_figures(client):
    page = text_of(client.get("/ru/information/faq/"))
    assert "4 250 тенге в месяц" in page.replace("\xa0", " ")  # self-payer, 5 % of 85 000
    page = text_of(client.get("/en/information/faq/"))
    assert "5,950 tenge a month in 2026" in page  # peasant farm / IE: 5 % of 1.4 × 85 000


def test_the_faq_is_grouped_by_category(client):
    page = text_of(client.get("/en/information/faq/"))
    for slug, names in CONTENT.FAQ_CATEGORIES:
        assert f'id="{slug}"' in page and names[2] in page
    payments = page.split('id="payments"')[1].split('id="status"')[0]
    assert "teacher" in payments


def test_placeholders_only_known_names():
    from information.placeholders import PLACEHOLDERS

    for _slug, _category, _source, questions, answers in CONTENT.FAQS:
        for text in (*questions, *answers):
            assert set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDERS)

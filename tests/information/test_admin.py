"""Fund staff edit the content, three languages side by side, and see what is untranslated."""

import html

import pytest

from information.models import FaqCategory, FaqEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def untranslated():
    return FaqEntry.objects.create(
        category=FaqCategory.objects.get(slug="care"),
        slug="dentist",
        question="Тіс емдеу тегін бе?",
        question_kk="Тіс емдеу тегін бе?",
        question_ru="Бесплатно ли лечение зубов?",
        question_en="",
        answer_kk="Жекелеген санаттарға.",
        answer_ru="",
        answer_en="",
    )


def text_of(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_the_list_marks_entries_missing_a_translation(staff_client, untranslated):
    page = text_of(staff_client.get("/en/admin/information/faqentry/"))
    assert "⚠ Missing translation: question (en); answer (ru, en)" in page
    assert page.count("✔ complete") == FaqEntry.objects.count() - 1


def test_the_list_can_show_only_untranslated_entries(staff_client, untranslated):
    page = text_of(staff_client.get("/en/admin/information/faqentry/?translations=missing"))
    assert "Тіс емдеу тегін бе?" in page
    assert "Can I be attached to several polyclinics" not in page


def test_the_change_form_puts_the_languages_side_by_side_and_warns(staff_client, untranslated):
    response = staff_client.get(f"/en/admin/information/faqentry/{untranslated.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "information-side-by-side" in page
    # kk, ru, en of a field share one row of the form.
    row = page.split('name="question_kk"')[1].split("form-row")[0]
    assert 'name="question_ru"' in row and 'name="question_en"' in row
    assert "Missing translation:" in text_of(response)
    assert "<code>{{ self_payer_amount }}</code> = 4,250" in page  # the placeholder help


def test_saving_an_untranslated_entry_warns(staff_client, untranslated):
    data = {
        "category": untranslated.category_id,
        "slug": "dentist",
        "position": 1,
        "published": "on",
        "question_kk": "Тіс емдеу тегін бе?",
        "question_ru": "Бесплатно ли лечение зубов?",
        "question_en": "",
        "answer_kk": "Жекелеген санаттарға.",
        "answer_ru": "Отдельным категориям.",
        "answer_en": "",
    }
    response = staff_client.post(
        f"/en/admin/information/faqentry/{untranslated.pk}/change/", data, follow=True
    )
    assert "Saved, but some texts are not translated yet" in text_of(response)


def test_an_unknown_placeholder_is_refused(staff_client, untranslated):
    data = {
        "category": untranslated.category_id,
        "slug": "dentist",
        "position": 1,
        "published": "on",
        "question_kk": "Тіс?",
        "question_ru": "Зубы?",
        "question_en": "Teeth?",
        "answer_kk": "{{ tooth_price }} теңге",
        "answer_ru": "Да.",
        "answer_en": "Yes.",
    }
    response = staff_client.post(f"/en/admin/information/faqentry/{untranslated.pk}/change/", data)
    assert response.status_code == 200
    assert "Unknown placeholder: {{ tooth_price }}." in text_of(response)


def test_complete_entries_have_no_marker():
    for entry in FaqEntry.objects.all():
        assert entry.missing_translations() == {}


@pytest.mark.parametrize(
    "model", ["page", "faqcategory", "faqentry", "careitem", "residencyrule", "channel"]
)
def test_fund_staff_can_open_every_content_list_and_form(staff_client, model):
    from django.apps import apps

    assert staff_client.get(f"/en/admin/information/{model}/").status_code == 200
    assert staff_client.get(f"/en/admin/information/{model}/add/").status_code == 200
    obj = apps.get_model("information", model).objects.first()
    response = staff_client.get(f"/en/admin/information/{model}/{obj.pk}/change/")
    assert response.status_code == 200
    assert "✔ complete" in response.content.decode()

"""In a real browser, in each language (issue 20): the prepaid result, the warning before a
refund ends the status, focus on the error summary after an error (on a phone), the 404 page,
and the phone layouts of the month grid and the vacation table."""

import datetime
import itertools
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from msqory.months import month_index, month_start
from status.demo import synthetic_iin
from status.models import Payment, Person

from .conftest import LANGUAGES, script_errors
from .test_journeys import DOCUMENTS, fill_the_rest_of_the_refund_form

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THIS_MONTH = month_index(timezone.localdate())
_references = itertools.count(1)

INSURED = {"kk": "Сақтандырылған", "ru": "Застрахован", "en": "Insured"}
PREPAID = {
    "kk": "Алдын ала төленген айлар",
    "ru": "Месяцы, оплаченные вперёд",
    "en": "Months paid in advance",
}
ENDS_STATUS = {
    "kk": "қайтарылса, сақтандыру мәртебеңіз тоқтайды",
    "ru": "при возврате вы потеряете статус застрахованного",
    "en": "refunding it ends your insured status",
}
NOT_FOUND = {"kk": "Бет табылмады", "ru": "Страница не найдена", "en": "Page not found"}


def prepaid_person(seed: int) -> Person:
    """Nothing paid for the past year; the 12 months from this one paid in advance."""
    who = Person.objects.create(
        iin=synthetic_iin(random.Random(seed)), last_name="Сейітова", first_name="Айгүл"
    )
    for ahead in range(12):
        period = month_start(THIS_MONTH + ahead)
        Payment.objects.create(
            person=who,
            period=period,
            payer_type_id="self_payer",
            amount=Decimal("4250.00"),
            paid_on=timezone.localdate() - datetime.timedelta(days=3),
            reference=f"E2E-PRE-{seed}-{next(_references):04d}",
        )
    return who


def error_summary_has_focus(page):
    """True when the error summary has the focus and its top is on screen (else what is)."""
    return page.evaluate(
        """() => {
            const summary = document.querySelector('.error-summary');
            if (!summary || document.activeElement !== summary) {
                return 'focus on ' + document.activeElement.outerHTML.slice(0, 80);
            }
            const box = summary.getBoundingClientRect();
            return (box.top > -2 && box.top < window.innerHeight) || 'top at ' + box.top;
        }"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_prepaid_person_sees_the_months_paid_in_advance(page, language):
    who = prepaid_person(200)
    page.goto(f"/{language}/status/")
    page.locator("#id_iin").fill(who.iin)
    page.locator("main form button[type=submit]").click()
    page.locator("#status-title").wait_for()
    assert page.locator("#status-title").inner_text().strip() == INSURED[language]
    prepaid = page.locator("#prepaid")
    assert PREPAID[language] in prepaid.inner_text()
    assert prepaid.locator(".month-grid__item--covered").count() == 12
    assert page.locator(".month-grid__item--debt").count() == 12, "the unpaid past year"
    assert who.iin not in page.content() and who.iin[:2] + "********" in page.content()
    assert script_errors(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refund_that_would_end_the_status_is_asked_about_first(page, language):
    who = prepaid_person(210 + LANGUAGES.index(language))
    last = who.payments.order_by("-period").first()
    page.goto(f"/{language}/refunds/new/")
    page.locator("#id_applicant_iin").fill(who.iin)
    page.locator("button[name=action][value=find]").click()
    choice = page.locator(f"label:has(input[name=payments][value='{last.pk}'])")
    assert ENDS_STATUS[language] in choice.inner_text(), "warned before anything is sent"
    choice.locator("input").check()
    page.locator("#id_applicant_name").fill("Сейітова Айгүл")
    fill_the_rest_of_the_refund_form(page)
    page.locator("button[name=action][value=submit]").click()
    page.locator("#status-warning").wait_for()
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")
    assert who.payments.get(pk=last.pk).refund_applications.count() == 0, "nothing filed yet"
    page.locator("#id_accept_status_change").check()
    page.locator("#id_payment_documents").set_input_files(DOCUMENTS)  # browsers drop files
    page.locator("button[name=action][value=submit]").click()
    page.locator(".refunds-number").first.wait_for()
    assert page.locator("button[data-print]").is_visible(), "a Print button once scripts run"
    assert script_errors(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_an_error_the_summary_has_the_focus_on_a_phone(new_page, language):
    page = new_page(width=390, height=800)
    who = prepaid_person(220 + LANGUAGES.index(language))
    page.goto(f"/{language}/refunds/new/")
    page.locator("#id_applicant_iin").fill(who.iin)
    page.locator("button[name=action][value=find]").click()
    page.wait_for_url(f"**/{language}/refunds/new/#payments")
    page.locator("button[name=action][value=submit]").click()  # nothing else filled in
    page.locator(".error-summary").wait_for()
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")
    assert error_summary_has_focus(page) is True, "the errors are on screen, not at #payments"
    assert "#payments" not in page.url
    # A wrong IIN at "Show my payments" too: the page opens at #payments, focus goes up.
    page.locator("#id_applicant_iin").fill("12345")
    page.locator("button[name=action][value=find]").click()
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")
    assert error_summary_has_focus(page) is True
    assert script_errors(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_page_has_the_portals_layout_and_a_way_home(page, language):
    response = page.goto(f"/{language}/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text().strip() == NOT_FOUND[language]
    assert page.locator("html").get_attribute("lang") == language
    assert "DEBUG" not in page.content()
    page.locator(f"main a[href='/{language}/']").click()
    page.wait_for_url(f"**/{language}/")
    assert script_errors(page) == []


def test_on_a_phone_no_word_of_the_month_grid_is_cut(new_page):
    page = new_page(width=390, height=800)
    who = Person.objects.create(iin=synthetic_iin(random.Random(230)))
    for ago in range(1, 13):
        Payment.objects.create(
            person=who,
            period=month_start(THIS_MONTH - ago),
            payer_type_id="employer",
            amount=Decimal("25500.00"),
            paid_on=timezone.localdate(),
            reference=f"E2E-GRID-{ago}",
        )
    page.goto("/ru/status/")
    page.locator("#id_iin").fill(who.iin)
    page.locator("main form button[type=submit]").click()
    page.locator("#status-title").wait_for()
    cut = page.evaluate(
        """() => {
            const cut = [];
            for (const item of document.querySelectorAll('.month-grid__item')) {
                const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                    const node = walker.currentNode;
                    for (const match of node.data.matchAll(/[^\\s]+/g)) {
                        const range = document.createRange();
                        range.setStart(node, match.index);
                        range.setEnd(node, match.index + match[0].length);
                        const tops = [...range.getClientRects()].map(r => Math.round(r.top));
                        const lines = new Set(tops);
                        if (lines.size > 1) cut.push(match[0]);
                    }
                }
            }
            return cut;
        }"""
    )
    assert "Отчисления работодателя" in page.locator(".month-grid").inner_text()
    assert cut == []


def test_on_a_phone_the_vacation_tables_money_is_on_screen(new_page):
    page = new_page(width=390, height=800)
    page.goto(
        "/ru/contributions/calculator/?payer_type=employer&vacation_start=2025-07-01"
        "&vacation_end=2025-08-25&income=850000"
    )
    table = page.locator("#vacation-title ~ .table-wrapper table")
    table.wait_for()
    offscreen = page.evaluate(
        """() => [...document.querySelectorAll('.table--stacked td')]
            .filter(cell => cell.getBoundingClientRect().right > window.innerWidth + 1)
            .map(cell => cell.dataset.label)"""
    )
    assert offscreen == []
    labels = table.locator("td").evaluate_all("cells => cells.map(cell => cell.dataset.label)")
    assert "Отчисления работодателя" in labels, "each figure beside its column's name"

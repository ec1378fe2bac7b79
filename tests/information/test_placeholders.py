"""Figures in the texts follow the rule tables: a changed rule changes the page."""

import datetime
import html
from decimal import Decimal

import pytest

from contributions.models import ContributionRule, MinimumWage
from information.markup import render
from information.models import FaqEntry
from information.placeholders import Figures

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(response.content.decode()).replace("\xa0", " ").split())


def test_a_new_rate_changes_the_answer(client):
    before = text_of(client.get("/en/information/faq/"))
    assert "4,250 tenge a month in 2026" in before
    rule = ContributionRule.objects.get(
        payer_type_id="self_payer", valid_from=datetime.date(2026, 1, 1)
    )
    rule.rate = Decimal("6")
    rule.save()  # as the admin does: the rule table's cache hears of it
    after = text_of(client.get("/en/information/faq/"))
    assert "5,100 tenge a month in 2026" in after  # 6 % of 85 000


def test_a_new_minimum_wage_changes_the_pages(client):
    wage = MinimumWage.objects.get(year=2026)
    wage.amount = Decimal("90000")
    wage.save()
    page = text_of(client.get("/ru/information/who-pays/"))
    assert "МЗП в 2026 году – 90 000 тенге" in page
    assert "то есть 4 500 тенге в месяц" in page  # 5 % of 90 000
    assert "то есть 6 300 тенге в месяц" in page  # 5 % of 1.4 × 90 000


def test_a_month_without_a_rule_shows_a_dash_and_never_breaks():
    figures = Figures(on=datetime.date(2031, 3, 1))
    assert figures.fill("{{ self_payer_amount }} tenge") == "— tenge"
    assert figures.fill("{{ year }}") == "2031"


def test_an_unknown_placeholder_shows_a_dash(client):
    entry = FaqEntry.objects.get(slug="unemployed")
    entry.answer_en = "Pay {{ no_such_figure }} tenge, {{ self_payer_amount }} in fact."
    entry.save()
    response = client.get("/en/information/faq/")
    assert response.status_code == 200
    assert "Pay — tenge, 4,250 in fact." in text_of(response)


def test_staff_text_is_never_a_template_or_html():
    html_out = render(
        "<script>x</script> {% now 'Y' %} {{ year }}", figures=Figures(on=datetime.date(2026, 1, 1))
    )
    assert "<script>" not in html_out and "{% now" in html.unescape(html_out)
    assert "2026" in html_out


def test_markup_lists_headings_and_links():
    out = render("## Title\nIntro line\n- one\n- two https://msqory.kz\n\nNext")
    assert '<h2 class="heading-m">Title</h2>' in out
    assert "<li>one</li>" in out and 'href="https://msqory.kz"' in out
    assert "<p>Next</p>" in out

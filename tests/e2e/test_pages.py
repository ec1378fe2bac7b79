"""The main pages in a real browser: screenshots at phone and desktop widths, no serious or
critical accessibility violation (axe-core), no script error, nothing wider than a phone.
"""

import random

import pytest
from django.utils import timezone

from msqory.months import month_index, month_start
from status.demo import synthetic_iin
from status.models import Person
from tests.ledger import pay

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# name: path (pages that need no data; the status result is added by the tests)
MAIN_PAGES = {
    "home": "/{lang}/",
    "status": "/{lang}/status/",
    "calculator": "/{lang}/contributions/calculator/",
    "calculator-result": (
        "/{lang}/contributions/calculator/?payer_type=employee&period=2025-07&income=470000"
    ),
    "rules": "/{lang}/contributions/rules/",
    "penalty": "/{lang}/contributions/penalty/",
    "refund": "/{lang}/refunds/new/",
    "cancellation": "/{lang}/debt-cancellation/new/",
    "track": "/{lang}/applications/track/",
    "clinics": "/{lang}/clinics/",
    "my-clinic": "/{lang}/clinics/mine/",
    "registrar-login": "/{lang}/registrar/login/",
    "admin-login": "/{lang}/admin/login/",
    "information": "/{lang}/information/",
    "faq": "/{lang}/information/faq/",
    "care": "/{lang}/information/care/",
    "categories": "/{lang}/information/categories/",
    "foreigners": "/{lang}/information/foreigners/",
    "check-and-pay": "/{lang}/information/check-and-pay/",
    "search": "/{lang}/information/search/?q=MSHI",
    "guide": "/{lang}/guide/",
}
PHONE, DESKTOP = 390, 1280


def status_result(page, lang: str):
    who = Person.objects.create(iin=synthetic_iin(random.Random(77)))
    this_month = month_index(timezone.localdate())
    # grace period: the richest answer (debt, amount, end date)
    pay(who, [month_start(this_month - ago) for ago in range(3, 20)], payer_bin="123456789012")
    page.goto(f"/{lang}/status/")
    page.locator("#id_iin").fill(who.iin)
    page.locator("main form button[type=submit]").click()
    page.locator("#status-title").wait_for()


def visit(page, name: str, lang: str) -> bool:
    """Open the page; False when it does not exist (yet)."""
    response = page.goto(MAIN_PAGES[name].format(lang=lang))
    return response is not None and response.status != 404


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_screenshots_of_the_main_pages(new_page, width):
    page = new_page(width=width)
    missing, too_wide = [], []
    for name in MAIN_PAGES:
        if not visit(page, name, "kk"):
            missing.append(name)
            continue
        screenshot(page, f"{name}-kk-{width}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            too_wide.append(f"{name} (+{overflow}px)")
    status_result(page, "kk")
    screenshot(page, f"status-result-kk-{width}")
    for lang in ("ru", "en"):
        visit(page, "home", lang)
        screenshot(page, f"home-{lang}-{width}")
    assert page.js_errors == []
    assert not too_wide, f"pages wider than the screen at {width}px: {too_wide}"
    assert len(missing) < len(MAIN_PAGES) // 2, f"pages missing: {missing}"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_main_pages_have_no_serious_accessibility_violation(page, lang):
    found = {}
    for name in MAIN_PAGES:
        if not visit(page, name, lang):
            continue
        if violations := axe_violations(page):
            found[name] = violations
    status_result(page, lang)
    if violations := axe_violations(page):
        found["status-result"] = violations
    assert not found, found


def test_the_api_documentation_renders_from_the_portals_own_files(page):
    page.goto("/api/docs/")
    page.get_by_text("msqory API").first.wait_for()
    page.get_by_text("/api/v1/status/").first.wait_for(state="attached")
    # Redoc's "by Redocly" logo comes from its CDN and is refused: nothing else may be.
    blocked = [e for e in page.js_errors if "cdn.redoc.ly/redoc/logo" not in e]
    assert blocked == []
    assert "cdn.jsdelivr.net" not in page.content()

"""A citizen downloads a status certificate from the status result in Chromium, and whoever
receives it opens the verification page its QR code names."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from certificates.models import Certificate
from tests.certificates.documents import pdf_text, qr_codes

from .conftest import axe_violations
from .test_status import INSURED, check, person_paying

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = {
    "kk": "МӘМС бойынша мәртебе туралы анықтама",
    "ru": "Справка о статусе в системе ОСМС",
    "en": "Certificate of MSHI status",
}
GENUINE = {
    "kk": "Бұл анықтаманы Қор берген",
    "ru": "Эту справку выдал Фонд",
    "en": "The Fund issued this certificate",
}


@pytest.mark.parametrize("language", ["kk", "en"])
def test_the_certificate_downloads_from_the_status_result_and_verifies(page, language):
    who = person_paying(21, months_ago=range(1, 25))
    check(page, language, who.iin)
    with page.expect_download() as download:
        page.locator(".certificate-action button[type=submit]").click()
    pdf = Path(download.value.path()).read_bytes()
    certificate = Certificate.objects.get()
    assert download.value.suggested_filename == (
        f"msqory-certificate-{certificate.display_code}.pdf"
    )
    text = pdf_text(pdf)
    assert TITLE[language] in text and INSURED[language] in text
    assert certificate.display_code in text and who.iin in text

    # The verifier scans the QR code and opens its address.
    (url,) = qr_codes(pdf)
    assert urlsplit(url).path == f"/{language}/verify/{certificate.display_code}/"
    page.goto(urlsplit(url).path)
    assert page.locator("#verification-title").inner_text().strip() == GENUINE[language]
    assert who.iin not in page.locator("body").inner_text(), "masked on the check"
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_a_typed_code_finds_the_certificate_by_keyboard(page):
    who = person_paying(22, months_ago=range(1, 25))
    check(page, "ru", who.iin)
    with page.expect_download():
        page.locator(".certificate-action button[type=submit]").click()
    certificate = Certificate.objects.get()
    page.goto("/ru/verify/")
    page.locator("#id_code").fill(certificate.code.lower())
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/ru/verify/{certificate.display_code}/")
    assert page.locator("#verification-title").inner_text().strip() == GENUINE["ru"]
    assert axe_violations(page) == []

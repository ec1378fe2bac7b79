"""The certificate a citizen downloads from the status result: a one-page PDF in the page's
language, read back as a person (or a clinic) would, with pdftotext and a QR scanner."""

import datetime
import re

import pytest
from django.utils import timezone

from certificates import pdf, selectors, services
from certificates.models import Certificate
from contributions.models import PayerType
from status.checked import checked_iin_token, read_checked_iin

from .documents import pdf_fonts, pdf_pages, pdf_text, qr_codes
from .people import in_grace, insured, lapsed, prepaid

pytestmark = pytest.mark.django_db

# Every Kazakh letter beyond the Russian alphabet, small and capital.
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"

WORDS = {
    "kk": {
        "title": "МӘМС бойынша мәртебе туралы анықтама",
        "insured": "Сақтандырылған",
        "grace": "Жеңілдік кезеңі: төлемдер жетіспейді",
        "not_insured": "Сақтандырылмаған",
        "debt": "Төленбеген айлар",
        "amount": "8 500,00 теңге",
        "care": "ТМККК және МӘМС пакеті",
    },
    "ru": {
        "title": "Справка о статусе в системе ОСМС",
        "insured": "Застрахован",
        "grace": "Льготный период: не хватает платежей",
        "not_insured": "Не застрахован",
        "debt": "Неоплаченные месяцы",
        "amount": "8 500,00 тенге",
        "care": "ГОБМП и пакет ОСМС",
    },
    "en": {
        "title": "Certificate of MSHI status",
        "insured": "Insured",
        "grace": "Grace period: payments are missing",
        "not_insured": "Not insured",
        "debt": "Unpaid months",
        "amount": "8,500.00 tenge",
        "care": "GVFMC and the MSHI package",
    },
}


def download(client, language: str, iin: str):
    """The certificate button under the status result of this IIN."""
    return client.post(f"/{language}/status/certificate/", {"checked": checked_iin_token(iin)})


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_certificate_states_the_status_reason_debt_and_code_in_the_pages_language(
    client, language
):
    who = in_grace()
    response = download(client, language, who.iin)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    certificate = Certificate.objects.get()
    assert response["Content-Disposition"] == (
        f'attachment; filename="msqory-certificate-{certificate.display_code}.pdf"'
    )
    text = pdf_text(response.content)
    words = WORDS[language]
    for expected in (words["title"], words["insured"], words["grace"], words["debt"]):
        assert expected in text
    assert words["amount"] in text and words["care"] in text
    assert certificate.display_code in text
    assert who.iin in text, "the full IIN the person typed"
    assert pdf_pages(response.content) == 1
    assert len(response.content) <= 150 * 1024


def test_kazakh_letters_come_out_as_letters_from_the_embedded_font(client):
    # A payer type's Kazakh name with every Kazakh letter, as the grid prints it.
    # (Saved as the admin saves it, so that the rule cache sees the new name.)
    employer = PayerType.objects.get(code="employer")
    employer.name_kk = f"Жұмыс беруші {KAZAKH_LETTERS}"
    employer.save()
    who = insured()
    content = download(client, "kk", who.iin).content
    text = pdf_text(content)
    assert f"Жұмыс беруші {KAZAKH_LETTERS}" in text
    assert "\ufffd" not in text and "□" not in text
    assert set(pdf_fonts(content)) == {"DejaVu-Sans", "DejaVu-Sans-Bold"}, "all text in DejaVu"


def test_the_qr_code_holds_exactly_the_verification_url_printed_under_it(client, settings):
    settings.SITE_URL = "https://msqory.example.kz"
    who = insured()
    content = download(client, "ru", who.iin).content
    certificate = Certificate.objects.get()
    url = f"https://msqory.example.kz/ru/verify/{certificate.display_code}/"
    assert qr_codes(content) == [url]
    assert url in pdf_text(content)


def test_the_certificate_lists_the_months_and_who_paid_them_but_no_name_or_amount(client):
    who = lapsed()
    who.last_name = "Сейітова"
    who.save()
    text = pdf_text(download(client, "en", who.iin).content)
    assert WORDS["en"]["not_insured"] in text
    assert text.count("Paid: Employer deductions") == 8
    assert text.count("Not paid") == 4
    assert "Сейітова" not in text and "25,500" not in text and "123456789012" not in text
    assert "Not all of the last 12 months are paid, so the holder is not insured." in text


def test_a_prepaid_status_lists_the_months_paid_in_advance_beside_the_old_debt(client):
    who = prepaid()
    text = pdf_text(download(client, "en", who.iin).content)
    assert WORDS["en"]["insured"] in text
    assert "Months paid in advance" in text
    ahead = selectors.prepaid_periods(certificate=Certificate.objects.get())
    assert len(ahead) == 12 and ahead[0] == timezone.localdate().replace(day=1)
    assert "they do not end the status while the months above are paid" in " ".join(text.split())
    assert pdf_pages(download(client, "en", who.iin).content) == 1


def test_the_issue_time_is_almaty_time(client):
    who = insured()
    download(client, "en", who.iin)
    certificate = Certificate.objects.get()
    certificate.issued_at = datetime.datetime(2026, 3, 4, 20, 30, tzinfo=datetime.UTC)
    certificate.save()
    text = pdf_text(pdf.certificate_pdf(certificate=certificate))
    assert "March 5, 2026, 1:30 a.m. (Almaty time)" in text


def test_a_debt_whose_amount_is_not_published_is_said_so():
    who = lapsed()
    certificate = services.issue_certificate(iin=who.iin, language="en")
    next_year = timezone.localdate().year + 1
    certificate.debt_periods_without_amount = [f"{next_year}-01"]
    text = pdf_text(pdf.certificate_pdf(certificate=certificate))
    assert (
        f"The self-payer amount for {next_year} is not published yet: the sum is for the other "
        "months only." in text
    )


def test_a_changed_or_missing_status_check_is_asked_again(client):
    who = insured()
    token = checked_iin_token(who.iin)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for body in ({"checked": forged}, {"iin": who.iin}, {}):
        response = client.post("/ru/status/certificate/", body)
        assert response.status_code == 400
        assert "Проверьте статус ещё раз, затем скачайте справку" in response.text
        assert 'href="/ru/status/"' in response.text
    assert not Certificate.objects.exists()


def test_downloading_counts_as_a_lookup(client, settings):
    settings.LOOKUP_RATE_LIMIT = "2/min"
    who = insured()
    client.post("/en/status/", {"iin": who.iin})
    assert download(client, "en", who.iin).status_code == 200
    over = download(client, "en", who.iin)
    assert over.status_code == 429 and over["Retry-After"]
    assert Certificate.objects.count() == 1


def test_the_status_result_offers_the_certificate_without_showing_the_iin(client):
    who = insured()
    page = client.post("/en/status/", {"iin": who.iin})
    assert 'action="/en/status/certificate/"' in page.text
    assert "Download a certificate (PDF)" in page.text
    # The IIN travels back in the certificate form's body encrypted, never in a URL or the text.
    assert who.iin not in page.text
    token = re.search(r'name="checked" value="([^"]+)" id="certificate-checked"', page.text)[1]
    assert read_checked_iin(token) == who.iin
    certificate = client.post("/en/status/certificate/", {"checked": token})
    assert certificate["Content-Type"] == "application/pdf"
    assert Certificate.objects.get().iin == who.iin


def test_an_iin_typed_with_a_space_gets_its_certificate(client):
    who = insured()
    page = client.post("/en/status/", {"iin": f"{who.iin[:6]} {who.iin[6:]}"})
    token = re.search(r'name="checked" value="([^"]+)" id="certificate-checked"', page.text)[1]
    assert read_checked_iin(token) == who.iin
    assert client.post("/en/status/certificate/", {"checked": token}).status_code == 200


def test_every_certificate_gets_its_own_random_code(client):
    who = insured()
    codes = {services.issue_certificate(iin=who.iin, language="en").code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{12}", code)
        assert who.iin[:6] not in code


def test_a_code_drawn_twice_is_drawn_again(monkeypatch):
    who = insured()
    first = services.issue_certificate(iin=who.iin, language="en")
    draws = iter([first.code, "ABCDEFGH1234"])
    monkeypatch.setattr(services.codes, "new_code", lambda: next(draws))
    second = services.issue_certificate(iin=who.iin, language="kk")
    assert second.code == "ABCDEFGH1234"
    assert selectors.certificate_by_code(code="abcd-efgh-1234") == second


def test_without_pango_the_portal_says_certificates_cannot_be_made_and_keeps_none(
    client, monkeypatch
):
    # What pdf.py is left with when WeasyPrint cannot load pango at import.
    monkeypatch.setattr(pdf, "weasyprint", None)
    who = insured()
    response = download(client, "ru", who.iin)
    assert response.status_code == 503
    assert "Справки сейчас нельзя сформировать" in response.text
    assert not Certificate.objects.exists()
    code = client.post(
        "/api/v1/certificates/", {"iin": who.iin}, content_type="application/json"
    ).json()["code"]
    answer = client.get(f"/api/v1/certificates/{code}/pdf")
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "pdf_unavailable"
    assert client.get(f"/en/verify/{code}/").status_code == 200, "the check still works"

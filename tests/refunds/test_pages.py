"""Citizens' pages as user stories: filing a refund or a cancellation, printing, tracking."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from refunds.models import Application, Attachment, State
from status.models import Payment
from tests.applicants import CANCELLATION_APPLICANT

from .conftest import EXE, PDF, PNG, VALID_BIC, VALID_IBAN, month

pytestmark = pytest.mark.django_db


def refund_post(person, **overrides):
    data = {
        "applicant_iin": person.iin,
        "applicant_name": "Сейітова Айгүл Серікқызы",
        "region": "astana",
        "address": "",
        "phone": "+7 701 123 45 67",
        "email": "aigul@example.kz",
        "payer_kind": "person",
        "employer_bin": "",
        "employer_name": "",
        "refund_reason": "employer_paid_after_self_payment",
        "reason_details": "",
        "iban": "KZ86 125K ZT50 0410 0100",
        "bic": VALID_BIC.lower(),
        "website": "",
        "manual-TOTAL_FORMS": "3",
        "manual-INITIAL_FORMS": "0",
        "manual-MIN_NUM_FORMS": "0",
        "manual-MAX_NUM_FORMS": "3",
        "action": "submit",
        "payment_documents": [SimpleUploadedFile("chek.pdf", PDF)],
        # The fixture's person has just 12 paid months: any refund ends the status, which the
        # form asks to confirm (tests/refunds/test_refund_lookups.py tests the question).
        "accept_status_change": "on",
    }
    data.update(overrides)
    return data


def cancellation_post(person, **overrides):
    data = {
        **CANCELLATION_APPLICANT,
        "applicant_iin": person.iin,
        "period_start": month(-6).strftime("%Y-%m"),
        "period_end": month(-4).strftime("%Y-%m"),
        "residence_permit": SimpleUploadedFile("rvp.png", PNG),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Қате төленген ақшаны қайтаруға өтініш беру"),
        ("ru", "Заявление на возврат ошибочно уплаченных денег"),
        ("en", "Apply for a refund of money paid by mistake"),
    ],
)
def test_the_refund_form_explains_itself_in_each_language(client, language, heading):
    response = client.get(f"/{language}/refunds/new/")
    assert response.status_code == 200
    assert heading in response.text
    assert 'enctype="multipart/form-data"' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert 'class="hint"' in response.text
    assert 'class="honeypot"' in response.text


def test_aigul_finds_her_payments_and_files_a_refund_then_prints_it(client, person):
    """Aigül self-paid while her employer was late; now she asks for her money back."""
    page = client.post(
        "/en/refunds/new/",
        {"applicant_iin": person.iin, "applicant_name": "Aigül", "action": "find"},
    )
    assert page.status_code == 200
    assert "There is a problem" not in page.text, "looking up payments shows no other errors"
    assert 'value="Aigül"' in page.text, "what she typed is kept"
    chosen = person.payments.get(period=month(-1))
    assert f'value="{chosen.pk}"' in page.text
    assert "4250" not in page.text, "amounts are not shown to whoever types an IIN"

    response = client.post("/en/refunds/new/", refund_post(person, payments=[str(chosen.pk)]))
    assert response.status_code == 302
    page = client.get(response["Location"])
    application = Application.objects.get()
    assert application.number in page.text
    assert "Annex 1 to the order of the Minister of Health" in page.text
    assert "KZ86125KZT5004100100" in page.text
    assert chosen.reference in page.text
    assert application.number not in response["Location"], "the number never goes in a URL"
    assert application.language == "en"
    assert application.iban == VALID_IBAN and application.bic == VALID_BIC
    assert list(application.payments.all()) == [chosen]
    assert mail.outbox == [] or application.number in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("language", "title", "annex"),
    [
        ("kk", "Өтінішіңіз жіберілді", "2017 жылғы 30 маусымдағы № 478 бұйрығына 1-қосымша"),
        ("ru", "Ваше заявление отправлено", "Приложение 1 к приказу"),
    ],
)
def test_the_printable_application_is_in_the_chosen_language(
    client, person, language, title, annex
):
    payment = person.payments.get(period=month(-2))
    response = client.post(
        f"/{language}/refunds/new/", refund_post(person, payments=[str(payment.pk)])
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert title in page.text
    assert annex in page.text
    assert Application.objects.get().language == language


def test_a_payment_typed_from_the_receipt_is_matched_in_the_ledger(client, person):
    payment = person.payments.get(period=month(-3))
    data = refund_post(
        person,
        **{
            "manual-0-period": payment.period.strftime("%Y-%m"),
            "manual-0-amount": "4 250,00",
            "manual-0-paid_on": payment.paid_on.isoformat(),
            "manual-0-reference": payment.reference,
        },
    )
    assert client.post("/en/refunds/new/", data).status_code == 302
    assert list(Application.objects.get().payments.all()) == [payment]


def test_a_payment_not_in_the_ledger_is_refused_with_a_reason_and_nothing_is_lost(client, person):
    data = refund_post(
        person,
        **{
            "manual-0-period": month(-3).strftime("%Y-%m"),
            "manual-0-amount": "4250.00",
            "manual-0-paid_on": month(-3).isoformat(),
            "manual-0-reference": "NO-SUCH-PAYMENT",
        },
    )
    response = client.post("/en/refunds/new/", data)
    assert response.status_code == 400
    assert "The Fund has no payment with reference NO-SUCH-PAYMENT" in response.text
    assert 'value="NO-SUCH-PAYMENT"' in response.text
    assert 'value="Сейітова Айгүл Серікқызы"' in response.text
    assert 'value="KZ86 125K ZT50 0410 0100"' in response.text, "kept exactly as typed"
    assert "Please choose your files again." in response.text, "files are asked for again"
    assert Application.objects.count() == 0


def test_an_already_refunded_payment_is_refused_clearly(client, person):
    payment = person.payments.get(period=month(-1))
    Payment.objects.filter(pk=payment.pk).update(refunded=True)
    response = client.post("/en/refunds/new/", refund_post(person, payments=[str(payment.pk)]))
    assert response.status_code == 400
    assert f"Payment {payment.reference} has already been refunded." in response.text
    assert Application.objects.count() == 0


def test_a_payment_already_in_an_open_application_is_not_offered_again(client, person, file_refund):
    payment = person.payments.get(period=month(-1))
    first = file_refund(payments=[payment])
    page = client.post("/en/refunds/new/", {"applicant_iin": person.iin, "action": "find"})
    assert f'value="{payment.pk}"' not in page.text
    response = client.post("/en/refunds/new/", refund_post(person, payments=[str(payment.pk)]))
    assert first.number in response.text


def test_wrong_bank_details_are_explained(client, person):
    payment = person.payments.get(period=month(-1))
    response = client.post(
        "/en/refunds/new/",
        refund_post(
            person, payments=[str(payment.pk)], iban="KZ87125KZT5004100100", bic="HSBKRUMM"
        ),
    )
    assert response.status_code == 400
    assert "check digits do not match" in response.text
    assert "KZ as the 5th and 6th" in response.text


def test_an_employer_needs_a_bin_and_the_employees_consent(client, person):
    payment = person.payments.get(period=month(-1))
    response = client.post(
        "/en/refunds/new/", refund_post(person, payments=[str(payment.pk)], payer_kind="employer")
    )
    assert response.status_code == 400
    assert "Required when an employer paid." in response.text
    assert "needs the employee&#x27;s consent" in response.text


def test_a_renamed_executable_is_refused_on_the_form(client, person):
    payment = person.payments.get(period=month(-1))
    response = client.post(
        "/en/refunds/new/",
        refund_post(
            person,
            payments=[str(payment.pk)],
            payment_documents=[SimpleUploadedFile("receipt.pdf", EXE)],
        ),
    )
    assert response.status_code == 400
    assert "is not a PDF, JPEG or PNG file" in response.text
    assert Attachment.objects.count() == 0


def test_at_most_five_files(client, person):
    payment = person.payments.get(period=month(-1))
    files = [SimpleUploadedFile(f"page{n}.pdf", PDF) for n in range(6)]
    response = client.post(
        "/en/refunds/new/",
        refund_post(person, payments=[str(payment.pk)], payment_documents=files),
    )
    assert response.status_code == 400
    assert "Attach at most 5 files in all; you chose 6." in response.text


def test_documents_are_stored_privately_under_random_names(client, person, settings):
    payment = person.payments.get(period=month(-1))
    client.post("/en/refunds/new/", refund_post(person, payments=[str(payment.pk)]))
    attachment = Attachment.objects.get()
    assert attachment.original_name == "chek.pdf"
    assert "chek" not in attachment.file.name
    assert re.fullmatch(r"refunds/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    path = settings.PRIVATE_MEDIA_ROOT / attachment.file.name
    assert path.read_bytes() == PDF
    assert attachment.content_type == "application/pdf"


def test_an_unknown_iin_is_explained(client, rng):
    from status.demo import synthetic_iin

    response = client.post(
        "/en/refunds/new/", {"applicant_iin": synthetic_iin(rng), "action": "find"}
    )
    assert response.status_code == 400
    assert "The Fund has no record of this IIN" in response.text


def test_the_honeypot_catches_bots(client, person):
    payment = person.payments.get(period=month(-1))
    response = client.post(
        "/en/refunds/new/", refund_post(person, payments=[str(payment.pk)], website="http://spam")
    )
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_submissions_are_rate_limited_per_client(client, person, settings):
    # A limit of 0 makes the very next submission the one over the limit: one request, so the
    # count cannot be disturbed by other tests sharing the cache.
    settings.REFUNDS_SUBMIT_RATE_LIMIT = "0/hour"
    response = client.post("/en/refunds/new/", refund_post(person))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please try again in 60 minutes." in response.text
    assert Application.objects.count() == 0


def test_the_submission_limit_counts_per_client(rf, settings):
    from refunds.views import _submission_hit

    settings.REFUNDS_SUBMIT_RATE_LIMIT = "2/hour"
    mine, other = rf.post("/", REMOTE_ADDR="203.0.113.7"), rf.post("/", REMOTE_ADDR="203.0.113.8")
    assert [_submission_hit(mine), _submission_hit(mine)] == [None, None]
    assert _submission_hit(mine) > 0
    assert _submission_hit(other) is None, "another client has its own count"


def test_the_form_needs_the_csrf_token(person):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/en/refunds/new/", refund_post(person))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Берешекті есептен шығаруға өтініш беру"),
        ("ru", "Заявление о списании задолженности"),
        ("en", "Apply to cancel a debt"),
    ],
)
def test_the_cancellation_form_in_each_language(client, language, heading):
    response = client.get(f"/{language}/debt-cancellation/new/")
    assert response.status_code == 200
    assert heading in response.text


def test_ivan_asks_to_cancel_his_debt_before_the_residence_permit(client, make_person):
    """Ivan owes for months before he received his residence permit."""
    person = make_person()
    response = client.post("/ru/debt-cancellation/new/", cancellation_post(person))
    assert response.status_code == 302
    page = client.get(response["Location"])
    application = Application.objects.get()
    assert application.kind == "cancellation"
    assert application.period_start == month(-6) and application.period_end == month(-4)
    assert "Председателю Правления" in page.text
    assert "Прошу Вас списать задолженность" in page.text
    assert application.number in page.text
    assert application.attachments.get().kind == "residence_permit"


def test_a_cancellation_period_must_make_sense(client, make_person):
    person = make_person()
    response = client.post(
        "/en/debt-cancellation/new/",
        cancellation_post(
            person, period_start=month(-2).strftime("%Y-%m"), period_end=month(-5).strftime("%Y-%m")
        ),
    )
    assert response.status_code == 400
    assert "The last month cannot be before the first." in response.text
    assert 'value="Almaty, Abai Ave 10, apt 5"' in response.text


def test_a_cancellation_needs_a_document(client, make_person):
    person = make_person()
    response = client.post(
        "/en/debt-cancellation/new/", cancellation_post(person, residence_permit="")
    )
    assert response.status_code == 400
    assert "Attach a copy of the labour contract or of the residence permit." in response.text


@pytest.mark.parametrize(
    ("language", "state_text", "reason_text"),
    [
        ("kk", "Бас тартылды", "құжаттардың толық емес пакеті"),
        ("ru", "Отказано", "Документы представлены не полностью"),
        ("en", "Refused", "The documents are incomplete"),
    ],
)
def test_tracking_shows_the_state_history_and_refusal_reason(
    client, file_refund, run, approver, language, state_text, reason_text
):
    from refunds import services

    application = file_refund()
    run(
        services.refuse,
        application=application,
        actor=approver,
        reason="incomplete_documents",
        note="Bank statement missing",
    )
    response = client.post(
        f"/{language}/applications/track/",
        {"number": application.number.lower(), "iin": application.applicant_iin},
    )
    assert response.status_code == 200
    assert state_text in response.text
    assert reason_text in response.text
    assert "Bank statement missing" in response.text, "the note to the applicant is shown"
    assert response.text.count("<tr>") >= 3, "the history lists both stages"


def test_tracking_needs_the_matching_iin(client, file_refund, make_person):
    application = file_refund()
    other = make_person()
    response = client.post(
        "/en/applications/track/", {"number": application.number, "iin": other.iin}
    )
    assert response.status_code == 400
    assert "We found no application with this number for this IIN" in response.text
    assert application.get_state_display() not in response.text


def test_tracking_is_a_form_not_a_url(client):
    response = client.get("/en/applications/track/?number=R-2026-000001&iin=1")
    assert response.status_code == 200
    assert 'method="post"' in response.text
    assert "summary-list" not in response.text, "a URL never looks anything up"


def test_the_submitted_page_without_an_application_goes_to_tracking(client):
    response = client.get("/en/applications/submitted/")
    assert response.status_code == 302


def test_state_is_shown_with_due_date_on_tracking(client, file_refund):
    application = file_refund()
    response = client.post(
        "/en/applications/track/", {"number": application.number, "iin": application.applicant_iin}
    )
    assert str(application.due_date.year) in response.text
    assert str(State.SUBMITTED.label) in response.text


def test_tracking_flags_an_overdue_application(client, file_refund):
    import datetime

    application = file_refund()
    Application.objects.filter(pk=application.pk).update(due_date=datetime.date(2020, 1, 10))
    response = client.post(
        "/en/applications/track/", {"number": application.number, "iin": application.applicant_iin}
    )
    assert "Overdue" in response.text


def test_one_wrong_typed_payment_stops_the_whole_application(client, person):
    chosen = person.payments.get(period=month(-1))
    data = refund_post(
        person,
        payments=[str(chosen.pk)],
        **{
            "manual-0-period": month(-3).strftime("%Y-%m"),
            "manual-0-amount": "999.00",
            "manual-0-paid_on": month(-3).isoformat(),
            "manual-0-reference": person.payments.get(period=month(-3)).reference,
        },
    )
    response = client.post("/en/refunds/new/", data)
    assert response.status_code == 400
    assert "The Fund has no payment with reference" in response.text
    assert re.search(rf'value="{chosen.pk}"[^>]*checked', response.text), "the choice is kept"
    assert Application.objects.count() == 0


def test_without_a_deadline_rule_the_form_still_shows_and_sending_says_why(client, make_person):
    """The Fund has not published how long it takes to decide: the page names no deadline,
    and an application sent is refused in words, with what was typed still in the form."""
    from refunds.models import DeadlineRule

    DeadlineRule.objects.filter(kind="cancellation").delete()
    form = client.get("/en/debt-cancellation/new/")
    assert form.status_code == 200 and "The Fund decides within" not in form.text
    person = make_person()
    response = client.post("/en/debt-cancellation/new/", cancellation_post(person))
    assert response.status_code == 400
    assert "There is no deadline rule for applications of kind" in response.text
    assert "Almaty, Abai Ave 10, apt 5" in response.text, "the address typed is kept"
    assert not Application.objects.exists()

"""The refunds pages, form messages and e-mails name the numbers of their tables and settings."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from information.models import Channel

from .conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_centre_moved():
    names = {f"name{suffix}": "Call centre 1400" for suffix in ("", "_kk", "_ru", "_en")}
    Channel.objects.filter(url="tel:1406").update(url="tel:1400", **names)


def test_the_unknown_iin_message_names_the_call_centre_staff_list(client, rng, call_centre_moved):
    from status.demo import synthetic_iin

    response = client.post(
        "/en/refunds/new/", {"applicant_iin": synthetic_iin(rng), "action": "find"}
    )
    assert "call the Fund&#x27;s call centre 1400." in response.text
    assert "1406" not in response.text


def test_the_applicants_email_names_the_call_centre_staff_list(file_refund, call_centre_moved):
    mail.outbox.clear()
    file_refund(language="en")
    (message,) = mail.outbox
    assert "Call centre 1400" in message.body and "1406" not in message.body


def test_without_a_telephone_channel_the_email_names_none(file_refund):
    Channel.objects.filter(url__startswith="tel:").delete()
    mail.outbox.clear()
    file_refund(language="en")
    (message,) = mail.outbox
    assert "Call centre" not in message.body


def test_the_document_hints_name_the_limits_that_are_enforced(client, person, settings):
    settings.REFUNDS_DOCUMENT_MAX_MB = 1
    settings.REFUNDS_DOCUMENTS_MAX = 2
    page = client.get("/en/refunds/new/").text.replace("\xa0", " ")
    assert "PDF, JPEG or PNG, up to 1.0 MB each, at most 2 files in all." in page
    assert "at most 1.0 MB each and 2 files in all" in page
    cancellation = client.get("/en/debt-cancellation/new/").text.replace("\xa0", " ")
    assert "PDF, JPEG or PNG, up to 1.0 MB." in cancellation
    assert "Optional. At most 2 files in all for the application." in cancellation
    assert "10 MB" not in page + cancellation

    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    payment = person.payments.order_by("-period").first()
    response = client.post(
        "/en/refunds/new/",
        {
            "applicant_iin": person.iin,
            "payments": [str(payment.pk)],
            "action": "submit",
            "payment_documents": [big],
        },
    )
    shown = response.text.replace("\xa0", " ")
    assert "each file may be at most 1.0 MB" in shown, "the limit shown is the one used"

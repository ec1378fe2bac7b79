"""A citizen's whole story by e-mail, through the real SMTP server, in each language: subscribe
from the status page, confirm, be warned twice in the grace period, lose the status, pay, get
it back, unsubscribe with one click."""

import datetime
import re
from urllib.parse import urlsplit

import pytest

from msqory.logmasking import mask_iins
from notifications.models import Message, Subscription

from .conftest import DECEMBER_1, NOVEMBER_2, OCTOBER_1, SITE_URL, months, pay

pytestmark = pytest.mark.django_db

TEXTS = {
    "en": {
        "confirm_subject": "Confirm the MSHI status warnings",
        "warning_subject": "The MSHI status will be lost on Dec. 1, 2026",
        "lost_subject": "The MSHI status is lost",
        "returned_subject": "The MSHI status is back",
        "period": "Period in the payment order 092026",
        "amount": "4,250.00 tenge",
        "names": "Each payment names the IIN and its period",
        "working_days": "after 3 working days",
        "prepay": "Paying the 12 coming months in advance",
    },
    "ru": {
        "confirm_subject": "Подтвердите предупреждения о статусе ОСМС",
        "warning_subject": "Статус ОСМС будет утрачен 1 декабря 2026 г.",
        "lost_subject": "Статус ОСМС утрачен",
        "returned_subject": "Статус ОСМС восстановлен",
        "period": "Период в платёжном поручении 092026",
        "amount": "4\xa0250,00 тенге",
        "names": "В каждом платеже указываются ИИН и его период",
        "working_days": "через 3 рабочих дня",
        "prepay": "Оплата 12 предстоящих месяцев вперёд",
    },
    "kk": {
        "confirm_subject": "МӘМС мәртебесі туралы ескертулерді растаңыз",
        "warning_subject": "МӘМС мәртебесі жоғалатын күн — 2026 ж. 1 желтоқсан",
        "lost_subject": "МӘМС мәртебесі жоғалды",
        "returned_subject": "МӘМС мәртебесі қалпына келді",
        "period": "Төлем тапсырмасындағы кезең 092026",
        "amount": "4\xa0250,00 теңге",
        "names": "Әр төлемде ЖСН және оның кезеңі көрсетіледі",
        "working_days": "3 жұмыс күнінен кейін",
        "prepay": "Алдағы 12 айды алдын ала",
    },
}


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def path_of(url: str) -> str:
    assert url.startswith(SITE_URL + "/"), url
    return urlsplit(url).path


def assert_masked(message, iin: str) -> None:
    """No full IIN anywhere in the message (headers, text, HTML); the masked one in the text."""
    assert iin not in message.as_string()
    for part in (message["Subject"], text_of(message), html_of(message)):
        assert iin not in part
        assert mask_iins(part) == part, "no run of 12 digits at all"
    assert f"{iin[:2]}********{iin[-2:]}" in text_of(message)


def assert_unsubscribe_headers(message, language: str) -> str:
    header = message["List-Unsubscribe"]
    url = re.fullmatch(r"<(.+)>", header)[1]
    assert url.startswith(f"{SITE_URL}/{language}/warnings/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in text_of(message) and url in html_of(message)
    return url


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_subscribe_confirm_warn_lose_regain_unsubscribe(
    client, mailbox, lapsing, daily, django_capture_on_commit_callbacks, language
):
    texts = TEXTS[language]
    iin = lapsing.iin

    # The status page offers the subscription for the IIN just checked, and says what it reveals.
    page = client.post(f"/{language}/status/", {"iin": iin})
    assert f'action="/{language}/warnings/subscribe/"' in page.text
    assert iin not in page.text, "the form carries the IIN encrypted"
    checked = re.search(r'name="checked" value="([^"]+)"', page.text)[1]

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/{language}/warnings/subscribe/",
            {"checked": checked, "email": " Aigul@Example.KZ ", "phone": "", "language": language},
        )
    assert answer.status_code == 200
    assert "a***@example.kz" in answer.text

    # The confirmation, in the chosen language, with a signed link; nothing else yet.
    (confirmation,) = mailbox
    assert confirmation["To"] == "aigul@example.kz"
    assert confirmation["Subject"] == texts["confirm_subject"]
    assert_unsubscribe_headers(confirmation, language)
    assert_masked(confirmation, iin)
    link = re.search(rf"{SITE_URL}/{language}/warnings/confirm/\S+/", text_of(confirmation))[0]
    subscription = Subscription.objects.get()
    assert subscription.state == Subscription.State.PENDING

    # Opening the link shows a button (a mail scanner opening it confirms nothing) ...
    page = client.get(path_of(link))
    assert page.status_code == 200 and '<form method="post"' in page.text
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.PENDING
    # ... pressing it confirms.
    assert client.post(path_of(link)).status_code == 200
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.ACTIVE
    mailbox.clear()

    # October: the first month of the grace period, but 2026-09 is due only by 25 October:
    # nothing is overdue, nobody is warned.
    assert daily(OCTOBER_1)["warning"] == 0
    assert mailbox == []

    # 2 November: 2026-09 is overdue. The last month, 29 days before the loss: warned; the
    # same day again sends nothing.
    assert daily(NOVEMBER_2)["warning"] == 1
    assert daily(NOVEMBER_2)["warning"] == 0
    (warning,) = mailbox
    assert warning["Subject"] == texts["warning_subject"]
    body = text_of(warning)
    assert texts["period"] in body and texts["amount"] in body
    assert texts["names"] in body and texts["working_days"] in body
    assert texts["prepay"] not in body, "still insured: no old-debt advice"
    assert f"{SITE_URL}/{language}/status/" in body
    assert "<table" in html_of(warning) and "092026" in html_of(warning)
    assert "102026" in text_of(warning), "every unpaid month, the one not yet due too"
    assert_masked(warning, iin)
    assert_unsubscribe_headers(warning, language)
    mailbox.clear()

    # 1 December: lost. The notice says how to pay, with the old-debt advice.
    assert daily(DECEMBER_1)["lost"] == 1
    (lost,) = mailbox
    assert lost["Subject"] == texts["lost_subject"]
    assert texts["prepay"] in text_of(lost) and "112026" in text_of(lost)
    assert_masked(lost, iin)
    mailbox.clear()

    # Paid September to November: the status is back.
    pay(lapsing, months(datetime.date(2026, 9, 1), datetime.date(2026, 11, 1)))
    assert daily(DECEMBER_1 + datetime.timedelta(days=2))["returned"] == 1
    (returned,) = mailbox
    assert returned["Subject"] == texts["returned_subject"]
    assert_masked(returned, iin)

    # One click in the mail client (RFC 8058): no sign-in, no form, the address is deleted.
    url = assert_unsubscribe_headers(returned, language)
    answer = client.post(
        path_of(url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    assert not Subscription.objects.exists()
    assert not Subscription.objects.filter(address="aigul@example.kz").exists()
    assert Message.objects.filter(subscription=None).count() == 4, "the counts stay, unlinked"
    mailbox.clear()
    daily(DECEMBER_1 + datetime.timedelta(days=3))
    assert mailbox == []

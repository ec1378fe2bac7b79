"""Warnings by SMS (the recording backend): the code typed back, the quiet hours, one segment."""

import datetime
import re

import pytest

from msqory.logmasking import mask_iins
from notifications import delivery
from notifications.models import Message, Subscription
from notifications.sms import fits_one_sms, sms_units
from status.checked import checked_iin_token

from .conftest import (
    DECEMBER_1,
    JUNE_1,
    NOVEMBER_2,
    SITE_URL,
    active_subscription,
    at,
    months,
    nightly,
    pay,
)

pytestmark = pytest.mark.django_db


def subscribe_by_phone(client, iin, *, language="ru", phone="8 (701) 234-56-78"):
    return client.post(
        f"/{language}/warnings/subscribe/",
        {"checked": checked_iin_token(iin), "email": "", "phone": phone, "language": language},
    )


def code_of(sms) -> str:
    return re.search(r"\b\d{6}\b", sms.text)[0]


@pytest.fixture
def subscribed_phone(client, lapsing, sms_outbox, django_capture_on_commit_callbacks):
    """A phone subscription confirmed with the code it received."""

    def subscribe(language="ru"):
        with django_capture_on_commit_callbacks(execute=True):
            answer = subscribe_by_phone(client, lapsing.iin, language=language)
        (sms,) = sms_outbox
        client.post(answer["Location"], {"code": code_of(sms)})
        sms_outbox.clear()
        return Subscription.objects.get(address="+77012345678")

    return subscribe


def test_a_phone_subscription_starts_once_the_code_is_typed_back(
    client, lapsing, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = subscribe_by_phone(client, lapsing.iin)
    assert answer.status_code == 302
    code_page = answer["Location"]
    assert code_page.startswith("/ru/warnings/phone/")
    (sms,) = sms_outbox
    assert sms.to == "+77012345678"
    assert sms.text.startswith("Код ОСМС: ") and fits_one_sms(sms.text)
    assert f"{SITE_URL}/u/" in sms.text, "a short link to stop them, in the confirmation too"
    assert lapsing.iin not in sms.text and mask_iins(sms.text) == sms.text

    page = client.get(code_page)
    assert "+7701*****78" in page.text and "6-значный код" in page.text
    assert Subscription.objects.get().state == Subscription.State.PENDING

    answer = client.post(code_page, {"code": code_of(sms)})
    assert answer.status_code == 200 and "Вы подписаны" in answer.text
    assert Subscription.objects.get().state == Subscription.State.ACTIVE


def test_five_wrong_codes_delete_the_subscription(
    client, lapsing, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        code_page = subscribe_by_phone(client, lapsing.iin, language="en")["Location"]
    right = code_of(sms_outbox[0])
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for tries_left in (4, 3, 2, 1):
        answer = client.post(code_page, {"code": wrong})
        assert answer.status_code == 400
        expected = "1 more try." if tries_left == 1 else f"{tries_left} more tries."
        assert f"The code does not match. You have {expected}" in answer.text
    answer = client.post(code_page, {"code": wrong})
    assert answer.status_code == 410
    assert "typed wrong too many times" in answer.text
    assert not Subscription.objects.exists(), "the number is deleted with it"
    # The right code no longer helps: the subscription is gone.
    assert client.post(code_page, {"code": right}).status_code == 400


def test_sms_warnings_wait_for_the_end_of_the_quiet_hours(
    subscribed_phone, long_lapsing, sms_outbox
):
    subscribed_phone()
    nightly(NOVEMBER_2)
    counts = delivery.choose_status_messages(today=NOVEMBER_2, now=at(NOVEMBER_2, 6))
    assert counts == {"warning": 1, "lost": 0, "returned": 0, "waiting": 1}
    assert delivery.deliver_due(now=at(NOVEMBER_2, 7, 59)) == 0
    assert sms_outbox == []
    assert delivery.deliver_due(now=at(NOVEMBER_2, 8, 0)) == 1
    (sms,) = sms_outbox
    assert sms.text.startswith("ОСМС: статус до 01.12.2026, долг 8500 ₸ ")

    # Chosen in the evening, a warning waits until 08:00 the next morning.
    active_subscription(long_lapsing, "+77019876543")
    nightly(JUNE_1)
    delivery.choose_status_messages(today=JUNE_1, now=at(JUNE_1, 20, 30))
    message = Message.objects.get(kind="warning", month=JUNE_1)
    assert message.not_before == at(JUNE_1 + datetime.timedelta(days=1), 8)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_sms_fits_one_segment_and_holds_no_iin(
    subscribed_phone, lapsing, make_person, sms_outbox, daily, language
):
    """The longest texts: a warning in a six-month grace (five unpaid months), a loss with all
    twelve months unpaid, a return."""
    subscribed_phone(language)
    long_payer = make_person(first=datetime.date(2021, 1, 1), last=datetime.date(2026, 3, 1))
    active_subscription(long_payer, "+77019876543", language=language)
    never_since = make_person(first=datetime.date(2024, 9, 1), last=datetime.date(2025, 8, 1))
    active_subscription(never_since, "+77015550000", language=language, known_status="insured")
    daily(datetime.date(2026, 9, 1), deliver_at=at(datetime.date(2026, 9, 1), 9))
    daily(DECEMBER_1, deliver_at=at(DECEMBER_1, 9))
    pay(lapsing, months(datetime.date(2026, 9, 1), datetime.date(2026, 11, 1)))
    december_2 = DECEMBER_1 + datetime.timedelta(days=1)
    daily(december_2, deliver_at=at(december_2, 10))

    kinds = {m.kind for m in Message.objects.filter(state="sent").exclude(kind="confirmation")}
    assert kinds == {"warning", "lost", "returned"}
    assert any("21250" in sms.text for sms in sms_outbox), "five months at 4 250"
    assert any("51000" in sms.text for sms in sms_outbox), "twelve months at 4 250"
    for sms in sms_outbox:
        length, limit = sms_units(sms.text)
        assert limit == (160 if language == "en" else 70)
        assert length <= limit, sms.text
        assert mask_iins(sms.text) == sms.text, "no IIN, not even masked"
        assert re.search(rf"{SITE_URL}/u/\w{{8}}$", sms.text)


def test_the_short_link_opens_the_subscription_in_its_language(client, subscribed_phone):
    subscription = subscribed_phone("kk")
    answer = client.get(f"/u/{subscription.key}")
    assert answer.status_code == 302
    assert answer["Location"] == f"/kk/warnings/unsubscribe/{subscription.key}/"
    page = client.get(answer["Location"])
    assert subscription.iin[:2] + "********" + subscription.iin[-2:] in page.text
    assert subscription.iin not in page.text
    client.post(answer["Location"])
    assert not Subscription.objects.exists()

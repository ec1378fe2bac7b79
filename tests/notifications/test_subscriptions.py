"""Subscribing: the confirmation's expiry and signature, the limits against abuse, the API."""

import datetime
import re
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.db import connection, connections
from django.utils import timezone

from notifications import links, services
from notifications.errors import SubscriptionRefused
from notifications.models import Message, Subscription
from status.checked import checked_iin_token, read_checked_iin

from .conftest import SITE_URL

pytestmark = pytest.mark.django_db


def subscribe(client, iin, *, email="aigul@example.kz", phone="", language="en"):
    return client.post(
        f"/{language}/warnings/subscribe/",
        {
            "checked": checked_iin_token(iin),
            "email": email,
            "phone": phone,
            "language": language,
        },
    )


def confirm_link(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return urlsplit(re.search(rf"{SITE_URL}/en/warnings/confirm/\S+/", text)[0]).path


class SignedLongAgo(signing.TimestampSigner):
    """Signs as if it were 49 hours ago (the link's time is inside the signature)."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 49 * 3600)


def test_a_confirmation_link_expires_after_48_hours(client, lapsing):
    subscription = services.subscribe(
        iin=lapsing.iin, channel="email", address="a@example.kz", language="en"
    ).subscription
    token = SignedLongAgo(salt=links.CONFIRMATION_SALT).sign_object(
        {"s": subscription.pk, "k": subscription.key}
    )
    for answer in (
        client.get(f"/en/warnings/confirm/{token}/"),
        client.post(f"/en/warnings/confirm/{token}/"),
    ):
        assert answer.status_code == 410
        assert "This confirmation has expired" in answer.text
    subscription.refresh_from_db()
    assert subscription.state == Subscription.State.PENDING


def test_a_tampered_link_confirms_nothing(
    client, lapsing, make_person, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, lapsing.iin)
    path = confirm_link(mailbox[0])
    payload, stamp, signature = path.split("/")[-2].split(":")
    # Another subscription's id in the payload, the signature left as it was.
    other = services.subscribe(
        iin=make_person().iin, channel="email", address="b@example.kz", language="en"
    ).subscription
    forged = signing.b64_encode(f'{{"s":{other.pk},"k":"{other.key}"}}'.encode()).decode()
    for token in (f"{forged}:{stamp}:{signature}", f"{payload}:{stamp}:{signature[:-1]}x"):
        answer = client.post(f"/en/warnings/confirm/{token}/")
        assert answer.status_code == 400
        assert "This confirmation link is not valid" in answer.text
    assert not Subscription.objects.filter(state=Subscription.State.ACTIVE).exists()
    assert client.post(path).status_code == 200, "the real link still works"


def test_a_code_expires_with_its_link(lapsing, sms_outbox):
    requested = timezone.now()
    subscribed = services.subscribe(
        iin=lapsing.iin, channel="sms", address="+77012345678", language="ru", now=requested
    )
    code = subscribed.subscription.code
    with pytest.raises(SubscriptionRefused) as refused:
        services.confirm_phone(
            token=subscribed.token, code=code, now=requested + datetime.timedelta(hours=49)
        )
    assert refused.value.code == "link_expired"


def activate(iin, address, **kwargs):
    subscribed = services.subscribe(iin=iin, channel="email", address=address, language="en")
    return services.confirm_email(token=subscribed.token, **kwargs)


def test_at_most_three_active_subscriptions_per_iin(client, lapsing):
    for n in range(3):
        activate(lapsing.iin, f"family{n}@example.kz")
    answer = subscribe(client, lapsing.iin, email="fourth@example.kz")
    assert answer.status_code == 400
    assert "This IIN already has 3 active subscriptions" in answer.text
    assert 'value="fourth@example.kz"' in answer.text, "the form keeps what was typed"
    # One stops: a place is free again.
    services.unsubscribe(key=Subscription.objects.filter(iin=lapsing.iin).first().key)
    assert subscribe(client, lapsing.iin, email="fourth@example.kz").status_code == 200


def test_at_most_five_iins_per_address(client, make_person, settings):
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 10
    for _ in range(5):
        activate(make_person().iin, "parent@example.kz")
    answer = subscribe(client, make_person().iin, email="PARENT@example.kz")
    assert answer.status_code == 400
    assert "already receives warnings for 5 IINs" in answer.text


def test_a_pending_subscription_cannot_jump_the_limit_when_confirmed(lapsing):
    pending = [
        services.subscribe(
            iin=lapsing.iin, channel="email", address=f"p{n}@example.kz", language="en"
        )
        for n in range(4)
    ]
    for subscribed in pending[:3]:
        services.confirm_email(token=subscribed.token)
    with pytest.raises(SubscriptionRefused) as refused:
        services.confirm_email(token=pending[3].token)
    assert refused.value.code == "too_many_for_iin"


def test_confirmation_messages_are_capped_per_address_and_day(client, make_person):
    for _ in range(3):
        assert subscribe(client, make_person().iin, email="victim@example.kz").status_code == 200
    answer = subscribe(client, make_person().iin, email="victim@example.kz")
    assert answer.status_code == 400
    assert "as many confirmation messages to this address today as we may" in answer.text
    # The next day (Asia/Almaty), the address may be asked again.
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    services.subscribe(
        iin=make_person().iin,
        channel="email",
        address="victim@example.kz",
        language="en",
        now=tomorrow.replace(hour=0, minute=5),
    )


def test_the_page_and_the_api_share_one_rate_limit(client, lapsing, settings):
    settings.SUBSCRIPTIONS_RATE_LIMIT = "3/hour"
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 10
    assert subscribe(client, lapsing.iin, email="a@example.kz").status_code == 200
    body = {"iin": lapsing.iin, "email": "b@example.kz", "language": "ru"}
    assert (
        client.post("/api/v1/subscriptions/", body, content_type="application/json").status_code
        == 202
    )
    assert subscribe(client, lapsing.iin, email="c@example.kz").status_code == 200
    page = subscribe(client, lapsing.iin, email="d@example.kz")
    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    assert "Too many subscription requests" in page.text
    api = client.post("/api/v1/subscriptions/", body, content_type="application/json")
    assert api.status_code == 429 and api.json()["error"]["code"] == "rate_limited"


def test_unconfirmed_subscriptions_are_deleted_after_seven_days(lapsing, make_person):
    now = timezone.now()
    old, recent = (
        services.subscribe(
            iin=lapsing.iin,
            channel="email",
            address=address,
            language="kk",
            now=now - datetime.timedelta(days=days),
        ).subscription
        for address, days in (("old@example.kz", 8), ("new@example.kz", 6))
    )
    confirmed = activate(make_person().iin, "kept@example.kz")
    Subscription.objects.filter(pk=confirmed.pk).update(
        requested_at=now - datetime.timedelta(days=30)
    )
    assert services.delete_unconfirmed(now=now) == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    assert not Subscription.objects.filter(address=old.address).exists()
    # The confirmations' address digests are kept only as long as the daily cap needs them.
    assert (
        not Message.objects.filter(created_at__lt=now - datetime.timedelta(days=1))
        .exclude(address_digest="")
        .exists()
    )


def test_api_subscribes_by_email_and_by_phone(
    client, lapsing, sms_outbox, django_capture_on_commit_callbacks
):
    api = "/api/v1/subscriptions/"
    answer = client.post(
        api,
        {"iin": lapsing.iin, "email": "a@example.kz", "language": "kk"},
        content_type="application/json",
    )
    assert answer.status_code == 202
    assert answer.json() == {"channel": "email", "state": "pending", "confirm_within_hours": 48}

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            api,
            {"iin": lapsing.iin, "phone": "+7 701 234 56 78", "language": "ru"},
            content_type="application/json",
        )
    assert answer.status_code == 202
    token = answer.json()["phone_confirmation_token"]
    code = re.search(r"\b\d{6}\b", sms_outbox[0].text)[0]
    confirm = "/api/v1/subscriptions/phone-confirmation/"
    wrong = client.post(
        confirm,
        {"token": token, "code": "000000" if code != "000000" else "111111"},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "wrong_code"
    right = client.post(confirm, {"token": token, "code": code}, content_type="application/json")
    assert right.status_code == 200 and right.json() == {"state": "active"}

    again = client.post(
        api,
        {"iin": lapsing.iin, "phone": "87012345678", "language": "ru"},
        content_type="application/json",
    )
    assert again.status_code == 202 and again.json()["state"] == "active", (
        "same number, same subscription"
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"email": "a@example.kz", "phone": "+77012345678"}, "one_contact"),
        ({}, "one_contact"),
        ({"email": "not-an-address"}, "invalid"),
        ({"phone": "+7 727 250 12 34"}, "invalid_phone"),  # a landline gets no SMS
        ({"phone": "+7 916 123 45 67"}, "invalid_phone"),  # not a Kazakhstan number
    ],
)
def test_api_says_what_is_wrong_with_the_contact(client, lapsing, body, code):
    answer = client.post(
        "/api/v1/subscriptions/",
        {"iin": lapsing.iin, "language": "en", **body},
        content_type="application/json",
        headers={"accept-language": "ru"},
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == code
    assert not Subscription.objects.exists()


def test_api_refuses_an_invalid_iin(client):
    answer = client.post(
        "/api/v1/subscriptions/",
        {"iin": "123456789012", "email": "a@example.kz", "language": "en"},
        content_type="application/json",
    )
    assert answer.status_code == 400 and answer.json()["error"]["fields"]["iin"]


def test_the_status_page_offers_the_subscription_and_says_what_it_reveals(client, lapsing):
    page = client.post("/ru/status/", {"iin": lapsing.iin}).text
    assert "Предупредите меня до потери статуса" in page
    assert "Подписка не раскрывает о человеке ничего, кроме открытого статуса" in page
    assert lapsing.iin not in page, "the form carries the IIN encrypted"
    token = re.search(r'name="checked" value="([^"]+)"', page)[1]
    assert read_checked_iin(token) == lapsing.iin
    assert 'id="subscribe-email"' in page and 'id="id_iin"' in page, "no clash of ids"
    assert "warnings/subscribe" not in client.get("/ru/status/").text, "no form before a check"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_confirmations_at_once_leave_three_active(make_person):
    person = make_person()
    pending = [
        services.subscribe(
            iin=person.iin, channel="email", address=f"r{n}@example.kz", language="en"
        )
        for n in range(4)
    ]
    start = threading.Barrier(len(pending))
    outcomes = []

    def confirm(subscribed):
        try:
            start.wait()
            services.confirm_email(token=subscribed.token)
            outcomes.append("active")
        except SubscriptionRefused as refusal:
            outcomes.append(refusal.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(s,)) for s in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["active"] * 3 + ["too_many_for_iin"]
    assert Subscription.objects.filter(state="active").count() == 3


def test_a_changed_or_old_status_check_is_asked_again(client, lapsing):
    token = checked_iin_token(lapsing.iin)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    answer = client.post(
        "/en/warnings/subscribe/",
        {"checked": forged, "email": "a@example.kz", "language": "en"},
    )
    assert answer.status_code == 400
    assert "Check the status again, then subscribe" in answer.text
    assert "Hidden field" not in answer.text
    assert 'value="a@example.kz"' in answer.text
    assert not Subscription.objects.exists()


def test_the_subscribe_address_opened_directly_leads_to_the_status_check(client):
    answer = client.get("/kk/warnings/subscribe/")
    assert answer.status_code == 302 and answer["Location"] == "/kk/status/"

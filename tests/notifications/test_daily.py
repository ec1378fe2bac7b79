"""The daily task: when a warning is due, idempotence, stale data, failures, the SMS provider."""

import datetime
import io
import json
import os
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings as django_settings
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.utils import timezone, translation

from notifications import delivery, selectors
from notifications.models import Message, Subscription
from notifications.sms import MobizonBackend, SmsError
from status import snapshots

from .conftest import (
    DECEMBER_1,
    JUNE_1,
    LOST_ON,
    NOVEMBER_2,
    OCTOBER_1,
    active_subscription,
    at,
    free_port,
    months,
    nightly,
    pay,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(lapsing):
    """An active e-mail subscription for the lapsing person."""
    return active_subscription(lapsing, "aigul@example.kz")


def choose(day, hour=6):
    return delivery.choose_status_messages(today=day, now=at(day, hour))


def status_on(person, day):
    return snapshots.status_by_iin(iin=person.iin, on=day)


def test_no_warning_while_the_only_unpaid_month_is_not_due_yet(subscriber, lapsing, mailbox):
    """October: 2026-09 is unpaid but due only by 25 October, as for every employee whose
    employer pays on time. The status is in grace, yet nobody is warned all month."""
    for day in (1, 2, 26, 31):
        nightly(OCTOBER_1.replace(day=day))
        result = status_on(lapsing, OCTOBER_1.replace(day=day))
        assert result.status == "insured" and result.lapses_on == LOST_ON
        assert result.debt_months == [datetime.date(2026, 9, 1)]
        assert not selectors.warning_holds(result=result)
        assert choose(OCTOBER_1.replace(day=day))["warning"] == 0
    delivery.deliver_due(now=at(OCTOBER_1.replace(day=31), 9))
    assert mailbox == []
    assert not Message.objects.exists()


def test_an_overdue_month_brings_the_warning(subscriber, lapsing, mailbox):
    """November: 2026-09 is overdue (due by 25 October), so the warning goes out."""
    nightly(NOVEMBER_2)
    assert selectors.warning_holds(result=status_on(lapsing, NOVEMBER_2))
    assert choose(NOVEMBER_2)["warning"] == 1
    delivery.deliver_due(now=at(NOVEMBER_2, 7))
    (warning,) = mailbox
    assert warning["Subject"] == "Статус ОСМС будет утрачен 1 декабря 2026 г."


@pytest.mark.parametrize(
    ("paid", "warned"),
    [
        # Grace 3: in grace in October and November; warned once, in November.
        ({}, [NOVEMBER_2.replace(day=1)]),
        # Grace 6 (over 60 months paid): in grace May to September; warned June to September.
        (
            {"first": datetime.date(2021, 1, 1), "last": datetime.date(2026, 3, 1)},
            [datetime.date(2026, month, 1) for month in (6, 7, 8, 9)],
        ),
    ],
    ids=["grace-3", "grace-6"],
)
def test_the_daily_choice_and_the_selector_agree_month_by_month(
    make_person, settings, paid, warned
):
    """On the 1st of every month until the loss, the set-based choice warns exactly when
    selectors.warning_holds says a warning is due (the check before it is sent)."""
    settings.WARNING_DAYS = 31  # the last month is warned on its 1st too
    person = make_person(**paid)
    subscription = active_subscription(person, "aigul@example.kz")
    chosen, holds = [], []
    for month in months(datetime.date(2026, 4, 1), DECEMBER_1):
        nightly(month)
        if choose(month)["warning"]:
            chosen.append(month)
        if selectors.warning_holds(result=status_on(person, month)):
            holds.append(month)
    assert chosen == holds == warned
    assert (
        list(
            Message.objects.filter(subscription=subscription, kind="warning")
            .values_list("month", flat=True)
            .order_by("month")
        )
        == warned
    )


def test_run_twice_a_day_nothing_is_sent_twice(subscriber, mailbox):
    nightly(NOVEMBER_2)
    assert choose(NOVEMBER_2)["warning"] == 1
    assert choose(NOVEMBER_2, hour=14)["warning"] == 0
    delivery.deliver_due(now=at(NOVEMBER_2, 7))
    delivery.deliver_due(now=at(NOVEMBER_2, 15))
    assert len(mailbox) == 1
    # Later days of the same month: still the one warning of November.
    for day in (3, 15, 30):
        nightly(NOVEMBER_2.replace(day=day))
        assert choose(NOVEMBER_2.replace(day=day))["warning"] == 0
    assert Message.objects.filter(kind="warning").count() == 1


def test_the_command_does_the_daily_work_now(subscriber, mailbox):
    nightly(NOVEMBER_2)
    out = io.StringIO()
    with translation.override("en"):
        call_command("send_status_warnings", "--date", "2026-11-02", stdout=out)
        assert "Warnings: 1; status lost: 0; status returned: 0" in out.getvalue()
        call_command("send_status_warnings", "--date", "2026-11-02", stdout=out)
        assert "Warnings: 0;" in out.getvalue()
    assert Message.objects.get().kind == "warning"


def test_the_last_month_is_warned_once_the_loss_is_within_warning_days(
    subscriber, settings, mailbox
):
    """November is the last month (lost on 1 December): with WARNING_DAYS = 10, not on the 2nd,
    but on the 21st."""
    settings.WARNING_DAYS = 10
    nightly(NOVEMBER_2)
    assert choose(NOVEMBER_2)["warning"] == 0
    november_21 = NOVEMBER_2.replace(day=21)
    nightly(november_21)
    assert choose(november_21)["warning"] == 1
    delivery.deliver_due(now=at(november_21, 7))
    (warning,) = mailbox
    assert warning["Subject"] == "Статус ОСМС будет утрачен 1 декабря 2026 г."


def test_a_month_not_the_last_is_warned_on_its_first_day_whatever_warning_days(
    long_lapsing, settings
):
    """June, in the six-month grace (lost on 1 October), with 2026-04 overdue."""
    active_subscription(long_lapsing, "aigul@example.kz")
    settings.WARNING_DAYS = 1
    nightly(JUNE_1)
    assert choose(JUNE_1)["warning"] == 1


def test_nobody_is_warned_on_a_snapshot_older_than_their_latest_payment(subscriber, lapsing):
    nightly(NOVEMBER_2)
    # Paid after the recompute: the snapshot is stale until the person is recomputed.
    pay(lapsing, [datetime.date(2026, 9, 1)])
    assert choose(NOVEMBER_2) == {"warning": 0, "lost": 0, "returned": 0, "waiting": 0}
    subscriber.refresh_from_db()
    assert subscriber.known_status == "", "nothing seen on stale data"


def test_a_warning_that_no_longer_holds_is_not_sent(subscriber, lapsing, mailbox):
    nightly(NOVEMBER_2)
    assert choose(NOVEMBER_2)["warning"] == 1
    # The overdue month paid before the warning went out: still in grace (2026-10 is unpaid),
    # but nothing is overdue any more.
    pay(lapsing, [datetime.date(2026, 9, 1)])
    delivery.deliver_due(now=at(NOVEMBER_2, 7))
    assert mailbox == []
    assert Message.objects.get().state == Message.State.SKIPPED


def test_last_months_news_is_not_sent_in_a_new_month(subscriber, mailbox):
    nightly(NOVEMBER_2.replace(day=30))
    choose(NOVEMBER_2.replace(day=30), hour=21)
    delivery.deliver_due(now=at(DECEMBER_1, 8))
    assert mailbox == []
    assert Message.objects.get().state == Message.State.SKIPPED


def test_the_first_sight_after_confirming_only_records_the_status(subscriber, make_person):
    """Someone who subscribes while not insured is not told it was lost; only its return."""
    subscriber.delete()
    uninsured = make_person(first=datetime.date(2024, 1, 1), last=datetime.date(2024, 12, 1))
    active_subscription(uninsured, "u@example.kz", language="en")
    nightly(OCTOBER_1)
    assert choose(OCTOBER_1) == {"warning": 0, "lost": 0, "returned": 0, "waiting": 0}
    assert Subscription.objects.get().known_status == "not_insured"
    pay(uninsured, months(datetime.date(2025, 10, 1), datetime.date(2026, 9, 1)))
    nightly(OCTOBER_1.replace(day=5))
    assert choose(OCTOBER_1.replace(day=5))["returned"] == 1


def test_a_mail_server_outage_delays_the_warning_and_loses_nothing(
    subscriber, mailbox, settings, smtp_server
):
    nightly(NOVEMBER_2)
    choose(NOVEMBER_2)
    down = settings.MAILERS["default"]["OPTIONS"] | {"port": free_port()}
    settings.MAILERS = {"default": settings.MAILERS["default"] | {"OPTIONS": down}}
    assert delivery.deliver_due(now=at(NOVEMBER_2, 7)) == 1
    message = Message.objects.get()
    assert message.state == Message.State.QUEUED and message.attempts == 1
    assert "ConnectionRefusedError" in message.error
    assert message.not_before == at(NOVEMBER_2, 7, 15), "tried again a quarter of an hour later"
    assert delivery.deliver_due(now=at(NOVEMBER_2, 7, 10)) == 0, "not before then"

    settings.MAILERS = {
        "default": settings.MAILERS["default"] | {"OPTIONS": down | {"port": smtp_server.port}}
    }
    assert delivery.deliver_due(now=at(NOVEMBER_2, 7, 20)) == 1
    assert len(mailbox) == 1
    message.refresh_from_db()
    assert message.state == Message.State.SENT and message.attempts == 2 and message.error == ""


def test_a_message_that_never_goes_is_marked_failed(subscriber, settings):
    settings.NOTIFICATION_SEND_ATTEMPTS = 2
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    nightly(NOVEMBER_2)
    choose(NOVEMBER_2)
    delivery.deliver_due(now=at(NOVEMBER_2, 7))
    delivery.deliver_due(now=at(NOVEMBER_2, 9))
    assert Message.objects.get().state == Message.State.FAILED
    assert delivery.deliver_due(now=at(NOVEMBER_2, 12)) == 0


def test_the_daily_task_runs_after_the_nightly_recompute():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    recompute = schedule["status-recompute"]["schedule"]
    warnings = schedule["notifications-send-status-warnings"]["schedule"]
    assert warnings.hour == {6} and max(recompute.hour) < min(warnings.hour)
    assert warnings.minute == {0}


class Provider(BaseHTTPRequestHandler):
    """A stand-in for the SMS provider's HTTP API on a loopback port."""

    answer: dict = {}
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        self.received.append((query, form))
        body = json.dumps(self.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    server = HTTPServer(("127.0.0.1", 0), Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_PROVIDER_URL = (
        f"http://127.0.0.1:{server.server_port}/service/Message/SendSmsMessage"
    )
    settings.SMS_PROVIDER_API_KEY = "test-key"
    settings.SMS_SENDER = "MSQORY"
    Provider.received = []
    Provider.answer = {"code": 0, "data": {"messageId": "1"}, "message": ""}
    yield Provider
    server.shutdown()
    server.server_close()


def test_the_http_provider_adapter_sends_and_reports_refusals(provider):
    MobizonBackend().send(to="+77012345678", text="ОСМС: проверка")
    ((query, form),) = provider.received
    assert query["apiKey"] == ["test-key"] and query["output"] == ["json"]
    assert form == {"recipient": ["77012345678"], "text": ["ОСМС: проверка"], "from": ["MSQORY"]}

    provider.answer = {"code": 1, "data": {}, "message": "balance"}
    with pytest.raises(SmsError, match="code 1"):
        MobizonBackend().send(to="+77012345678", text="x")


def test_an_unreachable_provider_is_a_failure_that_names_no_secret(settings):
    settings.SMS_PROVIDER_URL = f"http://127.0.0.1:{free_port()}/send"
    settings.SMS_PROVIDER_API_KEY = "secret-key"
    with pytest.raises(SmsError) as failure:
        MobizonBackend().send(to="+77012345678", text="x")
    assert "secret-key" not in str(failure.value) and "127.0.0.1" not in str(failure.value)


def test_the_file_mail_backend_is_chosen_from_the_environment(tmp_path, settings):
    env = os.environ | {
        "SECRET_KEY": "x",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
    }
    script = "import json, msqory.settings as s; print(json.dumps(s.MAILERS))"
    read = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
    )
    settings.MAILERS = json.loads(read.stdout)
    EmailMessage("s", "body", "a@b.kz", ["c@d.kz"]).send()
    (written,) = tmp_path.iterdir()
    assert "body" in written.read_text()


def test_staff_see_subscriber_counts_and_messages_per_day(staff_client, subscriber, mailbox):
    nightly(NOVEMBER_2)
    choose(NOVEMBER_2)
    delivery.deliver_due(now=at(NOVEMBER_2, 7))
    Message.objects.update(sent_at=at(timezone.localdate()))  # inside the report's 30 days
    page = staff_client.get("/en/admin/notifications/subscription/")
    assert page.status_code == 200
    assert "<td>E-mail</td><td>Русский</td><td>1</td><td>0</td>" in page.text
    assert "aigul@example.kz" not in page.text and subscriber.iin not in page.text
    page = staff_client.get("/en/admin/notifications/message/")
    assert page.status_code == 200
    assert "<td>Warning before the status is lost</td><td>E-mail</td><td>1</td>" in page.text

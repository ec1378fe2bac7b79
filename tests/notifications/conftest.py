"""Lapse warnings under test: a real SMTP server (aiosmtpd on a free loopback port, Django's SMTP
backend), the recording SMS backend, and people whose payments put them where a test needs them
on fixed days of 2026 (the nightly recompute run for that day, as in production)."""

import asyncio
import datetime
import email
import email.policy
import random
import socket
import zoneinfo
from decimal import Decimal

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache

from msqory.celery import app as celery_app
from msqory.months import month_index, month_start
from notifications import delivery
from notifications.models import Subscription
from notifications.sms import RecordingBackend
from status import recompute
from status.demo import synthetic_iin
from status.models import Payment, Person
from status.services import touch_persons

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
SITE_URL = "https://msqory.kz"  # as long as the production address: the SMS budget counts it
# The worked check of docs/domain.md §3: paid every month 2025-09 … 2026-08, nothing since.
PAID_UNTIL = datetime.date(2026, 8, 1)
# Debt 2026-09, due by 25 October: in grace (lost on 2026-12-01), but nothing overdue yet.
OCTOBER_1 = datetime.date(2026, 10, 1)
# Debt 09–10, 09 overdue: the last month, 29 days to go, warned.
NOVEMBER_2 = datetime.date(2026, 11, 2)
DECEMBER_1 = datetime.date(2026, 12, 1)  # three debt months: lost
LOST_ON = datetime.date(2026, 12, 1)
# A long payer (2021-01 … 2026-03, over 60 months) has the six-month grace of 2026: debt from
# 2026-04, in grace from May, 04 overdue from June, lost on 2026-10-01.
LONG_PAID_FROM = datetime.date(2021, 1, 1)
LONG_PAID_UNTIL = datetime.date(2026, 3, 1)
JUNE_1 = datetime.date(2026, 6, 1)


def at(day: datetime.date, hour: int = 7, minute: int = 0) -> datetime.datetime:
    """A moment of that day in Asia/Almaty."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), ALMATY)


class Inbox:
    """What the SMTP server received, as parsed messages (email.message.EmailMessage)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()
    asyncio.set_event_loop(None)


@pytest.fixture
def mailbox(smtp_server, settings):
    """Django sends through the real SMTP server; the list of messages it received."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 5},
        }
    }
    smtp_server.handler.messages.clear()
    return smtp_server.handler.messages


@pytest.fixture(autouse=True)
def _notifications(settings):
    settings.SITE_URL = SITE_URL
    settings.SMS_BACKEND = "notifications.sms.RecordingBackend"
    # High enough that no test trips them but the tests of the limits, which set their own.
    settings.LOOKUP_RATE_LIMIT = "10000/min"
    settings.SUBSCRIPTIONS_RATE_LIMIT = "10000/hour"
    RecordingBackend.outbox.clear()
    cache.clear()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager
    RecordingBackend.outbox.clear()


@pytest.fixture
def sms_outbox():
    return RecordingBackend.outbox


def pay(person: Person, periods, *, payer_type: str = "self_payer") -> None:
    """Payments as an import records them: the person is marked changed (their snapshot is
    stale until recomputed)."""
    for period in periods:
        Payment.objects.create(
            person=person,
            period=period,
            payer_type_id=payer_type,
            amount=Decimal("4250.00"),
            paid_on=period,
            reference=f"N-{person.iin}-{period:%Y%m}-{payer_type}",
        )
    touch_persons(person_ids=[person.pk])


def months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [month_start(i) for i in range(month_index(first), month_index(last) + 1)]


_seeds = iter(range(1, 1_000_000))


@pytest.fixture
def make_person(db):
    """A person who paid as a self-payer every month from `first` to `last`."""

    def make(first=datetime.date(2025, 9, 1), last=PAID_UNTIL) -> Person:
        person = Person.objects.create(iin=synthetic_iin(random.Random(next(_seeds) * 7919)))
        pay(person, months(first, last))
        return person

    return make


@pytest.fixture
def lapsing(make_person):
    """Paid 2025-09 … 2026-08: in grace from October 2026, with 2026-09 overdue from November
    (warned then), lost on 1 December 2026."""
    return make_person()


@pytest.fixture
def long_lapsing(make_person):
    """Paid 2021-01 … 2026-03: in the six-month grace from May 2026, warned from June, lost
    on 1 October 2026."""
    return make_person(first=LONG_PAID_FROM, last=LONG_PAID_UNTIL)


def active_subscription(person: Person, address: str, **fields) -> Subscription:
    """A subscription confirmed long ago (e-mail in Russian unless said otherwise)."""
    fields = {"channel": "sms" if address.startswith("+") else "email", "language": "ru"} | fields
    return Subscription.objects.create(
        iin=person.iin,
        address=address,
        key=f"k{next(_seeds):07d}",
        state=Subscription.State.ACTIVE,
        requested_at=at(OCTOBER_1),
        **fields,
    )


def nightly(day: datetime.date) -> None:
    """The nightly recompute for `day`, as the beat runs it at 02:00."""
    recompute.run_sync(as_of=day)


@pytest.fixture
def daily():
    """The day's work as production does it: the recompute, the daily task at 06:00, then the
    delivery of what is due at `deliver_at` (07:00 by default)."""

    def run(day: datetime.date, *, deliver_at: datetime.datetime | None = None) -> dict:
        nightly(day)
        counts = delivery.choose_status_messages(today=day, now=at(day, 6))
        delivery.deliver_due(now=deliver_at or at(day, 7), limit=1000)
        return counts

    return run

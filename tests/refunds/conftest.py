import datetime
import random
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from msqory.celery import app as celery_app
from msqory.roles import FUND_STAFF
from refunds import services
from refunds.models import PayerKind, RefundReason
from status.demo import synthetic_iin
from status.models import Payment, Person, Residency

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
VALID_IBAN = "KZ86125KZT5004100100"
VALID_BIC = "KCJBKZKX"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Fresh rate limits, private files in a temporary folder, tasks run where they are sent
    (the e-mail and the status recompute happen inside the test, through the real Celery)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # Limits high enough that other tests sharing the cache (and 127.0.0.1) never trip them;
    # the tests of the limits set their own.
    settings.LOOKUP_RATE_LIMIT = "10000/min"
    settings.REFUNDS_SUBMIT_RATE_LIMIT = "10000/hour"
    settings.ANONYMOUS_UPLOAD_RATE_LIMIT = "10000/hour"
    cache.clear()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager
    cache.clear()


def month(offset: int) -> datetime.date:
    """The first day of the month `offset` months from this one."""
    today = timezone.localdate().replace(day=1)
    index = today.year * 12 + today.month - 1 + offset
    return datetime.date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def rng():
    return random.Random(5)


@pytest.fixture
def make_person(db, rng):
    def make(**fields):
        fields.setdefault("residency", Residency.CITIZEN)
        person = Person(iin=synthetic_iin(rng), last_name="Сейітова", first_name="Айгүл", **fields)
        person.save()
        return person

    return make


@pytest.fixture
def pay(db):
    counter = iter(range(1, 10_000))

    def pay(person, period, *, payer_type="self_payer", amount="4250.00", refunded=False):
        return Payment.objects.create(
            person=person,
            period=period,
            payer_type_id=payer_type,
            amount=Decimal(amount),
            paid_on=period + datetime.timedelta(days=9),
            reference=f"T{person.iin}-{next(counter):04d}",
            refunded=refunded,
        )

    return pay


@pytest.fixture
def person(make_person, pay):
    """Paid every one of the last 12 months as a self-payer, and paid last month twice."""
    person = make_person()
    for offset in range(-12, 0):
        pay(person, month(offset))
    return person


def _staff(username):
    user = get_user_model().objects.create_user(
        username=username, password="not-used-1234", is_staff=True, email=f"{username}@fund.kz"
    )
    user.groups.add(Group.objects.get(name=FUND_STAFF))
    return user


@pytest.fixture
def reviewer(db):
    return _staff("reviewer")


@pytest.fixture
def approver(db):
    return _staff("approver")


def pdf(name="chek.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def file_refund(person, django_capture_on_commit_callbacks):
    """File a refund of the person's latest payment through the service."""

    def file(*, payments=None, **fields):
        payments = payments or [person.payments.order_by("-period").first()]
        defaults = {
            "applicant_name": "Сейітова Айгүл",
            "region": "astana",
            "phone": "+7 701 123 45 67",
            "email": "aigul@example.kz",
            "payer_kind": PayerKind.PERSON,
            "refund_reason": RefundReason.PAID_TWICE,
            "iban": VALID_IBAN,
            "bic": VALID_BIC,
            "language": "ru",
        }
        with django_capture_on_commit_callbacks(execute=True):
            return services.submit_refund(
                person=payments[0].person,
                payments=payments,
                documents=[("payment_document", pdf())],
                **(defaults | fields),
            )

    return file


@pytest.fixture
def file_cancellation(make_person, django_capture_on_commit_callbacks):
    def file(person=None, *, start=None, end=None, **fields):
        person = person or make_person(residency=Residency.RESIDENCE_PERMIT)
        defaults = {
            "applicant_name": "Иванов Иван",
            "address": "Астана, ул. Абая 1",
            "region": "astana",
            "phone": "+7 701 123 45 67",
            "email": "ivan@example.kz",
            "cancellation_reason": "before_residence_permit",
            "period_start": start or month(-6),
            "period_end": end or month(-4),
            "language": "en",
        }
        with django_capture_on_commit_callbacks(execute=True):
            return services.submit_cancellation(
                person=person,
                documents=[("residence_permit", pdf("rvp.pdf"))],
                **(defaults | fields),
            )

    return file


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a workflow service with its after-commit e-mail sent, as in production."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run

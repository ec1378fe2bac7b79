import datetime
import importlib
import itertools

import pytest
from django.core.cache import cache

from status.iin import MALE, make_iin
from status.models import Person
from tests.ledger import pay

CONTENT = importlib.import_module("information.migrations.0002_content")
LANGUAGES = ("kk", "ru", "en")
TODAY = datetime.date(2026, 11, 23)
_serials = itertools.count(100)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rate limits, and the contributions rule table kept in memory (tests change rules)."""
    from contributions import rulecache

    cache.clear()
    rulecache.forget()
    yield
    cache.clear()
    rulecache.forget()


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    """Pages show the figures of "this month": pin it to November 2026."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def make_person(db):
    def make(*, residency="citizen", paid_months=()):
        iin = None
        while iin is None:
            iin = make_iin(datetime.date(1990, 5, 17), MALE, next(_serials))
        person = Person.objects.create(
            iin=iin,
            last_name="Сынақов",
            first_name="Сынақ",
            residency=residency,
        )
        pay(person, paid_months, payer_type="self_payer", amount="4250.00")
        return person

    return make


def months(start: datetime.date, count: int) -> list[datetime.date]:
    result, current = [], start
    for _ in range(count):
        result.append(current)
        current = (current.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return result

import datetime

import pytest

from contributions import rulecache, selectors


@pytest.fixture(autouse=True)
def fresh_rule_table():
    """Each test sees the rules as they are in its database, not a copy from an earlier test."""
    rulecache.forget()
    yield
    rulecache.forget()


@pytest.fixture
def book(db):
    """Every rule and minimum wage the data migrations loaded (2017–2026)."""
    return selectors.rule_book(start=datetime.date(2017, 1, 1), end=datetime.date(2027, 12, 1))

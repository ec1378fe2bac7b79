"""Whatever a file holds, an import either loads all of it or reports problems: never half."""

import datetime
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from status.imports import import_categories, import_payments
from status.models import CategoryMembership, Payment, Person

from .conftest import valid_iin

pytestmark = pytest.mark.django_db

IINS = [valid_iin(datetime.date(1960 + k, 1 + k, 1 + k)) for k in range(5)]

good_values = {
    "iin": st.sampled_from(IINS),
    "period": st.sampled_from(["2025-01", "022025", "2024-12"]),
    "payer_type": st.sampled_from(["employer", "employee", "self_payer"]),
    "amount": st.sampled_from(["100", "4250.00", "17000.5"]),
    "paid_on": st.sampled_from(["2025-03-01", "2024-12-31"]),
    "reference": st.text("ABC123-", min_size=1, max_size=6),
}
# Anything at all, including quotes, commas, line breaks, NUL and non-ASCII text.
junk = st.text(min_size=0, max_size=14)


def cell(column):
    return st.one_of(good_values[column], good_values[column], junk)


row = st.fixed_dictionaries({column: cell(column) for column in good_values})
raw_bytes = st.binary(max_size=60)


def render(rows, extra: bytes) -> bytes:
    header = ",".join(good_values)
    lines = [",".join(r[c] for c in good_values) for r in rows]
    return ("\n".join([header, *lines]) + "\n").encode("utf-8", "surrogatepass") + extra


def snapshot():
    return (Payment.objects.count(), Person.objects.count(), CategoryMembership.objects.count())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row, min_size=1, max_size=8), extra=raw_bytes)
def test_random_payment_files_are_loaded_whole_or_not_at_all(rows, extra):
    before = snapshot()
    data = render(rows, extra)
    result = import_payments(file=io.BytesIO(data))  # never raises
    after = snapshot()
    if result.problems:
        assert after == before, "a file with problems writes nothing"
        assert all(p.line >= 1 and str(p) for p in result.problems)
    else:
        assert after[0] - before[0] == result.added <= result.rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_either_import(data):
    before = snapshot()
    payments = import_payments(
        file=io.BytesIO(b"iin,period,payer_type,amount,paid_on,reference\n" + data)
    )
    categories = import_categories(file=io.BytesIO(b"iin,category,start,end\n" + data))
    if payments.problems and categories.problems:
        assert snapshot() == before
    for result in (payments, categories):
        assert result.ok or result.added == 0

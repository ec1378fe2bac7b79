import datetime
import io

import pytest
from django.utils import translation

from status.iin import FEMALE, MALE, make_iin

PAYMENT_HEADER = "iin,period,payer_type,amount,paid_on,reference"
CATEGORY_HEADER = "iin,category,start,end"


def valid_iin(birth_date=datetime.date(1990, 5, 17), sex=MALE, serial=1) -> str:
    """A synthetic IIN with a valid check digit (the next serial that has one)."""
    while (iin := make_iin(birth_date, sex, serial)) is None:
        serial += 1
    return iin


def csv_bytes(*lines: str, header: str = PAYMENT_HEADER) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *lines]) + "\n").encode("utf-8"))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def alice():
    return valid_iin(datetime.date(1985, 3, 2), FEMALE, 10)


@pytest.fixture
def bob():
    return valid_iin(datetime.date(1979, 11, 30), MALE, 20)

"""The IIN check: every kind of mistake gets its own message, and valid numbers pass."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from status.iin import FEMALE, MALE, check_digit, make_iin, parse_iin


def error_code(value):
    with pytest.raises(ValidationError) as caught:
        parse_iin(value)
    return caught.value.code


def test_a_valid_iin_tells_birth_date_and_sex():
    facts = parse_iin(make_iin(datetime.date(1990, 1, 1), MALE, 1))
    assert facts.birth_date == datetime.date(1990, 1, 1)
    assert facts.sex == MALE


def test_second_weights_are_used_when_the_first_give_ten():
    # Find an 11-digit start whose first-weight remainder is 10: the check digit must then come
    # from the second weights, as docs/domain.md §1 says.
    for serial in range(10000):
        start = f"9001013{serial:04d}"
        if sum(int(d) * w for d, w in zip(start, range(1, 12), strict=True)) % 11 == 10:
            digit = check_digit(start)
            weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
            expected = sum(int(d) * w for d, w in zip(start, weights, strict=True)) % 11
            assert digit == (None if expected == 10 else expected)
            break
    else:
        pytest.fail("no start with remainder 10 found")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "iin_length"),
        ("12345", "iin_length"),
        ("9001013000101", "iin_length"),
        ("90010130001a", "iin_digits"),
        ("９００１０１３０００１０", "iin_digits"),  # full-width digits are not ASCII digits
        ("900101700010", "iin_century"),
        ("900101000010", "iin_century"),
        ("901301300010", "iin_date"),
        ("900230300010", "iin_date"),
    ],
)
def test_each_mistake_is_named(value, code):
    assert error_code(value) == code


def test_a_wrong_check_digit_is_refused():
    iin = make_iin(datetime.date(1985, 6, 15), FEMALE, 42)
    wrong = iin[:11] + str((int(iin[11]) + 1) % 10)
    assert error_code(wrong) == "iin_checksum"


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "12 digits"), ("ru", "12 цифр"), ("kk", "12 цифр")],
)
def test_the_message_is_in_the_reader_s_language(language, words):
    with translation.override(language):
        with pytest.raises(ValidationError) as caught:
            parse_iin("123")
        assert words in caught.value.messages[0]


dates = st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2099, 12, 31))


@given(birth=dates, sex=st.sampled_from([MALE, FEMALE]), serial=st.integers(0, 9999))
def test_every_generated_iin_round_trips(birth, sex, serial):
    iin = make_iin(birth, sex, serial)
    if iin is None:  # this start has no valid check digit: it is never issued
        return
    facts = parse_iin(iin)
    assert (facts.birth_date, facts.sex) == (birth, sex)


@given(
    birth=dates,
    sex=st.sampled_from([MALE, FEMALE]),
    serial=st.integers(0, 9999),
    # Not the 11th digit: its weight, 11, is 0 mod 11, so the algorithm cannot see its typos.
    position=st.integers(0, 11).filter(lambda p: p != 10),
    shift=st.integers(1, 9),
)
def test_a_single_mistyped_digit_is_caught(birth, sex, serial, position, shift):
    iin = make_iin(birth, sex, serial)
    if iin is None:
        return
    digit = str((int(iin[position]) + shift) % 10)
    typo = iin[:position] + digit + iin[position + 1 :]

    # With weights 1…10 a single changed digit always changes the sum mod 11; only when the
    # number or its typo falls back to the second weights can the check digits agree by chance.
    def first_remainder(number):
        return sum(int(d) * w for d, w in zip(number[:11], range(1, 12), strict=True)) % 11

    if 10 not in (first_remainder(iin), first_remainder(typo)):
        with pytest.raises(ValidationError):
            parse_iin(typo)


@given(st.text(max_size=20))
def test_arbitrary_text_never_crashes(text):
    try:
        parse_iin(text)
    except ValidationError as error:
        assert error.code.startswith("iin_")

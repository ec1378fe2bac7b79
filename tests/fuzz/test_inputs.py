"""Random input where the existing property tests leave gaps: any 12 digits as an IIN, junk in the
public forms (status check, calculator, penalty estimate), random category files.

Already covered elsewhere (not repeated): IIN round trips, typos and arbitrary text
(tests/test_iin.py); the calculator's arithmetic (tests/contributions/test_calculations.py);
random and malformed payment files, arbitrary bytes in both importers
(tests/status_import/test_hypothesis.py); the JSON API (test_api_schema.py here).
"""

import datetime
import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from status.fields import IINField
from status.iin import FEMALE, MALE, check_digit, make_iin, parse_iin
from status.imports import import_categories
from status.models import CategoryMembership, Person

fuzz = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

twelve_digits = st.text("0123456789", min_size=12, max_size=12)
valid_iins = st.builds(
    make_iin,
    st.dates(datetime.date(1900, 1, 1), datetime.date(2025, 12, 31)),
    st.sampled_from([MALE, FEMALE]),
    st.integers(0, 9999),
).filter(bool)
# What people type or paste: digits with spaces, dashes, full-width or Arabic-Indic digits,
# letters, markup, very long strings.
typed = st.one_of(
    twelve_digits,
    valid_iins,
    st.text(" -0123456789", max_size=16),
    st.text("０１２３４５６７８９١٢٣٤٥٦٧٨٩٠", max_size=12),
    st.text(max_size=40),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "\x00" * 12, "9" * 500]),
)


@settings(max_examples=300, deadline=None)
@given(twelve_digits)
def test_any_twelve_digits_are_a_valid_iin_or_a_named_mistake(value):
    try:
        facts = parse_iin(value)
    except ValidationError as error:
        assert error.code.startswith("iin_")
        return
    assert facts.iin == value
    assert f"{facts.birth_date:%y%m%d}" == value[:6]
    assert facts.sex == (MALE if int(value[6]) % 2 else FEMALE)
    assert check_digit(value[:11]) == int(value[11])


@settings(max_examples=150, deadline=None)
@given(valid_iins, st.text(" \t", max_size=3), st.text(" \t\n", max_size=3))
def test_the_iin_field_takes_an_iin_with_blanks_around_it(iin, before, after):
    assert IINField().clean(before + iin + after) == iin


@settings(max_examples=150, deadline=None)
@given(typed)
def test_the_iin_field_refuses_anything_else_with_a_message(value):
    field = IINField()
    try:
        cleaned = field.clean(value)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
        return
    parse_iin(cleaned)  # whatever the field accepts is a valid IIN


# --- Public forms: junk in, a page with errors out (never a 5xx, nothing lost) ---------------


@pytest.fixture
def browser(db, settings):
    settings.LOOKUP_RATE_LIMIT = "100000/min"
    from django.core.cache import cache

    cache.clear()
    yield Client()
    cache.clear()


@pytest.mark.django_db
@fuzz
@given(value=typed, language=st.sampled_from(["kk", "ru", "en"]))
def test_the_status_page_answers_any_input(browser, value, language):
    response = browser.post(f"/{language}/status/", {"iin": value})
    assert response.status_code == 200
    text = response.text
    try:
        parse_iin(value)
    except ValidationError:
        assert "error-summary" in text, "a refused IIN is explained"
        if "\x00" not in value and value.strip():
            # What was typed stays in the box (escaped), so it can be corrected.
            assert html.escape(value.strip(), quote=True)[:20] in text


money = st.one_of(
    st.decimals(min_value=-(10**6), max_value=10**13, places=2).map(str),
    st.sampled_from(["", "1e999", "NaN", "Infinity", "-0", "1 000 000,50", "850000.005", "٣"]),
    st.text(max_size=12),
)
month = st.one_of(
    st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31)).map(lambda d: f"{d:%Y-%m}"),
    st.sampled_from(["", "2025-13", "0000-01", "9999-12", "07.2025", "2025-7"]),
    st.text(max_size=10),
)
day = st.one_of(
    st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31)).map(str),
    st.sampled_from(["", "2025-02-30", "31.12.2025", "9999-12-31"]),
    st.text(max_size=10),
)
payer_types = st.sampled_from(
    [
        "employer",
        "employee",
        "civil_contract",
        "individual_entrepreneur",
        "self_payer",
        "platform_worker",
        "unified_payment",
        "state",
        "",
        "nobody",
    ]
)


@pytest.mark.django_db
@fuzz
@given(
    query=st.fixed_dictionaries(
        {"payer_type": payer_types},
        optional={
            "period": month,
            "income": money,
            "other_payer_type": payer_types,
            "other_income": money,
            "exemption": st.text(max_size=12),
            "vacation_start": day,
            "vacation_end": day,
        },
    ),
    language=st.sampled_from(["kk", "ru", "en"]),
)
def test_the_calculator_answers_any_input(browser, query, language):
    response = browser.get(f"/{language}/contributions/calculator/", query)
    assert response.status_code == 200


@pytest.mark.django_db
@fuzz
@given(
    query=st.fixed_dictionaries({"period": month}, optional={"arrears": money, "paid_on": day}),
    language=st.sampled_from(["kk", "ru", "en"]),
)
def test_the_penalty_estimate_answers_any_input(browser, query, language):
    response = browser.get(f"/{language}/contributions/penalty/", query)
    assert response.status_code == 200


# --- Category files: random rows are loaded whole or not at all ------------------------------

category_row = st.fixed_dictionaries(
    {
        "iin": st.one_of(valid_iins, valid_iins, st.text(max_size=13)),
        "category": st.one_of(
            st.sampled_from(["pensioner", "registered_unemployed", "military", "student"]),
            st.text(max_size=10),
        ),
        "start": st.one_of(day, day, st.just("")),
        "end": st.one_of(st.just(""), day),
    }
)


def snapshot():
    return (Person.objects.count(), CategoryMembership.objects.count())


@pytest.mark.django_db
@fuzz
@given(rows=st.lists(category_row, min_size=1, max_size=8))
def test_random_category_files_are_loaded_whole_or_not_at_all(rows):
    before = snapshot()
    lines = ["iin,category,start,end"] + [
        ",".join(r[column].replace(",", ";") for column in ("iin", "category", "start", "end"))
        for r in rows
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    result = import_categories(file=io.BytesIO(data))
    after = snapshot()
    if result.problems:
        assert after == before, "a file with problems writes nothing"
        assert all(problem.line >= 1 and str(problem) for problem in result.problems)
    else:
        assert after[1] - before[1] <= result.rows


# --- The admin's payment upload: a random file never breaks the page or writes anything ------

header = st.sampled_from(
    [
        b"iin,period,payer_type,amount,paid_on,reference\n",
        b"\xef\xbb\xbfiin;period;payer_type;amount;paid_on;reference\r\n",
        b"",
    ]
)


@pytest.mark.django_db
@fuzz
@given(head=header, body=st.binary(max_size=400), name=st.sampled_from(["p.csv", "p.exe", "..x"]))
def test_a_random_upload_is_previewed_without_a_crash_and_writes_nothing(
    client, settings, tmp_path, head, body, name
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from status.models import Payment

    user, _ = get_user_model().objects.get_or_create(username="clerk", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="status", codename__in=["add_payment", "view_payment"]
        )
    )
    client.force_login(user)
    before = (Payment.objects.count(), Person.objects.count())
    response = client.post(
        reverse("admin:status_payment_import"), {"file": SimpleUploadedFile(name, head + body)}
    )
    assert response.status_code in (200, 302)
    assert (Payment.objects.count(), Person.objects.count()) == before, "a preview writes nothing"
    # Nothing uploaded is ever kept under its own name.
    assert not any(path.name == name for path in tmp_path.rglob("*"))

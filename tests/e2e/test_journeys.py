"""Whole journeys in a real browser: a refund filed with a document and tracked, a registrar
attaching a patient, Fund staff paying a refund in the admin and the citizen seeing the result.
"""

import datetime
import itertools
import random
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from clinics.models import Attachment, City, Clinic, Registrar
from msqory.months import month_index, month_start
from msqory.roles import CLINIC_REGISTRAR, FUND_STAFF
from refunds.models import Application, State
from status.demo import synthetic_iin
from status.iin import MALE, make_iin
from status.models import Payment, Person

from .conftest import LANGUAGES, axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THIS_MONTH = month_index(timezone.localdate())
PASSWORD = "e2e-staff-password-1"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
_references = itertools.count(1)


def self_payer(seed: int) -> Person:
    """Paid each of the last 12 months as a self-payer, and last month a second time."""
    who = Person.objects.create(
        iin=synthetic_iin(random.Random(seed)), last_name="Сейітова", first_name="Айгүл"
    )
    for ago in [*range(1, 13), 1]:
        period = month_start(THIS_MONTH - ago)
        Payment.objects.create(
            person=who,
            period=period,
            payer_type_id="self_payer",
            amount=Decimal("4250.00"),
            paid_on=period + datetime.timedelta(days=9),
            reference=f"E2E-{seed}-{next(_references):04d}",
        )
    return who


def choose(page, name: str, value: str):
    """Pick a value of a select or a radio group, whichever the form uses."""
    select = page.locator(f"select[name={name}]")
    if select.count():
        select.select_option(value)
    else:
        page.locator(f"input[name={name}][value={value}]").check()


def file_refund(page, language: str, who: Person, payment: Payment) -> str:
    page.goto(f"/{language}/refunds/new/")
    page.locator("#id_applicant_iin").fill(who.iin)
    page.locator("#id_applicant_name").fill("Сейітова Айгүл Серікқызы")
    page.locator("button[name=action][value=find]").click()
    page.locator(f"input[name=payments][value='{payment.pk}']").check()
    assert page.locator("#id_applicant_name").input_value() == "Сейітова Айгүл Серікқызы"
    choose(page, "region", "astana")
    page.locator("#id_phone").fill("+7 701 123 45 67")
    page.locator("#id_email").fill("aigul@example.kz")
    choose(page, "payer_kind", "person")
    choose(page, "refund_reason", "paid_twice")
    page.locator("#id_iban").fill("KZ86 125K ZT50 0410 0100")
    page.locator("#id_bic").fill("KCJBKZKX")
    page.locator("#id_payment_documents").set_input_files(
        [{"name": "chek.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("button[name=action][value=submit]").click()
    number = page.locator(".refunds-number").first
    number.wait_for()
    return number.inner_text().strip()


def track(page, language: str, number: str, iin: str) -> str:
    page.goto(f"/{language}/applications/track/")
    page.locator("#id_number").fill(number.lower())
    page.locator("#id_iin").fill(iin)
    page.locator("main form button[type=submit]").click()
    state = page.locator(".summary-list .tag").first
    state.wait_for()
    return state.text_content().strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_citizen_files_a_refund_with_a_document_and_tracks_it(page, language):
    who = self_payer(10)
    twice = who.payments.filter(period=month_start(THIS_MONTH - 1)).order_by("pk").last()
    number = file_refund(page, language, who, twice)
    assert re.fullmatch(r"R-\d{4}-\d{6}", number)
    application = Application.objects.get(number=number)
    assert application.language == language
    attachment = application.attachments.get()
    assert attachment.original_name == "chek.pdf"
    assert "chek" not in attachment.file.name, "stored under a random name"
    assert number not in page.url, "the number never goes in an address"
    state = track(page, language, number, who.iin)
    with translation.override(language):
        assert state == str(State.SUBMITTED.label)
    assert page.js_errors == []


def registrar_at_a_clinic() -> tuple:
    city, _ = City.objects.get_or_create(
        name_kk="Астана",
        defaults={"name": "Астана", "name_ru": "Астана", "name_en": "Astana", "region": "Астана"},
    )
    with translation.override("kk"):
        clinic = Clinic.objects.create(
            code="E2E-0001",
            bin="000000000991",
            name="Емхана 1",
            name_ru="Поликлиника 1",
            name_en="Polyclinic 1",
            address="Абай даңғылы, 1",
            address_ru="проспект Абая, 1",
            address_en="1 Abai Avenue",
            city=city,
            capacity=10,
            accepts_new_patients=True,
            fund_contract=True,
        )
    user = get_user_model().objects.create_user("desk1", password=PASSWORD)
    user.groups.add(Group.objects.get(name=CLINIC_REGISTRAR))
    Registrar.objects.create(user=user, clinic=clinic)
    return user, clinic


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_registrar_signs_in_and_attaches_a_patient(page, language):
    user, clinic = registrar_at_a_clinic()
    patient = Person.objects.create(
        iin=make_iin(datetime.date(1990, 5, 17), MALE, 41)
        or make_iin(datetime.date(1990, 5, 17), MALE, 42),
        last_name="Сейітов",
        first_name="Асқар",
    )
    page.goto(f"/{language}/registrar/")
    page.wait_for_url(f"**/{language}/registrar/login/**")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/registrar/")
    assert getattr(clinic, f"name_{language}") in page.content()
    page.locator("#id_iin").fill(patient.iin)
    page.locator('main form[action$="/registrar/"] button[type=submit]').click()
    page.locator("#insured-status").wait_for()
    assert "Сейітов" in page.locator("h1").inner_text()
    assert axe_violations(page) == [], "the registrar's pages are accessible too"
    page.locator("input[name=reason]").first.check()
    page.locator("input[name=documents]").first.check()
    with page.expect_navigation():
        page.locator('form[action$="/registrar/attach/"] button[type=submit]').click()
    attachment = Attachment.objects.get(person=patient)
    assert (attachment.clinic, attachment.created_by) == (clinic, user)
    assert page.js_errors == []


def staff_member(username: str):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=FUND_STAFF))
    return user


def admin_sign_in(browser_page, language, user):
    browser_page.goto(f"/{language}/admin/login/")
    browser_page.locator("#id_username").fill(user.username)
    browser_page.locator("#id_password").fill(PASSWORD)
    browser_page.locator("#login-form [type=submit]").click()
    browser_page.wait_for_url(f"**/{language}/admin/")


def run_action(browser_page, language, number, action):
    browser_page.goto(f"/{language}/admin/refunds/application/?q={number}")
    browser_page.locator("input[name=_selected_action]").first.check()
    browser_page.locator("select[name=action]").select_option(action)
    with browser_page.expect_navigation():
        browser_page.locator("button[name=index]").click()
    assert browser_page.locator(".messagelist .success, .messagelist .info").count() >= 1, (
        browser_page.locator(".messagelist").all_inner_texts()
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_fund_staff_pay_a_refund_in_the_admin_and_the_citizen_sees_it(new_page, language):
    who = self_payer(20 + LANGUAGES.index(language))
    only = who.payments.get(period=month_start(THIS_MONTH - 2))
    citizen = new_page()
    number = file_refund(citizen, language, who, only)
    # Two people: whoever takes an application for review may not approve it (four eyes).
    reviewer, approver = new_page(), new_page()
    admin_sign_in(reviewer, language, staff_member("reviewer"))
    for action in ("confirm_payment", "start_review"):
        run_action(reviewer, language, number, action)
    admin_sign_in(approver, language, staff_member("approver"))
    for action in ("approve", "mark_paid"):
        run_action(approver, language, number, action)
    assert Application.objects.get(number=number).state == State.PAID
    assert reviewer.js_errors == [] and approver.js_errors == [], "the admin runs under the CSP"

    with translation.override(language):
        assert track(citizen, language, number, who.iin) == str(State.PAID.label)
    # The refunded month is unpaid now: the status was recomputed at once.
    citizen.goto(f"/{language}/status/")
    citizen.locator("#id_iin").fill(who.iin)
    citizen.locator("main form button[type=submit]").click()
    citizen.locator("#status-title").wait_for()
    assert citizen.locator(".month-grid__item--debt").count() == 1
    assert citizen.locator(".month-grid__item--covered").count() == 11
    assert citizen.js_errors == []


def test_a_staff_member_with_an_authenticator_signs_in_with_its_code(page):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = staff_member("dana")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto("/en/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    assert "Enter the code from your authenticator app." in page.locator(".errornote").inner_text()
    assert page.locator("#id_username").input_value() == user.username, "nothing is lost"
    page.locator("#id_password").fill(PASSWORD)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.locator("#id_otp_token").fill(f"{totp.token():06d}")
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url("**/en/admin/")
    assert page.js_errors == []

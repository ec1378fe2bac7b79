"""The refund form's lookups (issue 20, security 2 and 8) and what applicants are now told and
offered (people 2 and 3): limits counted before any lookup, no lookup while building the form,
the warning before a refund ends the status, printing again, cancellations' own reasons."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from refunds import services
from refunds.errors import WorkflowError
from refunds.forms import RefundForm
from refunds.models import Application, CancellationRefusalReason, RefusalReason
from status.demo import synthetic_iin

from .conftest import month, pdf
from .test_pages import refund_post

pytestmark = pytest.mark.django_db


def registry_queries(queries) -> list[str]:
    """The SQL that read the registry or the ledger (what would tell an IIN's holder apart)."""
    return [q["sql"] for q in queries if re.search(r"status_(person|payment)", q["sql"])]


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("action", ["find", "submit"])
def test_over_the_limit_nothing_is_looked_up(client, person, settings, action):
    settings.LOOKUP_RATE_LIMIT = "0/min"
    settings.REFUNDS_SUBMIT_RATE_LIMIT = "0/hour"
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/en/refunds/new/", refund_post(person, action=action))
    assert response.status_code == 429
    assert registry_queries(queries) == []


@pytest.mark.parametrize("action", ["find", "submit"])
def test_the_429_answer_is_the_same_for_a_known_and_an_unknown_iin(
    client, person, rng, settings, action
):
    settings.LOOKUP_RATE_LIMIT = "0/min"
    settings.REFUNDS_SUBMIT_RATE_LIMIT = "0/hour"
    known = client.post("/en/refunds/new/", refund_post(person, action=action))
    unknown_data = refund_post(person, action=action, applicant_iin=synthetic_iin(rng))
    unknown = client.post("/en/refunds/new/", unknown_data)
    assert known.status_code == unknown.status_code == 429
    assert without_csrf(known.text) == without_csrf(unknown.text)


def test_building_and_checking_the_form_looks_nothing_up(person):
    data = refund_post(person)
    files = {"payment_documents": [pdf()]}
    with CaptureQueriesContext(connection) as queries:
        form = RefundForm(data=data, files=files)
        form.is_valid()
    assert form.has_error("applicant_iin"), "nobody was looked up, so nobody was found"
    # The message names the call centre from the contact channels: the same for every IIN.
    registry = [q["sql"] for q in queries if re.search(r'"(status|refunds)_', q["sql"])]
    assert registry == []


def test_an_iin_with_a_space_is_accepted_on_the_form(client, person):
    spaced = f"{person.iin[:6]} {person.iin[6:]}"
    page = client.post("/en/refunds/new/", {"applicant_iin": spaced, "action": "find"})
    assert page.status_code == 200
    assert "The Fund has no record of this IIN" not in page.text


# --- Warning before a refund ends the status ------------------------------------------------


@pytest.fixture
def prepaid(make_person, pay):
    """Nothing paid in the past; the 12 months from this one paid in advance: insured."""
    who = make_person()
    for offset in range(12):
        pay(who, month(offset))
    return who


def test_the_payments_the_status_depends_on_are_marked(client, prepaid):
    page = client.post("/en/refunds/new/", {"applicant_iin": prepaid.iin, "action": "find"})
    assert page.status_code == 200
    assert page.text.count("refunding it ends your insured status") == 12


def test_a_refund_that_ends_the_status_is_asked_about_first(client, prepaid):
    payment = prepaid.payments.get(period=month(11))
    data = refund_post(prepaid, payments=[str(payment.pk)])
    del data["accept_status_change"]
    asked = client.post("/en/refunds/new/", data)
    assert asked.status_code == 400
    assert "without these payments you would no longer be insured" in asked.text
    assert 'name="accept_status_change"' in asked.text
    assert Application.objects.count() == 0
    confirmed = refund_post(prepaid, payments=[str(payment.pk)])
    assert client.post("/en/refunds/new/", confirmed).status_code == 302
    assert Application.objects.count() == 1


def test_a_refund_that_keeps_the_status_is_not_asked_about(client, make_person, pay):
    who = make_person()
    for offset in range(-24, 0):
        pay(who, month(offset))
    extra = pay(who, month(-1), payer_type="employee")  # the employer paid it as well
    data = refund_post(who, payments=[str(extra.pk)])
    del data["accept_status_change"]
    assert client.post("/en/refunds/new/", data).status_code == 302


# --- The submitted page ends, and the Annex prints again ------------------------------------


def test_the_submitted_page_ends_with_the_browser_and_after_an_hour(client, person, settings):
    payment = person.payments.get(period=month(-1))
    response = client.post("/en/refunds/new/", refund_post(person, payments=[str(payment.pk)]))
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"], "a browser-session cookie"
    page = client.get("/en/applications/submitted/")
    assert page.status_code == 200
    assert "data-print" in page.text, "a Print button"
    session = client.session  # an hour later (REFUNDS_SUBMITTED_PAGE_SECONDS)
    session["refunds_submitted"]["until"] -= settings.REFUNDS_SUBMITTED_PAGE_SECONDS + 1
    session.save()
    assert client.get("/en/applications/submitted/")["Location"] == "/en/applications/track/"


def test_tracking_shows_the_annex_to_print_again(client, file_refund):
    application = file_refund()
    page = client.post(
        "/en/applications/track/",
        {"number": application.number, "iin": application.applicant_iin},
    )
    assert page.status_code == 200
    assert "Annex 1 to the order of the Minister of Health" in page.text
    assert "data-print" in page.text
    assert application.payments.get().reference in page.text


# --- Refusals of cancellations have their own reasons ---------------------------------------


def test_a_cancellation_is_refused_with_a_cancellation_reason(
    client, file_cancellation, run, approver
):
    application = file_cancellation()
    with pytest.raises(WorkflowError):
        run(services.refuse, application=application, actor=approver, reason="no_grounds")
    run(
        services.refuse,
        application=application,
        actor=approver,
        reason=CancellationRefusalReason.DEBT_AFTER_PERMIT,
    )
    page = client.post(
        "/en/applications/track/",
        {"number": application.number, "iin": application.applicant_iin},
    )
    assert "The debt arose after the residence permit was received" in page.text
    assert str(RefusalReason.NO_GROUNDS.label) not in page.text

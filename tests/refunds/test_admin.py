"""Fund staff in the admin: lists, actions through the services, private documents."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from refunds.models import Application, Attachment, State

from .conftest import PDF

pytestmark = pytest.mark.django_db
CHANGELIST = "/en/admin/refunds/application/"


def test_staff_see_overdue_applications_first_and_highlighted(client, reviewer, file_refund):
    on_time = file_refund()
    late = file_refund(payments=[on_time.person.payments.order_by("period").first()])
    Application.objects.filter(pk=late.pk).update(due_date=datetime.date(2020, 1, 10))
    client.force_login(reviewer)
    page = client.get(CHANGELIST).text
    assert page.index(late.number) < page.index(on_time.number)
    assert "refunds-overdue" in page
    overdue = client.get(CHANGELIST, {"overdue": "yes"}).text
    assert late.number in overdue and on_time.number not in overdue


def test_staff_search_by_number_or_iin(client, reviewer, file_refund):
    application = file_refund()
    client.force_login(reviewer)
    assert application.number in client.get(CHANGELIST, {"q": application.number}).text
    assert application.number in client.get(CHANGELIST, {"q": application.applicant_iin}).text
    assert application.number not in client.get(CHANGELIST, {"q": "R-1999-000000"}).text


def test_admin_actions_go_through_the_workflow_and_four_eyes(client, reviewer, file_refund):
    application = file_refund()
    client.force_login(reviewer)
    for action in ("confirm_payment", "start_review"):
        client.post(CHANGELIST, {"action": action, "_selected_action": [application.pk]})
    application.refresh_from_db()
    assert application.state == State.UNDER_REVIEW
    response = client.post(
        CHANGELIST, {"action": "approve", "_selected_action": [application.pk]}, follow=True
    )
    assert "another staff member must approve it" in response.text
    application.refresh_from_db()
    assert application.state == State.UNDER_REVIEW


def test_refusing_in_the_admin_asks_for_a_reason(client, approver, file_refund):
    application = file_refund()
    client.force_login(approver)
    page = client.post(CHANGELIST, {"action": "refuse", "_selected_action": [application.pk]})
    assert page.status_code == 200
    assert "wrong_bank_details" in page.text
    client.post(
        CHANGELIST,
        {
            "action": "refuse",
            "_selected_action": [application.pk],
            "reason": "wrong_bank_details",
            "note": "IBAN belongs to another person",
        },
    )
    application.refresh_from_db()
    assert application.state == State.REFUSED
    assert application.refusal_reason == "wrong_bank_details"
    assert application.events.last().note == "IBAN belongs to another person"


def test_documents_are_downloaded_only_by_staff_with_the_permission(
    client, reviewer, file_refund, django_user_model
):
    attachment = file_refund().attachments.get()
    with translation.override("en"):  # the admin below is read in English
        url = reverse("refunds:download_attachment", args=[attachment.pk])

    assert client.get(url).status_code == 302, "anonymous visitors are sent to log in"

    clerk = django_user_model.objects.create_user(
        username="clerk", password="x-12345678", is_staff=True
    )
    clerk.user_permissions.add(Permission.objects.get(codename="view_application"))
    client.force_login(clerk)
    assert client.get(url).status_code == 403

    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "chek.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    change = client.get(f"{CHANGELIST}{attachment.application_id}/change/").text
    assert url in change


def test_documents_have_no_public_url(file_refund):
    attachment = file_refund().attachments.get()
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018
    assert Attachment.objects.filter(file__startswith="refunds/").count() == 1


def test_staff_edit_transferred_days(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        "/en/admin/refunds/calendarday/add/",
        {"date": "2026-12-31", "is_working_day": "", "description": "Day off moved from 3 January"},
    )
    assert response.status_code == 302

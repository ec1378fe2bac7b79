"""An application's own admin page: its next steps as buttons, a name that differs from the
registry's flagged, refusal reasons of the application's kind (issue 20, people 2, 3, 10)."""

import pytest

from refunds.models import Application, State

pytestmark = pytest.mark.django_db
CHANGELIST = "/en/admin/refunds/application/"


def change_page(application) -> str:
    return f"{CHANGELIST}{application.pk}/change/"


def step_url(application, step) -> str:
    return f"{CHANGELIST}{application.pk}/step/{step}/"


def test_the_page_offers_the_next_steps_and_they_run_the_workflow(
    client, reviewer, approver, file_refund
):
    application = file_refund()
    client.force_login(reviewer)
    page = client.get(change_page(application)).text
    assert step_url(application, "confirm_payment") in page
    assert step_url(application, "refuse") in page
    assert step_url(application, "approve") not in page, "only the steps allowed now"
    for step in ("confirm_payment", "start_review"):
        response = client.post(step_url(application, step))
        assert response.status_code == 302 and response["Location"] == change_page(application)
    application.refresh_from_db()
    assert application.state == State.UNDER_REVIEW
    refused = client.post(step_url(application, "approve"), follow=True)
    assert "another staff member must approve it" in refused.text, "four eyes still hold"
    client.force_login(approver)
    client.post(step_url(application, "approve"))
    application.refresh_from_db()
    assert application.state == State.APPROVED
    assert client.get(step_url(application, "approve")).status_code == 405, "a GET changes nothing"


def test_refusing_from_the_page_asks_for_a_reason_of_the_kind(client, approver, file_cancellation):
    application = file_cancellation()
    client.force_login(approver)
    form = client.get(step_url(application, "refuse"))
    assert form.status_code == 200
    assert "debt_after_permit" in form.text and "wrong_bank_details" not in form.text
    client.post(step_url(application, "refuse"), {"reason": "debt_after_permit", "note": ""})
    application.refresh_from_db()
    assert (application.state, application.refusal_reason) == (State.REFUSED, "debt_after_permit")


def test_the_list_action_offers_each_kinds_own_reasons(
    client, approver, file_refund, file_cancellation
):
    refund, cancellation = file_refund(), file_cancellation()
    client.force_login(approver)
    page = client.post(CHANGELIST, {"action": "refuse", "_selected_action": [cancellation.pk]})
    assert "no_debt" in page.text and "no_grounds" not in page.text
    mixed = client.post(
        CHANGELIST,
        {"action": "refuse", "_selected_action": [refund.pk, cancellation.pk]},
        follow=True,
    )
    assert "refuse them separately" in mixed.text
    assert not Application.objects.filter(state=State.REFUSED).exists()


def test_a_name_other_than_the_registrys_is_flagged(client, reviewer, file_refund):
    same = file_refund(applicant_name="сейітова  айгүл")  # case and spaces aside
    other = file_refund(
        applicant_name="Петрова Анна",
        payments=[same.person.payments.order_by("period").first()],
    )
    client.force_login(reviewer)
    listing = client.get(CHANGELIST).text
    assert listing.count("not as in the registry") == 1
    assert "check the identity" in client.get(change_page(other)).text
    assert "check the identity" not in client.get(change_page(same)).text

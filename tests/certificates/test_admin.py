"""Fund staff see issued certificates and revoke one with a reason; issue and revocation are
recorded in the certificate's history."""

import pytest
from django.contrib.auth.models import Group

from certificates import services
from certificates.models import Certificate
from msqory.roles import FUND_STAFF
from tests.conftest import STAFF_USERNAME

from .people import insured

pytestmark = pytest.mark.django_db

CHANGELIST = "/en/admin/certificates/certificate/"


def test_fund_staff_may_see_and_revoke_but_not_edit_or_delete_certificates():
    staff = set(Group.objects.get(name=FUND_STAFF).permissions.values_list("codename", flat=True))
    assert {"view_certificate", "change_certificate"} <= staff
    assert "delete_certificate" not in staff and "add_certificate" not in staff


def test_staff_find_a_certificate_by_its_printed_code_or_the_iin(staff_client):
    who = insured()
    wanted = services.issue_certificate(iin=who.iin, language="kk")
    other = services.issue_certificate(iin=insured(seed=9).iin, language="ru")
    by_code = staff_client.get(CHANGELIST, {"q": wanted.display_code.lower()})
    assert by_code.status_code == 200
    assert wanted.display_code in by_code.text and other.display_code not in by_code.text
    by_iin = staff_client.get(CHANGELIST, {"q": who.iin})
    assert wanted.display_code in by_iin.text and other.display_code not in by_iin.text
    page = staff_client.get(f"{CHANGELIST}{wanted.pk}/change/")
    assert page.status_code == 200 and 'name="iin"' not in page.text, "read only"


def revoke(staff_client, certificates, **form):
    return staff_client.post(
        CHANGELIST,
        {"action": "revoke", "_selected_action": [c.pk for c in certificates], **form},
    )


def test_staff_revoke_with_a_reason_and_the_history_records_who_and_why(staff_client):
    certificate = services.issue_certificate(iin=insured().iin, language="en")
    asked = revoke(staff_client, [certificate])
    assert asked.status_code == 200 and "Revocation reason" in asked.text, "the reason is asked"
    certificate.refresh_from_db()
    assert not certificate.revoked

    done = revoke(staff_client, [certificate], reason="records_corrected", note="payment moved")
    assert done.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked and certificate.revocation_reason == "records_corrected"
    assert certificate.revoked_by.username == STAFF_USERNAME

    issued, revoked = certificate.history.order_by("history_date")
    assert issued.history_type == "+" and issued.history_user is None
    assert revoked.history_type == "~" and revoked.history_user.username == STAFF_USERNAME
    assert revoked.history_change_reason == "revoked: records_corrected"
    assert revoked.revocation_note == "payment moved"


def test_a_certificate_is_revoked_once(staff_client):
    certificate = services.issue_certificate(iin=insured().iin, language="en")
    revoke(staff_client, [certificate], reason="issued_in_error")
    again = revoke(staff_client, [certificate], reason="misuse")
    assert again.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "issued_in_error"
    assert certificate.history.count() == 2
    messages = staff_client.get(CHANGELIST).text
    assert f"Certificate {certificate.display_code} was already revoked." in messages


def test_the_public_cannot_reach_the_certificates_admin(client):
    services.issue_certificate(iin=insured().iin, language="en")
    assert client.get(CHANGELIST).status_code == 302
    assert Certificate.objects.count() == 1

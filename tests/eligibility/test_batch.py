"""A day's appointments in one call: a batch Bundle of up to 100 requests, answered entry by
entry in a batch-response Bundle, at a handful of queries whatever the batch's size."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eligibility.fhir.terms import MSHI_PACKAGE
from eligibility.models import EligibilityCheck, Outcome
from status import rulebook

from .conftest import batch, eligibility_request, issue, month_ago

pytestmark = pytest.mark.django_db

EXPECTED_MSHI = {
    "insured": True,
    "grace": True,
    "lapsed": False,
    "stopped": False,
    "exempt": True,
    "state_paid": True,
    "refugee": False,
}


def test_a_batch_of_100_is_answered_entry_by_entry(fhir, key, people, unknown_iin):
    cases = itertools.cycle([*EXPECTED_MSHI, "unknown", "past", "bad_iin", "too_old"])
    requests, expected = [], []
    for case in itertools.islice(cases, 100):
        if case == "unknown":
            requests.append(eligibility_request(unknown_iin))
            expected.append((200, False))
        elif case == "past":  # insured eight months ago, not now
            day = month_ago(8).replace(day=2).isoformat()
            requests.append(eligibility_request(people["stopped"].iin, servicedDate=day))
            expected.append((200, True))
        elif case == "bad_iin":
            iin = people["insured"].iin
            broken = iin[:11] + str((int(iin[11]) + 1) % 10)
            requests.append(eligibility_request(broken))
            expected.append((400, "The IIN's check digit does not match"))
        elif case == "too_old":
            day = month_ago(13).isoformat()
            requests.append(eligibility_request(people["insured"].iin, servicedDate=day))
            expected.append((400, "The serviced date must lie between"))
        else:
            requests.append(eligibility_request(people[case].iin))
            expected.append((200, EXPECTED_MSHI[case]))
    body = batch(requests)

    rulebook.table()  # the rules are read once per process, not per call: not counted here
    with CaptureQueriesContext(connection) as queries:
        response = fhir(body, key=key)
    assert response.status_code == 200
    answer = response.fhir
    assert answer["type"] == "batch-response"
    assert len(answer["entry"]) == 100
    for entry, request, (code, want) in zip(answer["entry"], body["entry"], expected, strict=True):
        assert entry["response"]["status"].startswith(str(code))
        if code == 200:
            resource = entry["resource"]
            assert resource["request"] == {"reference": request["fullUrl"]}
            assert (
                resource["patient"]["identifier"]["value"]
                == (request["resource"]["patient"]["identifier"]["value"])
            )
            excluded = {
                i["category"]["coding"][0]["code"]: i["excluded"]
                for i in resource["insurance"][0]["item"]
            }
            assert excluded[MSHI_PACKAGE] is (not want)
        else:
            (problem,) = entry["response"]["outcome"]["issue"]
            assert want in problem["details"]["text"]
    # Set-based: the key, the persons with their snapshots, their facts, the audit.
    assert len(queries) <= 10, [q["sql"][:80] for q in queries]
    rows = EligibilityCheck.objects.all()
    assert rows.count() == 100 and len({r.call for r in rows}) == 1
    refused = sum(code == 400 for code, _want in expected)
    assert refused >= 10
    assert rows.filter(outcome=Outcome.INVALID, http_status=400).count() == refused


def test_a_batch_over_the_limit_is_refused_whole(fhir, key, people, settings):
    settings.ELIGIBILITY_BATCH_LIMIT = 3
    body = batch([eligibility_request(people["insured"].iin)] * 4)
    response = fhir(body, key=key)
    assert response.status_code == 413
    assert issue(response)["code"] == "too-costly"
    assert "the most a batch may hold: 3" in issue(response)["details"]["text"]
    assert EligibilityCheck.objects.get().outcome == Outcome.TOO_LARGE


def test_a_batch_posted_at_the_fhir_base_is_answered_the_same(fhir, key, people):
    body = batch([eligibility_request(people["insured"].iin)])
    response = fhir(body, key=key, path="/fhir/r4")
    assert response.status_code == 200
    assert response.fhir["entry"][0]["resource"]["insurance"][0]["inforce"] is True
    # The base takes batches only.
    single = fhir(eligibility_request(people["insured"].iin), key=key, path="/fhir/r4")
    assert single.status_code == 400


def test_a_batch_entry_that_is_not_a_post_of_a_request_gets_its_own_error(fhir, key, people):
    body = batch([eligibility_request(people["insured"].iin)] * 2)
    body["entry"][1]["request"] = {"method": "GET", "url": "Patient/1"}
    answer = fhir(body, key=key).fhir
    assert answer["entry"][0]["response"]["status"] == "200 OK"
    assert answer["entry"][1]["response"]["status"] == "400 Bad Request"


def test_only_batch_bundles_are_answered(fhir, key, people):
    body = batch([eligibility_request(people["insured"].iin)])
    body["type"] = "transaction"
    response = fhir(body, key=key)
    assert response.status_code == 400
    assert issue(response)["code"] == "not-supported"

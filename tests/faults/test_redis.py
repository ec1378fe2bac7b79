"""Redis frozen, then stopped, under a live portal: citizens are still answered from
PostgreSQL, the lookup limit still holds (counted in each web process), and no application,
payment or e-mail is lost: the outbox sends the e-mails once Redis is back, each exactly once."""

import datetime
import time

import pytest

from .conftest import Client, application_numbers, emails_about, metric, wait_for_email
from .servers import wait_until

pytestmark = [pytest.mark.xdist_group("faults"), pytest.mark.slow]


def _answered_from_postgresql(client, iin):
    response = client.api_status(iin)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "insured"


def _every_lookup_answers(stack):
    citizen = Client(stack)
    iin = stack.iins[0]
    _answered_from_postgresql(citizen, iin)
    page = citizen.post_form("/ru/status/", {"iin": iin})
    assert page.status_code == 200 and "month-grid" in page.text
    guide = citizen.post_form(
        "/en/guide/", {"residency": "citizen", "situation": ["no_income"], "iin": iin}
    )
    assert guide.status_code == 200
    clinic = citizen.post_form("/en/clinics/mine/", {"iin": iin})
    assert clinic.status_code == 200


def _file_application(stack) -> str:
    before = application_numbers(stack)
    response = Client(stack).file_cancellation(stack.iins[1])
    assert response.status_code == 302, response.text[-2000:]
    (number,) = application_numbers(stack) - before
    return number


def test_redis_frozen_then_stopped(stack):
    stack.freeze_redis()
    try:
        started = time.monotonic()
        _every_lookup_answers(stack)
        # A frozen Redis costs a request its timeout at most, then nothing while the breaker
        # waits: a dozen lookups end long before a dozen Redis timeouts of a naive client
        # (each request would otherwise hang until the client gives up).
        for _ in range(4):
            _answered_from_postgresql(Client(stack), stack.iins[2])
        assert time.monotonic() - started < 30

        # The enumeration defence holds: each of the two web processes counts 10/min alone.
        prober = Client(stack)
        answers = [prober.api_status(stack.iins[3]).status_code for _ in range(30)]
        assert set(answers) == {200, 429}
        assert answers.count(200) <= 2 * 10
        assert metric(Client(stack).metrics(), "msqory_ratelimit_fallback") == 1

        health = Client(stack).get("/healthz")
        assert health.status_code == 200
        assert health.json()["redis"] == "degraded"

        filed_frozen = _file_application(stack)
        payments = stack.folder / "late-payments.csv"
        next_month = datetime.date.today().replace(day=1) + datetime.timedelta(days=31)
        payments.write_text(
            "iin,period,payer_type,amount,paid_on,reference\n"
            f"{stack.iins[4]},{next_month:%Y-%m},self_payer,4250.00,"
            f"{datetime.date.today():%Y-%m-%d},LATE-1\n"
        )
        stack.manage("import_payments", str(payments))
        assert emails_about(stack, filed_frozen) == 0, "the broker could not have it yet"
    finally:
        stack.thaw_redis()

    wait_for_email(stack, filed_frozen)
    assert stack.sql("SELECT count(*) FROM status_payment WHERE reference = 'LATE-1'") == [(1,)]
    wait_until(
        lambda: (
            stack.sql(
                "SELECT s.computed_at >= p.changed_at FROM status_person p"
                " JOIN status_statussnapshot s ON s.person_id = p.id WHERE p.iin = %s",
                [stack.iins[4]],
            )
            == [(True,)]
        ),
        what="the imported person recomputed",
    )
    # The shared count again, with no restart.
    wait_until(lambda: Client(stack).get("/healthz").json()["redis"] == "ok", what="redis ok")
    _answered_from_postgresql(Client(stack), stack.iins[0])

    stack.stop_redis()
    try:
        _every_lookup_answers(stack)
        filed_stopped = _file_application(stack)
    finally:
        stack.start_redis()
    wait_for_email(stack, filed_stopped)

    # Exactly once each, after the relay has had every chance to send them again.
    time.sleep(4)
    assert emails_about(stack, filed_frozen) == 1
    assert emails_about(stack, filed_stopped) == 1
    waiting = stack.sql("SELECT count(*) FROM outbox_message WHERE done_at IS NULL")
    assert waiting == [(0,)]

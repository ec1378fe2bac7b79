"""PostgreSQL stopped and started again under a live gunicorn: the API answers JSON 503 with
Retry-After, pages a translated 503 page that keeps what was typed, the home page still serves,
and the next request after the restart succeeds with nothing restarted."""

import pytest

from .conftest import Client, application_numbers, wait_for_email
from .servers import wait_until

pytestmark = [pytest.mark.xdist_group("faults"), pytest.mark.slow]


def test_postgresql_restarted_under_gunicorn(stack):
    citizen = Client(stack)
    iin = stack.iins[5]
    assert citizen.api_status(iin).status_code == 200
    citizen.get("/ru/status/")  # the CSRF cookie, while the page can still be had
    token = citizen.session.cookies.get("csrftoken")

    stack.stop_postgres()
    try:
        api = citizen.api_status(iin)
        assert api.status_code == 503
        assert api.headers["Content-Type"] == "application/json"
        assert api.json()["error"]["code"] == "unavailable"
        assert int(api.headers["Retry-After"]) > 0

        page = citizen.session.post(
            f"{stack.url}/ru/status/",
            data={"csrfmiddlewaretoken": token, "iin": iin},
            timeout=10,
        )
        assert page.status_code == 503
        assert "Сервис временно недоступен" in page.text
        assert f'name="iin" value="{iin}"' in page.text, "what was typed is kept"
        assert int(page.headers["Retry-After"]) > 0

        assert citizen.get("/ru/").status_code == 200, "the home page needs no database"
        assert citizen.get("/healthz").json()["database"] == "error"
        missing = citizen.session.get(f"{stack.url}/api/v1/nothing-here/", timeout=10)
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    finally:
        stack.start_postgres()

    assert citizen.api_status(iin).status_code == 200, "the next request, no restart"
    assert citizen.get("/healthz").status_code == 200
    # The worker and beat were not restarted either: a new application's e-mail goes out.
    before = application_numbers(stack)
    filed = Client(stack).file_cancellation(stack.iins[6])
    assert filed.status_code == 302
    (number,) = application_numbers(stack) - before
    wait_for_email(stack, number)
    # The request's id follows it into the worker's task (the log line of its e-mail's task,
    # written once the task's transaction commits, just after the e-mail has arrived).
    request_id = filed.headers["X-Request-ID"]
    wait_until(
        lambda: f"[{request_id}] outbox.services outbox message" in stack.log("worker"),
        seconds=30,
        what="the request id in the worker's log",
    )

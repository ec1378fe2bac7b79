"""One fault-injection stack (tests/faults/servers.py) for all the fault tests, in one worker.

It runs production settings with short waits (tests/faults/settings.py): gunicorn with two
workers, a Celery worker, beat, a real SMTP server, and persons loaded by a real payments import.
Every test sends its requests as clients of its own (X-Forwarded-For behind one trusted proxy),
so rate limits never carry from one test to the next.
"""

import datetime
import itertools
import random
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import requests

from status.demo import synthetic_iin
from tests.applicants import CANCELLATION_APPLICANT

from .servers import Stack, wait_until

PERSONS = 24
_clients = itertools.count(10)

# Every test here shares the stack: xdist keeps them in one worker (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("faults")


@pytest.fixture(scope="session")
def stack():
    # Not under pytest's tmp_path: its parents are private to root, and PostgreSQL runs as the
    # postgres user when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="msqory-faults-"))
    folder.chmod(0o755)
    stack = Stack(
        folder,
        DJANGO_SETTINGS_MODULE="tests.faults.settings",
        TRUSTED_PROXY_COUNT="1",
        LOOKUP_RATE_LIMIT="10/min",
        REDIS_TIMEOUT="0.25",
        REDIS_BREAKER_RESET_SECONDS="1",
        OUTBOX_REDELIVER_AFTER_SECONDS="3",
    )
    try:
        start_portal(stack, workers=2)
        yield stack
    finally:
        stack.close()
        shutil.rmtree(folder, ignore_errors=True)


def start_portal(stack, *, workers: int) -> None:
    """Servers, schema, persons, then gunicorn, a worker and beat (also bench/faults_soak.py)."""
    stack.init_postgres()
    stack.start_redis()
    stack.manage("migrate", "--no-input", "-v", "0")
    stack.iins = load_persons(stack)
    stack.url = stack.start_gunicorn(workers=workers)
    stack.start_worker()
    stack.start_beat()


def load_persons(stack) -> list[str]:
    """PERSONS people with a year of self-payer payments each, through the real import."""
    rng = random.Random(2026)
    iins = [synthetic_iin(rng) for _ in range(PERSONS)]
    today = datetime.date.today()
    lines = ["iin,period,payer_type,amount,paid_on,reference"]
    for n, iin in enumerate(iins):
        for back in range(1, 13):
            year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
            period = datetime.date(year, month + 1, 1)
            lines.append(f"{iin},{period:%Y-%m},self_payer,4250.00,{period:%Y-%m}-20,F-{n}-{back}")
    path = stack.folder / "payments.csv"
    path.write_text("\n".join(lines) + "\n")
    stack.manage("import_payments", str(path))
    return iins


class Client:
    """One citizen's browser (or program) at an address of its own."""

    def __init__(self, stack):
        self.url = stack.url
        self.session = requests.Session()
        n = next(_clients)
        self.session.headers["X-Forwarded-For"] = f"198.51.{n // 250 % 250}.{n % 250 + 1}"

    def api_status(self, iin: str) -> requests.Response:
        return self.session.post(f"{self.url}/api/v1/status/", json={"iin": iin}, timeout=10)

    def get(self, path: str) -> requests.Response:
        response = self.session.get(f"{self.url}{path}", timeout=10)
        # Production cookies are Secure (HTTPS); this stack serves plain HTTP on the loopback.
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def post_form(self, path: str, data: dict, files=None) -> requests.Response:
        """GET the page (the CSRF cookie), then POST the form as a browser would."""
        form = self.get(path)
        if form.status_code >= 500:  # no form to fill in: that is the answer
            return form
        token = self.session.cookies.get("csrftoken")
        return self.session.post(
            f"{self.url}{path}",
            data={"csrfmiddlewaretoken": token, **data},
            files=files,
            timeout=10,
            allow_redirects=False,
        )

    def file_cancellation(self, iin: str) -> requests.Response:
        today = datetime.date.today()
        first = datetime.date(today.year - 1, 1, 1)
        return self.post_form(
            "/ru/debt-cancellation/new/",
            {
                **CANCELLATION_APPLICANT,
                "applicant_iin": iin,
                "period_start": f"{first:%Y-%m}",
                "period_end": f"{first.replace(month=3):%Y-%m}",
            },
            files={"residence_permit": ("rvp.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)},
        )

    def metrics(self) -> str:
        return self.session.get(
            f"{self.url}/metrics",
            headers={"Authorization": "Bearer fault-tests-metrics-token"},
            timeout=10,
        ).text


def metric(text: str, name: str) -> float:
    """The value of an unlabelled metric in a Prometheus text answer (summed over series)."""
    values = [float(v) for v in re.findall(rf"^{name}(?:{{[^}}]*}})? (\S+)$", text, re.M)]
    assert values, f"{name} not in /metrics"
    return sum(values)


def emails_about(stack, number: str) -> int:
    return sum(number in message for message in stack.mailbox.subjects_and_bodies())


def application_numbers(stack) -> set[str]:
    return {number for (number,) in stack.sql("SELECT number FROM refunds_application")}


def wait_for_email(stack, number: str, seconds: float = 60):
    wait_until(lambda: emails_about(stack, number) >= 1, seconds=seconds, what=f"e-mail {number}")

"""Steady mixed traffic through two faults: Redis down for a quarter of the run, then a
PostgreSQL restart; beside it, the same traffic with no fault (the yardstick).

    python bench/faults_soak.py [--seconds 60] [--rate 20]

A stack of its own (tests/faults/servers.py: PostgreSQL, Redis, gunicorn with 4 sync workers,
a Celery worker, beat, an SMTP server) receives, at a steady rate, status lookups (70 %),
calculations (20 %) and cancellation applications filed through the form (10 %). In the
faulty run Redis is stopped from 25 % to 50 % of the time and PostgreSQL is restarted at 75 %.
It prints the requests sent, the 5xx answers outside the fault windows (must be 0) and inside
them (the API's must all be JSON 503), applications filed vs stored, e-mails due vs sent
(after the outbox has drained) and the lookup p99 outside the windows beside the no-fault run.
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from bench.common import cpu_probe, setup_django

setup_django()  # the synthetic IINs of the persons loaded come from status.demo

from tests.faults.conftest import Client, emails_about, start_portal  # noqa: E402
from tests.faults.servers import Stack, wait_until  # noqa: E402

# Seconds after a fault ends that still count as inside its window (clients reconnecting).
SETTLE = 2.0


class Traffic:
    def __init__(self, stack, *, seconds: float, rate: float):
        self.stack, self.seconds, self.rate = stack, seconds, rate
        self.results = []  # (started, kind, status, json, latency)
        self.lock = threading.Lock()

    def _one(self, n: int, started: float):
        kind = "file" if n % 10 == 0 else "calculate" if n % 10 in (1, 2) else "lookup"
        citizen = Client(self.stack)
        iin = self.stack.iins[n % len(self.stack.iins)]
        begun = time.monotonic()
        try:
            if kind == "lookup":
                response = citizen.api_status(iin)
            elif kind == "calculate":
                body = {"payer_type": "employee", "period": "2025-07", "income": "470000"}
                response = citizen.session.post(
                    f"{self.stack.url}/api/v1/contributions/calculate/", json=body, timeout=15
                )
            else:
                response = citizen.file_cancellation(iin)
            status = response.status_code
            is_json = response.headers.get("Content-Type", "").startswith("application/json")
        except requests.RequestException:
            status, is_json = 0, False
        with self.lock:
            self.results.append((started, kind, status, is_json, time.monotonic() - begun))

    def run(self, faults=None) -> float:
        origin = time.monotonic()
        threads, n = [], 0
        fault_thread = None
        if faults:
            fault_thread = threading.Thread(target=faults, args=(origin,))
            fault_thread.start()
        while (elapsed := time.monotonic() - origin) < self.seconds:
            thread = threading.Thread(target=self._one, args=(n, elapsed))
            thread.start()
            threads.append(thread)
            n += 1
            time.sleep(max(0.0, origin + n / self.rate - time.monotonic()))
        for thread in threads:
            thread.join()
        if fault_thread:
            fault_thread.join()
        return origin


def p99(values):
    return statistics.quantiles(values, n=100)[98] if len(values) >= 2 else float("nan")


def start_stack(folder: Path) -> Stack:
    stack = Stack(
        folder,
        DJANGO_SETTINGS_MODULE="tests.faults.settings",
        TRUSTED_PROXY_COUNT="1",
        LOOKUP_RATE_LIMIT="100000/min",
        REFUNDS_SUBMIT_RATE_LIMIT="100000/hour",
        OUTBOX_REDELIVER_AFTER_SECONDS="5",
    )
    start_portal(stack, workers=4)
    return stack


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each run (60)")
    parser.add_argument("--rate", type=float, default=20.0, help="requests a second (20)")
    options = parser.parse_args()
    seconds = options.seconds
    redis_window = (0.25 * seconds, 0.5 * seconds)
    pg_at = 0.75 * seconds
    windows = []

    def faults(origin):
        def at(moment):
            time.sleep(max(0.0, origin + moment - time.monotonic()))

        at(redis_window[0])
        began = time.monotonic() - origin
        stack.stop_redis()
        at(redis_window[1])
        stack.start_redis()
        windows.append((began, time.monotonic() - origin + SETTLE))
        at(pg_at)
        began = time.monotonic() - origin
        stack.stop_postgres()
        time.sleep(1.0)
        stack.start_postgres()
        windows.append((began, time.monotonic() - origin + SETTLE))

    folder = Path(tempfile.mkdtemp(prefix="msqory-soak-"))
    folder.chmod(0o755)
    probe = cpu_probe()
    print(f"faults soak: {seconds:.0f} s at {options.rate:.0f} req/s, CPU probe {probe:.3f} s")
    stack = start_stack(folder)
    try:
        # Warm-up: every gunicorn worker has connected and loaded its rules before either run.
        warm = Traffic(stack, seconds=min(5.0, seconds / 4), rate=options.rate)
        warm.run()
        calm = Traffic(stack, seconds=seconds, rate=options.rate)
        calm.run()
        stormy = Traffic(stack, seconds=seconds, rate=options.rate)
        stormy.run(faults)
        report(stack, warm, calm, stormy, windows)
    finally:
        stack.close()


def report(stack, warm, calm, stormy, windows):
    def inside(moment):
        return any(start <= moment <= end for start, end in windows)

    outside = [r for r in stormy.results if not inside(r[0])]
    within = [r for r in stormy.results if inside(r[0])]
    five_outside = [r for r in outside if r[2] >= 500 or r[2] == 0]
    five_inside = [r for r in within if r[2] >= 500 or r[2] == 0]
    api_inside = [r for r in five_inside if r[1] != "file"]
    api_json_503 = [r for r in api_inside if r[2] == 503 and r[3]]
    every = [r for run in (warm, calm, stormy) for r in run.results]
    filed = sum(1 for r in every if r[1] == "file" and r[2] == 302)
    stored = stack.sql("SELECT count(*) FROM refunds_application")[0][0]
    numbers = [n for (n,) in stack.sql("SELECT number FROM refunds_application")]
    try:
        wait_until(
            lambda: (
                stack.sql("SELECT count(*) FROM outbox_message WHERE done_at IS NULL")[0][0] == 0
            ),
            seconds=120,
            what="the outbox drained",
        )
    except AssertionError as error:
        print(f"  ! {error}")
    sent = sum(1 for number in numbers if emails_about(stack, number) >= 1)
    twice = sum(1 for number in numbers if emails_about(stack, number) > 1)
    calm_p99 = p99([r[4] for r in calm.results if r[1] == "lookup" and r[2] == 200])
    storm_p99 = p99([r[4] for r in outside if r[1] == "lookup" and r[2] == 200])
    windows_text = ", ".join(f"{a:.1f}–{b:.1f} s" for a, b in windows)
    print(f"  fault windows (with {SETTLE:.0f} s to settle): {windows_text}")
    print(f"  requests sent: {len(calm.results)} without faults, {len(stormy.results)} with")
    print(f"  5xx outside the windows: {len(five_outside)} (must be 0)")
    print(
        f"  5xx inside the windows: {len(five_inside)}; API answers {len(api_inside)}, "
        f"of them JSON 503: {len(api_json_503)} (must be all); pages: "
        f"{len(five_inside) - len(api_inside)} (translated 503 page)"
    )
    print(f"  applications filed: {filed}, stored: {stored} (must be equal)")
    print(f"  e-mails due: {stored}, sent: {sent}, sent twice: {twice} (due = sent, none twice)")
    print(
        f"  lookup p99 outside the windows: {storm_p99 * 1000:.0f} ms; "
        f"the same run with no fault: {calm_p99 * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()

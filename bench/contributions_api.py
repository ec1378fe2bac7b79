"""Calculations per second through the contributions JSON API.

Two measurements, each for a fixed number of seconds, cycling through a mix of requests
(every payer type, years 2020–2026, incomes below and above the caps, vacation splits):

1. in process: Django's test client, one thread — the cost of the view, the rules query and
   the calculator without any network;
2. over HTTP: a real gunicorn (2 sync workers, the machine has 2 cores) on 127.0.0.1, with 4
   client threads posting JSON, as accounting programs would.

    DATABASE_URL=postgres://... .venv/bin/python bench/contributions_api.py
"""

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, setup_django

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 10
CLIENT_THREADS = 4
GUNICORN_WORKERS = 2

CALCULATE = "/api/v1/contributions/calculate/"
VACATION = "/api/v1/contributions/vacation/"


def requests_mix(rng: random.Random, count: int = 500) -> list[tuple[str, dict]]:
    income_types = ["employer", "employee", "civil_contract", "platform_worker"]
    fixed_types = ["individual_entrepreneur", "self_payer"]
    mix = []
    for _ in range(count):
        year = rng.randint(2024 if rng.random() < 0.3 else 2020, 2026)
        period = f"{year}-{rng.randint(1, 12):02d}"
        roll = rng.random()
        if roll < 0.6:
            payer_type = rng.choice(income_types)
            if payer_type == "platform_worker":
                period = f"{rng.randint(2024, 2026)}-{rng.randint(1, 12):02d}"
            income = str(rng.choice([rng.randint(50_000, 900_000), rng.randint(1, 5_000_000)]))
            mix.append((CALCULATE, {"payer_type": payer_type, "period": period, "income": income}))
        elif roll < 0.8:
            mix.append((CALCULATE, {"payer_type": rng.choice(fixed_types), "period": period}))
        elif roll < 0.9:
            mix.append(
                (
                    CALCULATE,
                    {
                        "payer_type": "unified_payment",
                        "period": f"2024-{rng.randint(1, 12):02d}",
                        "income": str(rng.randint(100_000, 2_000_000)),
                    },
                )
            )
        else:
            start = f"2025-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
            end = f"2025-12-{rng.randint(1, 31):02d}"
            mix.append((VACATION, {"start": start, "end": end, "amount": "850000"}))
    return mix


def in_process(mix) -> tuple[int, float]:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        url, body = mix[done % len(mix)]
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 200, response.content
        done += 1
    return done, time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "msqory.test_settings", "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "msqory.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(GUNICORN_WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status < 500:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def over_http(mix, port: int, seconds: float = SECONDS) -> tuple[int, float, int]:
    counts, errors = [0] * CLIENT_THREADS, [0] * CLIENT_THREADS
    stop = time.perf_counter() + seconds

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        position = index * 37
        while time.perf_counter() < stop:
            url, body = mix[position % len(mix)]
            position += 1
            connection.request("POST", url, json.dumps(body), {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                counts[index] += 1
            else:
                errors[index] += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts), time.perf_counter() - started, sum(errors)


def main() -> None:
    setup_django()
    from contributions.models import ContributionRule

    print(machine())
    if not ContributionRule.objects.exists():
        sys.exit("No contribution rules: run `manage.py migrate` on this database first.")
    mix = requests_mix(random.Random(2026))

    done, elapsed = in_process(mix)
    print(
        f"contributions API, in process (test client, 1 thread): {done} calculations in "
        f"{elapsed:.1f} s = {done / elapsed:,.0f} calculations/s"
    )

    port = free_port()
    server = start_gunicorn(port)
    try:
        over_http(mix[:50], port, seconds=2)  # warm-up: imports, database connections
        done, elapsed, errors = over_http(mix, port)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"contributions API, HTTP (gunicorn {GUNICORN_WORKERS} workers, {CLIENT_THREADS} client "
        f"threads, 127.0.0.1): {done} calculations in {elapsed:.1f} s = "
        f"{done / elapsed:,.0f} calculations/s, {errors} errors"
    )


if __name__ == "__main__":
    main()

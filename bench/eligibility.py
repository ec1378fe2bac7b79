"""FHIR eligibility checks per second, one by one and in batches of 100, beside the status API.

Loads PERSONS synthetic people with snapshots (as bench/status_lookup.py does, reusing its
people), issues a key to a contracted bench clinic (its rate limit out of the way), starts the
same gunicorn (4 sync workers, as docker-compose's web service) against the same PostgreSQL and
Redis, and drives it with wrk (Debian package `wrk`), CONNECTIONS connections, each request a
different person:

1. POST /api/v1/status/ — the public status lookup: the yardstick;
2. POST /fhir/r4/CoverageEligibilityRequest, one request (today's month);
3. the same with a batch Bundle of 100 requests (a clinic's day of appointments);
4. and 5. the same two with a serviced date eight months back (no snapshot: the pure rule on
   the persons' facts, loaded for the whole batch at once).

It prints requests/s and checks/s of each, and the ratios: what a batch of 100 costs in single
checks (target: at most 20), single FHIR checks against status lookups.

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/eligibility.py \
        [--persons 10000 --seconds 10 --connections 16]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, setup_django
from status_lookup import PERSONS, SECONDS, WORKERS, free_port, load_people, start_gunicorn

CONNECTIONS = 16
BATCH = 100
BODIES = 2000  # distinct bodies cycled through per run

LUA = """
local bodies = {%(bodies)s}
local headers = {%(headers)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "%(path)s", headers, bodies[(i %% #bodies) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %%d\\n", summary.errors.status))
end
"""


def lua_string(text: str) -> str:
    return f"[==[{text}]==]"


def fhir_request(iin: str, serviced: str) -> dict:
    from eligibility.fhir.terms import IIN_SYSTEM

    return {
        "resourceType": "CoverageEligibilityRequest",
        "status": "active",
        "purpose": ["validation"],
        "patient": {"identifier": {"system": IIN_SYSTEM, "value": iin}},
        "servicedDate": serviced,
        "created": serviced,
        "insurer": {"display": "Fund"},
    }


def fhir_batch(iins: list[str], serviced: str) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {
                "resource": fhir_request(iin, serviced),
                "request": {"method": "POST", "url": "CoverageEligibilityRequest"},
            }
            for iin in iins
        ],
    }


def bench_key() -> str:
    from clinics.models import City, Clinic
    from eligibility import services

    clinic, _created = Clinic.objects.get_or_create(
        code="BENCH-FHIR",
        defaults={
            "bin": "990000000001",
            "name": "Bench polyclinic",
            "address": "-",
            "city": City.objects.order_by("pk").first(),
            "capacity": 1,
            "fund_contract": True,
        },
    )
    return services.issue_key(
        clinic=clinic, name="bench", requests_per_minute=2_000_000_000
    ).plaintext


def wrk(url: str, *, path: str, bodies: list[str], headers: dict, seconds: int, connections: int):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(
            LUA
            % {
                "bodies": ", ".join(lua_string(b) for b in bodies),
                "headers": ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items()),
                "path": path,
            }
        )
    try:
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s"]
        out = subprocess.run(  # noqa: S603 (wrk, fixed arguments)
            [*command, lua.name, url], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(lua.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return rate, p99_ms, int(re.search(r"non-2xx: (\d+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=PERSONS)
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    parser.add_argument("--workers", type=int, default=WORKERS)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    setup_django()
    from eligibility.selectors import today
    from msqory.months import month_index, month_start

    print(machine())
    iins = load_people(args.persons)
    key = bench_key()
    on = today()
    past = month_start(month_index(on) - 8).replace(day=15).isoformat()
    fhir_headers = {"Content-Type": "application/fhir+json", "Authorization": f"Bearer {key}"}
    singles = [iins[i % len(iins)] for i in range(BODIES)]
    groups = [
        [iins[(g * BATCH + i) % len(iins)] for i in range(BATCH)]
        for g in range(max(1, min(BODIES // 10, len(iins) // BATCH)))
    ]
    runs = {
        "status": (
            "/api/v1/status/",
            [json.dumps({"iin": iin}) for iin in singles],
            {"Content-Type": "application/json"},
            1,
        ),
        "single": (
            "/fhir/r4/CoverageEligibilityRequest",
            [json.dumps(fhir_request(iin, on.isoformat())) for iin in singles],
            fhir_headers,
            1,
        ),
        "batch": (
            "/fhir/r4/CoverageEligibilityRequest",
            [json.dumps(fhir_batch(group, on.isoformat())) for group in groups],
            fhir_headers,
            BATCH,
        ),
        "single_past": (
            "/fhir/r4/CoverageEligibilityRequest",
            [json.dumps(fhir_request(iin, past)) for iin in singles],
            fhir_headers,
            1,
        ),
        "batch_past": (
            "/fhir/r4/CoverageEligibilityRequest",
            [json.dumps(fhir_batch(group, past)) for group in groups],
            fhir_headers,
            BATCH,
        ),
    }
    port = free_port()
    server = start_gunicorn(port, workers=args.workers, threads=1)
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        for path, bodies, headers, _checks in runs.values():  # warm-up
            wrk(base, path=path, bodies=bodies[:50], headers=headers, seconds=1, connections=4)
        for name, (path, bodies, headers, checks) in runs.items():
            rate, p99, errors = wrk(
                base,
                path=path,
                bodies=bodies,
                headers=headers,
                seconds=args.seconds,
                connections=args.connections,
            )
            results[name] = (rate, rate * checks, p99, errors)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)  # workers finish their requests first
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print(
        f"gunicorn {args.workers} sync workers, wrk {args.connections} connections, "
        f"{args.seconds} s each, {len(iins):,} persons with snapshots, batches of {BATCH}"
    )
    labels = {
        "status": "POST /api/v1/status/ (yardstick)",
        "single": "FHIR single check, today",
        "batch": f"FHIR batch of {BATCH}, today",
        "single_past": "FHIR single check, 8 months back",
        "batch_past": f"FHIR batch of {BATCH}, 8 months back",
    }
    for name, (rate, checks, p99, errors) in results.items():
        print(
            f"{labels[name]:36} {rate:9,.1f} req/s {checks:10,.0f} checks/s   "
            f"p99 {p99:8.1f} ms   non-2xx {errors}"
        )
    pairs = (("today", "single", "batch"), ("8 months back", "single_past", "batch_past"))
    for when, single, batch in pairs:
        cost = results[single][0] / results[batch][0]
        print(
            f"{when}: a batch of {BATCH} costs {cost:.1f} single checks (target: at most 20); "
            f"batch checks/s ÷ single checks/s: {results[batch][1] / results[single][1]:.1f}"
        )
    print(
        f"FHIR single check ÷ status lookup (throughput): "
        f"{results['single'][0] / results['status'][0]:.2f}"
    )


if __name__ == "__main__":
    main()

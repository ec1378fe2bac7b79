"""Status lookups per second through POST /api/v1/status/ under gunicorn, beside two yardsticks.

Loads PERSONS synthetic people with 24 months of payments (valid IINs, reused when present),
recomputes their snapshots, then starts gunicorn as docker-compose's web service runs it (4 sync
workers; --threads T > 1 for gthread workers instead) on 127.0.0.1 against the same PostgreSQL
and Redis (rate limit counters in Redis, limit raised for the run) and drives it with wrk
(Debian package `wrk`): 64 connections, a Lua script POSTing JSON bodies with a different IIN
each time. Beside it, through the same middleware (bench/status_lookup_urls.py): GET /hello/, a
bare Django view, and POST /floor/, the lookup's two round trips (Redis count, PostgreSQL query)
with nothing else, which no lookup can beat on this machine. Last, the lookups again while the
nightly recompute runs over and over (one process), against the streaming replica when
DATABASE_REPLICA_URL names one (make bench starts one): the ratio to the quiet lookup. The floor
runs again during the recompute too: its ratio is the ceiling this machine leaves any lookup
while the recompute holds its share of the 2 cores (and the host's busy share says it is full).

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/status_lookup.py \
        [--workers 4 --threads 1]
"""

import argparse
import contextlib
import datetime
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, setup_django

ROOT = Path(__file__).resolve().parent.parent
PERSONS = 10_000
WORKERS = 4  # docker-compose.yml's web service
THREADS = 1
CONNECTIONS = 64
SECONDS = 10


def load_people(count: int) -> list[str]:
    from django.db import connection

    from status import recompute
    from status.demo import synthetic_iin
    from status.iin import parse_iin
    from status.models import Person

    rng = random.Random(4242)
    iins = []
    while len(iins) < count:
        iin = synthetic_iin(rng)
        if iin not in iins:
            iins.append(iin)
    existing = set(Person.objects.filter(iin__in=iins).values_list("iin", flat=True))
    missing = [i for i in iins if i not in existing]
    if missing:
        people = []
        for iin in missing:
            facts = parse_iin(iin)
            people.append(Person(iin=iin, birth_date=facts.birth_date, sex=facts.sex))
        Person.objects.bulk_create(people, batch_size=5000)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO status_payment (person_id, period, payer_type_id, amount, paid_on,
                    payer_bin, reference, refunded, refund_note)
                SELECT p.id, (DATE '2024-10-01' + make_interval(months => m))::date,
                       'employer', 25500.00, DATE '2024-10-01', '',
                       'bench-' || p.id || '-' || m, false, ''
                FROM status_person p, generate_series(0, 23) m
                WHERE p.iin = ANY(%s) AND (p.id %% 6 <> 0 OR m < 21)
                """,
                [missing],
            )
    recompute.run_sync(as_of=datetime.date.today())
    return iins


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, *, workers: int, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "status_lookup_settings",
        "LOG_LEVEL": "WARNING",
        "LOOKUP_RATE_LIMIT": "100000000/min",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "msqory.wsgi:application",
            "--pythonpath",
            str(ROOT / "bench"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            # threads > 1: gthread workers, which also keep connections alive (sync ones close
            # every connection after one response, so every request costs a TCP handshake)
            *(["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/hello/")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


LUA = """
local iins = {%s}
local i = 0
request = function()
  i = i + 1
  local body = '{"iin": "' .. iins[(i %% #iins) + 1] .. '"}'
  return wrk.format("POST", "%s", {["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %%d\\n", summary.errors.status))
end
"""


def wrk(url: str, script: str | None, seconds: int) -> tuple[float, float, str]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"non-2xx: (\d+)", out)
    return rate, float(p99.group(1)) * scale, errors.group(1) if errors else "0"


@contextlib.contextmanager
def recompute_running():
    """The nightly recompute (one process, as a one-worker night) over and over in a thread of
    its own, with its own connection, for as long as the block lasts; yields [runs done,
    CPU-seconds the thread used], filled in when the block ends."""
    from django.db import connections

    from status import recompute

    stop = threading.Event()
    runs = [0, 0.0]

    def nights():
        started = time.thread_time()
        try:
            while not stop.is_set():
                recompute.run_sync(as_of=datetime.date.today())
                runs[0] += 1
        finally:
            runs[1] = time.thread_time() - started
            connections.close_all()

    thread = threading.Thread(target=nights)
    thread.start()
    try:
        yield runs
    finally:
        stop.set()
        thread.join()


@contextlib.contextmanager
def host_cpu():
    """How busy the host's cores were during the block (from /proc/stat): yields a dict filled
    in when the block ends, so the ratio during the recompute can be read against it."""

    def ticks():
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields), idle

    figures = {"cores": os.cpu_count()}
    total, idle = ticks()
    started = time.perf_counter()
    yield figures
    total_after, idle_after = ticks()
    figures["seconds"] = time.perf_counter() - started
    figures["busy"] = 1 - (idle_after - idle) / max(1, total_after - total)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=PERSONS)
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    setup_django()
    from django.conf import settings

    print(machine())
    iins = load_people(args.persons)
    quoted = ", ".join(f'"{iin}"' for iin in iins[:5000])
    scripts = {}
    for name, path in (("floor", "/floor/"), ("status", "/api/v1/status/")):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA % (quoted, path))
        scripts[name] = lua.name
    port = free_port()
    server = start_gunicorn(port, workers=args.workers, threads=args.threads)
    base = f"http://127.0.0.1:{port}"
    try:
        wrk(base + "/hello/", None, 2)  # warm-up
        wrk(base, scripts["status"], 2)
        hello_rate, hello_p99, _ = wrk(base + "/hello/", None, args.seconds)
        floor_rate, floor_p99, floor_errors = wrk(base, scripts["floor"], args.seconds)
        rate, p99, errors = wrk(base, scripts["status"], args.seconds)
        with recompute_running() as nights, host_cpu() as cpu:
            busy_floor_rate, busy_floor_p99, _ = wrk(base, scripts["floor"], args.seconds)
            busy_rate, busy_p99, busy_errors = wrk(base, scripts["status"], args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=10)
        for script in scripts.values():
            os.unlink(script)
    print(
        f"gunicorn {args.workers} "
        + (f"gthread workers × {args.threads} threads" if args.threads > 1 else "sync workers")
        + f", wrk {CONNECTIONS} connections, {args.seconds} s, "
        f"{len(iins):,} persons with snapshots"
    )
    print(f"bare hello view:      {hello_rate:10,.0f} req/s   p99 {hello_p99:7.1f} ms")
    print(
        f"floor (Redis count + lookup query only): {floor_rate:10,.0f} req/s   "
        f"p99 {floor_p99:7.1f} ms   non-2xx {floor_errors}"
    )
    print(f"POST /api/v1/status/: {rate:10,.0f} req/s   p99 {p99:7.1f} ms   non-2xx {errors}")
    print(
        f"POST /api/v1/status/ while the recompute runs ({nights[0]} runs of one process): "
        f"{busy_rate:10,.0f} req/s   p99 {busy_p99:7.1f} ms   non-2xx {busy_errors}; "
        f"lookups from the {'replica' if 'replica' in settings.DATABASES else 'primary'}"
    )
    print(
        f"floor while the recompute runs: {busy_floor_rate:10,.0f} req/s   "
        f"p99 {busy_floor_p99:7.1f} ms; the recompute's Python used {nights[1]:.1f} CPU-s "
        f"in {cpu['seconds']:.1f} s; the host's {cpu['cores']} cores were {cpu['busy']:.0%} busy"
    )
    ceiling = busy_floor_rate / floor_rate
    print(f"ratio during the recompute / quiet: {busy_rate / rate:.2f} (target at least 0.5)")
    print(
        f"ceiling on this machine, floor during the recompute / quiet floor: {ceiling:.2f}; "
        f"the lookup keeps {busy_rate / rate / ceiling:.2f} of what the ceiling allows"
    )
    print(
        f"ratio status / hello: {rate / hello_rate:.2f}, status / floor: {rate / floor_rate:.2f}, "
        f"floor / hello: {floor_rate / hello_rate:.2f} (throughput)"
    )
    # wrk keeps one request in flight per connection, so the mean latency is connections / rate
    # (Little's law): a p99 under 50 ms needs a mean below it, i.e. a rate above this.
    print(
        f"p99 under 50 ms at {CONNECTIONS} connections needs more than "
        f"{CONNECTIONS / 0.050:,.0f} req/s (mean latency = connections / rate); "
        f"mean here: status {CONNECTIONS / rate * 1000:.0f} ms, floor "
        f"{CONNECTIONS / floor_rate * 1000:.0f} ms, hello {CONNECTIONS / hello_rate * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()

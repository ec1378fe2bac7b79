"""Shared by the benchmarks: Django set-up and a line that says which machine the figures are from.

Run a benchmark as `python bench/NAME.py` with DATABASE_URL (and REDIS_URL) pointing at real
servers, or through `make bench`, which starts throwaway ones.
"""

import contextlib
import logging
import os
import platform
import subprocess
import sys
import time
from pathlib import Path


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msqory.test_settings")
    import django

    django.setup()
    # A benchmark prints its figures; the outbox's line per message would bury them.
    logging.getLogger("outbox.services").setLevel(logging.WARNING)


def cpu_probe() -> float:
    """Seconds one core takes to add up ten million integers (best of three): this shared
    machine's speed varies by a third from hour to hour, so figures from different runs are
    comparable only beside this."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(range(10_000_000))
        best = min(best, time.perf_counter() - started)
    return best


def cpu_jiffies() -> tuple[int, int] | None:
    """(steal, total) CPU time of all cores since boot, from /proc/stat's first line; None where
    there is no /proc/stat. Steal is time a virtual machine was ready to run but its host gave
    the core to another guest: a slow probe with high steal is a busy host, not slow code."""
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal (guest time is already inside user)
    values = [int(value) for value in fields[1:9]]
    return (values[7] if len(values) > 7 else 0), sum(values)


def steal_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> str:
    if before is None or after is None or after[1] <= before[1]:
        return "unknown"
    return f"{100 * (after[0] - before[0]) / (after[1] - before[1]):.0f} %"


def cpu_probe_line() -> str:
    """The probe with the steal time during it and since boot."""
    before = cpu_jiffies()
    probe = cpu_probe()
    after = cpu_jiffies()
    since_boot = steal_share((0, 0), before)
    return (
        f"CPU probe {probe * 1000:.0f} ms (lower is faster), "
        f"CPU steal {steal_share(before, after)} during it ({since_boot} since boot)"
    )


def machine() -> str:
    """CPU model, cores, memory, Python and database: printed above every benchmark's figures."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    try:
        with open("/proc/meminfo") as info:
            kib = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
            memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "unknown memory"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        database = str(cursor.fetchone()[0]).split(" on ")[0]
        if connection.vendor == "postgresql":
            # the settings that move these figures most
            cursor.execute(
                "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)"
                " FROM pg_settings WHERE name IN ('shared_buffers', 'fsync',"
                " 'synchronous_commit', 'full_page_writes', 'work_mem')"
            )
            database += f" ({cursor.fetchone()[0]})"
    return (
        f"machine: {cpu}, {os.cpu_count()} cores, {memory}; "
        f"Python {platform.python_version()}; {database}; {cpu_probe_line()}"
    )


@contextlib.contextmanager
def throwaway_database():
    """A freshly migrated database of its own for the block (Django's test database, with
    the demo's rule data from the migrations), dropped afterwards."""
    from django.db import connection

    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


@contextlib.contextmanager
def celery_worker(*, concurrency: int, database_url: str):
    """A real Celery worker of `concurrency` processes on `database_url`, up for the block."""
    from msqory.celery import app

    # Tasks other benchmarks left in the queue for a worker would run first and be timed too.
    app.control.purge()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "msqory.settings",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": "WARNING",
    }
    worker = subprocess.Popen(  # noqa: S603 (our own worker, fixed arguments)
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "msqory",
            "worker",
            "--concurrency",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
    )
    try:
        time.sleep(5)  # the worker's processes up and connected
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def timed_celery_recompute(*, as_of) -> tuple[float, int]:
    """The nightly task sent to the running worker: seconds to the run's end, persons done."""
    from status.models import RecomputeRun
    from status.tasks import start_recompute

    started = time.perf_counter()
    run_id = start_recompute.delay(as_of.isoformat()).get(timeout=3600)
    while True:
        run = RecomputeRun.objects.get(pk=run_id)
        if run.state != RecomputeRun.State.RUNNING:
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if run.state != RecomputeRun.State.FINISHED:
        raise RuntimeError(f"the Celery run ended {run.state}")
    return seconds, run.persons

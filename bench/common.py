"""Shared by the benchmarks: Django set-up and a line that says which machine the figures are from.

Run a benchmark as `python bench/NAME.py` with DATABASE_URL (and REDIS_URL) pointing at real
servers, or through `make bench`, which starts throwaway ones.
"""

import os
import platform
import sys
import time
from pathlib import Path


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msqory.test_settings")
    import django

    django.setup()


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
        f"Python {platform.python_version()}; {database}; "
        f"CPU probe {cpu_probe() * 1000:.0f} ms (lower is faster)"
    )

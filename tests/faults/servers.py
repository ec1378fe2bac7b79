"""A portal of its own for fault injection: PostgreSQL, Redis, gunicorn, Celery worker and beat,
each a real process on a free loopback port, which a test may stop, freeze or kill.

The suite's shared throwaway servers (scripts/with-services) are used by other test workers at
the same time, so faults are never injected there. Used by tests/faults/ and
bench/faults_soak.py; everything lives in one temporary folder and is stopped by `close()`.
"""

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin() -> Path:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("pg_ctl")
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    return Path(found).parent


# aiosmtpd says at INFO every connection it sees.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class Mailbox:
    """A real SMTP server (aiosmtpd) on a free port that keeps every message it is given."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def subjects_and_bodies(self) -> list[str]:
        with self._lock:
            return [
                f"{m['Subject']}\n{m.get_payload(decode=True).decode(errors='replace')}"
                for m in self.messages
            ]

    def close(self):
        with contextlib.suppress(Exception):
            self._controller.stop()


class Stack:
    """The servers and the portal's processes; `env` is a production process's environment."""

    def __init__(self, folder: Path, **settings: str):
        self.folder = folder
        self.pg_bin = _pg_bin()
        self.pg_port, self.redis_port = free_port(), free_port()
        self.mailbox = Mailbox()
        self.processes: dict[str, subprocess.Popen] = {}
        self.redis: subprocess.Popen | None = None
        # initdb refuses to run as root: as root, the cluster belongs to the postgres user.
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.env = (
            os.environ
            | {
                "DJANGO_SETTINGS_MODULE": "msqory.settings",
                "DEBUG": "false",
                "SECRET_KEY": "fault-tests-only-secret-key",
                "SECURE_SSL_REDIRECT": "false",
                "ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/postgres",
                "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(self.mailbox.port),
                "PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
                "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
                "METRICS_TOKEN": "fault-tests-metrics-token",
                "CONN_MAX_AGE": "60",
                "PYTHONUNBUFFERED": "1",
            }
            | settings
        )
        for name in ("PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST"):
            self.env.pop(name, None)

    # --- PostgreSQL ---------------------------------------------------------------------

    @property
    def pg_data(self) -> Path:
        return self.folder / "pg"

    def init_postgres(self):
        self.pg_data.mkdir()
        if self.as_pg:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.pg_data, "postgres")
        subprocess.run(
            [*self.as_pg, str(self.pg_bin / "initdb"), "-D", str(self.pg_data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.start_postgres()

    def start_postgres(self):
        options = (
            f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.pg_data} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            [*self.as_pg, str(self.pg_bin / "pg_ctl"), "-D", str(self.pg_data), "-w",
             "-l", str(self.pg_data / "server.log"), "-o", options, "start"],
            check=True, capture_output=True,
        )  # fmt: skip

    def stop_postgres(self):
        subprocess.run(
            [*self.as_pg, str(self.pg_bin / "pg_ctl"), "-D", str(self.pg_data), "-m", "fast",
             "-w", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip

    def sql(self, query: str, params=None) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as connection:
            cursor = connection.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    # --- Redis ----------------------------------------------------------------------------

    def start_redis(self):
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _wait(lambda: _connects(self.redis_port), "redis")

    def stop_redis(self):
        """Stopped: every connection refused (and its queue and counts gone, as no save)."""
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(10)
            self.redis = None

    def freeze_redis(self):
        """Frozen: connections are accepted by the kernel, but nothing is ever answered."""
        self.redis.send_signal(signal.SIGSTOP)

    def thaw_redis(self):
        self.redis.send_signal(signal.SIGCONT)

    # --- the portal's processes ----------------------------------------------------------------

    def manage(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR, env=self.env | extra_env, capture_output=True, text=True, check=True,
        )  # fmt: skip

    def start(self, name: str, *args: str, **extra_env: str) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 - the process keeps it
        process = subprocess.Popen(
            args, cwd=BASE_DIR, env=self.env | extra_env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes[name] = process
        return process

    def start_gunicorn(self, *, workers: int = 2) -> str:
        self.web_port = free_port()
        self.start(
            "gunicorn",
            str(BIN / "gunicorn"), "msqory.wsgi", "--bind", f"127.0.0.1:{self.web_port}",
            "--workers", str(workers), "--timeout", "30",
        )  # fmt: skip
        url = f"http://127.0.0.1:{self.web_port}"
        _wait(lambda: _answers(f"{url}/healthz"), "gunicorn")
        return url

    def start_worker(self, name: str = "worker", **extra_env: str) -> subprocess.Popen:
        process = self.start(
            name,
            str(BIN / "celery"), "-A", "msqory", "worker", "--pool", "solo", "--loglevel", "INFO",
            "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle",
            **extra_env,
        )  # fmt: skip
        _wait(lambda: "ready." in self.log(name), f"celery {name}", process=process)
        return process

    def start_beat(self, name: str = "beat", **extra_env: str) -> subprocess.Popen:
        process = self.start(
            name,
            str(BIN / "celery"), "-A", "msqory", "beat", "--loglevel", "INFO",
            "--schedule", str(self.folder / f"{name}-schedule"),
            **extra_env,
        )  # fmt: skip
        _wait(lambda: "beat: Starting" in self.log(name), f"celery {name}", process=process)
        return process

    def kill(self, name: str):
        """SIGKILL: no goodbye, no acknowledgement, no rollback but PostgreSQL's own."""
        process = self.processes.pop(name)
        process.kill()
        process.wait(10)

    def stop(self, name: str):
        process = self.processes.pop(name, None)
        if process is None:
            return
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def close(self):
        for name in list(self.processes):
            self.stop(name)
        if self.redis is not None:
            with contextlib.suppress(Exception):
                self.thaw_redis()
            self.stop_redis()
        if self.pg_data.exists():
            subprocess.run(
                [*self.as_pg, str(self.pg_bin / "pg_ctl"), "-D", str(self.pg_data), "-m",
                 "immediate", "stop"],
                check=False, capture_output=True,
            )  # fmt: skip
        self.mailbox.close()


def _connects(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
            return True
    except OSError:
        return False


def _wait(ready, what: str, *, seconds: float = 90, process=None):
    deadline = time.monotonic() + seconds
    while not ready():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {seconds} s")
        time.sleep(0.1)


def wait_until(condition, *, seconds: float = 60, every: float = 0.2, what: str = "condition"):
    """Poll `condition` until it is true (returns its value) or the time is up (AssertionError)."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not reached within {seconds} s")
        time.sleep(every)

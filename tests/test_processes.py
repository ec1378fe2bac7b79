"""The processes docker-compose runs — gunicorn, the Celery worker and beat — start and work.

They run as real subprocesses against the suite's PostgreSQL and Redis, as in production.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from msqory.celery import app as celery_app

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_env() -> dict[str, str]:
    """The environment of a production process, pointed at the test database."""
    db = connection.settings_dict
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "msqory.test_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    return env


@pytest.fixture
def running():
    processes = []

    def start(*args):
        process = subprocess.Popen(  # noqa: S603 - our own binaries, fixed arguments
            args,
            cwd=BASE_DIR,
            env=process_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_http(url: str, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wait_for_line(process, text: str, seconds: float = 90):
    """Read the process's output until a line contains `text` (start-up is slow on a busy CI)."""
    deadline = time.monotonic() + seconds
    output = []
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stdout.readline()
        output.append(line)
        if text in line:
            return
    pytest.fail(f"no {text!r} from {process.args[:4]}:\n" + "".join(output[-40:]))


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_pages_static_files_and_health(running):
    port = free_port()
    running(str(BIN / "gunicorn"), "msqory.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2")
    health = wait_for_http(f"http://127.0.0.1:{port}/healthz")
    assert health.status == 200
    assert b'"redis": "ok"' in health.read()
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/en/").read().decode()
    stylesheet = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert stylesheet.startswith("/static/css/portal.") and stylesheet.endswith(".css")
    css = urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}")
    assert css.status == 200
    assert "immutable" in css.headers["Cache-Control"]


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_celery_worker_runs_tasks_sent_through_redis(running):
    worker = running(
        str(BIN / "celery"), "-A", "msqory", "worker", "--pool", "solo", "--loglevel", "INFO"
    )
    wait_for_line(worker, "ready.")
    result = celery_app.send_task("msqory.celery.heartbeat")
    try:
        assert result.get(timeout=30) == "ok"
    finally:
        result.forget()
    assert worker.poll() is None, "the worker is still running"


@needs_redis
def test_every_scheduled_task_exists_and_beat_starts(running, tmp_path):
    celery_app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, f"{name}: no task named {entry['task']}"
    beat = running(
        str(BIN / "celery"),
        "-A",
        "msqory",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(tmp_path / "schedule"),
    )
    wait_for_line(beat, "beat: Starting")
    time.sleep(1)
    assert beat.poll() is None, "beat keeps running"


def test_deploy_checks_pass_with_production_settings():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "msqory.settings",
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "msqory.example.kz",
        "SECURE_SSL_REDIRECT": "true",
    }
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


def test_tasks_run_inline_do_not_log_a_line_each(caplog):
    """The demo without Redis runs tasks inline: no worker's "Task … succeeded" after requests."""
    with caplog.at_level("INFO"):
        assert celery_app.tasks["msqory.celery.heartbeat"].delay().get() == "ok"
    assert not [r for r in caplog.records if r.name == "celery.app.trace"], caplog.text

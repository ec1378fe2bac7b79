"""Browser end-to-end tests: Debian's Chromium driven by Playwright against the real portal.

gunicorn serves the portal (production settings, DEBUG off, static files by whitenoise) on the
suite's PostgreSQL test database and Redis; tests are transactional, so the rows they create
are committed and the server sees them. The rows that data migrations loaded (rules, roles,
categories) are put back before each test and after each module, from the copy pytest-django
serializes for `serialized_rollback` tests: its own restore cannot see that copy while
Playwright's event loop runs (Django then keeps a separate connection object per context).

Never a downloaded browser: /usr/bin/chromium (`apt-get install -y chromium`). Without it the
tests are skipped with a loud reason. axe-core comes from npm (`npm ci`), read from
node_modules and injected into each page under test.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = BASE_DIR / "build" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LANGUAGES = ["kk", "ru", "en"]


def _why_no_browser() -> str | None:
    if not CHROMIUM.exists():
        return (
            f"NO BROWSER TESTS: {CHROMIUM} is missing. Install Debian's Chromium "
            "(`apt-get install -y chromium`; .ci/run does it) — never a downloaded browser."
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "NO BROWSER TESTS: the playwright package is missing (pip install -e '.[dev]')."
    if not settings.REDIS_URL:
        return "NO BROWSER TESTS: REDIS_URL is not set (scripts/with-services starts Redis)."
    return None


SKIP_REASON = _why_no_browser()


def pytest_collection_modifyitems(config, items):
    if SKIP_REASON is None:
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=SKIP_REASON)
    skipped = [item for item in items if Path(str(item.fspath)).is_relative_to(here)]
    for item in skipped:
        item.add_marker(skip)
    if skipped:
        warnings.warn(SKIP_REASON, stacklevel=1)
        sys.stderr.write(f"\n\n*** {SKIP_REASON} ***\n\n")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def private_media():
    path = Path(tempfile.mkdtemp(prefix="msqory-e2e-media-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def migrated_rows(django_db_setup, django_db_blocker) -> str:
    """The database as the migrations left it, serialized (taken before any browser starts)."""
    with django_db_blocker.unblock():
        serialized = getattr(connection, "_test_serialized_contents", None)
        return serialized or connection.creation.serialize_db_to_string()


def _restore(rows: str):
    # The flush after a transactional test re-created content types and permissions under new
    # keys (post_migrate): empty everything first, as Django does for serialized rollback.
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(rows)


@pytest.fixture(scope="module", autouse=True)
def _migrated_rows_back_after_the_module(migrated_rows, django_db_blocker):
    """Tests after these ones find the migrations' rows where they expect them."""
    yield
    with django_db_blocker.unblock():
        _restore(migrated_rows)


@pytest.fixture(scope="session")
def portal(migrated_rows, django_db_blocker, private_media):
    """The base URL of gunicorn serving the portal on the test database."""
    with django_db_blocker.unblock():
        db = connection.settings_dict
    port = _free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "msqory.test_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CONN_MAX_AGE": "0",
        "REDIS_URL": settings.REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "PRIVATE_MEDIA_ROOT": str(private_media),
        # The limits have their own tests; a browser run must not trip them.
        "LOOKUP_RATE_LIMIT": "100000/min",
        "REFUNDS_SUBMIT_RATE_LIMIT": "100000/hour",
        "ANONYMOUS_UPLOAD_RATE_LIMIT": "100000/hour",
        "AXES_FAILURE_LIMIT": "1000",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    log = tempfile.TemporaryFile()  # noqa: SIM115 - read if the server fails, closed below
    server = subprocess.Popen(  # noqa: S603 - our own binary, fixed arguments
        [
            str(BIN / "gunicorn"),
            "msqory.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--timeout",
            "60",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)  # noqa: S310 - loopback
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                log.seek(0)
                raise RuntimeError("gunicorn did not start:\n" + log.read().decode()) from None
            time.sleep(0.2)
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
    # plain synchronous code all the same. Only while this module's browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(portal, migrated_rows, chromium, transactional_db):
    """A fresh browser (own cookies) at desktop width; `new_page(width=390)` for a phone."""
    _restore(migrated_rows)
    contexts = []
    cache.clear()

    def make(*, width=1280, height=900):
        context = chromium.new_context(
            base_url=portal,
            viewport={"width": width, "height": height},
            locale="en-GB",
            timezone_id="Asia/Almaty",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        # Which resource failed, so that "Failed to load resource" can be traced.
        page.on(
            "response",
            lambda response: (
                errors.append(f"{response.status} {response.url}")
                if response.status >= 400 and response.request.resource_type != "document"
                else None
            ),
        )
        page.js_errors = errors
        return page

    yield make
    for context in contexts:
        context.close()
    cache.clear()


def script_errors(page) -> list[str]:
    """The page's script errors and failed resources; the browser's console note of the page's
    own 4xx status (a form refused with 400) left out, since the response listener above names
    any other resource that failed."""
    return [e for e in page.js_errors if not e.startswith("Failed to load resource")]


@pytest.fixture
def page(new_page):
    return new_page()


def screenshot(page, name: str) -> Path:
    """Saved under build/screenshots/ (CI keeps them as artefacts)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of WCAG 2.x A/AA rules on the current page, of these impacts."""
    if not AXE.exists():
        pytest.skip(f"NO ACCESSIBILITY CHECK: {AXE} is missing; run `npm ci`.")
    # Served to the page from its own origin (the strict CSP allows only 'self' scripts).
    page.route(
        "**/__axe__/axe.min.js",
        lambda route: route.fulfill(path=str(AXE), content_type="application/javascript"),
    )
    page.add_script_tag(url="/__axe__/axe.min.js")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]

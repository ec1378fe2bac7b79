"""What stands between the portal and an attacker: headers, sign-in lock-out, two-step
verification for staff, no full IIN in any log, no uploaded file on a public URL.

SECURITY.md explains the threats these defend against.
"""

import contextlib
import io
import logging
import random
import re
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from msqory.celery import app as celery_app
from msqory.logmasking import MaskIINFilter, mask_iins, mask_value
from status.demo import synthetic_iin
from status.models import Person

# `running` is a fixture: gunicorn as a real subprocess on the test database.
from tests.test_processes import BIN, free_port, running, wait_for_http  # noqa: F401

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-password-1"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def staff(username="aigul", **extra) -> User:
    return User.objects.create_user(username, password=PASSWORD, is_staff=True, **extra)


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        f"/en/{settings.ADMIN_URL}login/",
        {"username": username, "password": password, "next": f"/en/{settings.ADMIN_URL}"} | extra,
    )


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


# --- Headers ---------------------------------------------------------------------------------


def test_every_page_is_sent_with_the_protective_headers(client):
    response = client.get("/en/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_cookies_are_only_sent_over_https_and_the_session_is_out_of_scripts_reach(client):
    response = client.get("/en/", secure=True)
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"]
    assert settings.SESSION_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY
    assert settings.LANGUAGE_COOKIE_SECURE
    user = staff()
    signed_in = sign_in(client, user.username)
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    # The load balancer's health check stays on plain HTTP.
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("path", ["/en/", "/ru/status/", "/kk/contributions/calculator/"])
def test_pages_carry_no_inline_script_or_style(client, path):
    html = client.get(path).text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> in " + path
    assert " style=" not in html, "inline style in " + path
    assert not re.search(r"\son[a-z]+=", html), "inline event handler in " + path


# --- Admin: location, lock-out, two-step verification ---------------------------------------


def test_the_admin_lives_at_the_configured_path():
    assert reverse("admin:index") == f"/kk/{settings.ADMIN_URL}"


def test_repeated_wrong_passwords_lock_the_admin_sign_in(client):
    user = staff()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, user.username, "wrong-password")
        assert response.status_code == 200, "a wrong password is only an error on the form"
    locked = sign_in(client, user.username, "wrong-password")
    assert locked.status_code == 429
    assert "Signing in is locked" in locked.text
    assert "15 minutes" in locked.text
    # Now even the right password is refused, for this name and from this address.
    assert sign_in(client, user.username).status_code == 429
    assert "_auth_user_id" not in client.session
    other = staff("dana")
    assert sign_in(client, other.username).status_code == 429, "the address is locked too"


def test_the_lock_out_page_speaks_the_readers_language(client):
    user = staff()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/ru/" + settings.ADMIN_URL + "login/",
            {"username": user.username, "password": "wrong"},
        )
    assert response.status_code == 429
    assert 'lang="ru"' in response.text
    assert "Вход временно заблокирован" in response.text
    assert "Повторите через 15 минут" in response.text


def test_a_successful_sign_in_forgets_earlier_failures(client):
    user = staff()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, user.username, "wrong-password")
    assert sign_in(client, user.username).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, user.username, "wrong-password").status_code == 200
    assert sign_in(client, user.username).status_code == 302


def test_the_registrars_sign_in_is_throttled_too(client):
    user = User.objects.create_user("registrar", password=PASSWORD)
    url = reverse("clinics:registrar_login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": user.username, "password": "wrong"})
    assert response.status_code == 429


def test_staff_without_an_authenticator_sign_in_with_the_password(client):
    user = staff()
    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_with_an_authenticator_must_give_its_current_code(client):
    user = staff()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    without = sign_in(client, user.username)
    assert without.status_code == 200
    assert "Enter the code from your authenticator app." in without.text
    code = current_code(device)
    wrong = sign_in(client, user.username, otp_token="000000" if code != "000000" else "111111")
    assert "The code is wrong or has expired" in wrong.text
    assert "_auth_user_id" not in client.session
    # Each wrong code makes the next try wait longer (django-otp's throttle): no guessing.
    hurried = sign_in(client, user.username, otp_token=current_code(device))
    assert "Verification temporarily disabled" in hurried.text
    device.refresh_from_db()
    device.throttle_reset()
    right = sign_in(client, user.username, otp_token=current_code(device))
    assert right.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_password_only_session_of_a_staff_member_with_an_authenticator_is_not_enough(client):
    user = staff()
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)  # e.g. a session stolen before the device was added
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_with_admin_require_otp_every_staff_member_needs_an_authenticator(client, settings):
    settings.ADMIN_REQUIRE_OTP = True
    user = staff()
    response = sign_in(client, user.username)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_asks_for_the_code_in_the_readers_language(client):
    page = client.get("/en/" + settings.ADMIN_URL + "login/")
    assert "Code from your authenticator app" in page.text
    assert 'autocomplete="one-time-code"' in page.text


# --- No full IIN in the logs -----------------------------------------------------------------


def test_masking_keeps_two_digits_at_each_end_of_any_long_number():
    assert mask_iins("IIN 870412300123 looked up") == "IIN 87********23 looked up"
    assert mask_iins("iin=870412300123,bin=123456789012") == ("iin=87********23,bin=12********12")
    assert mask_iins("13 digits 8704123001234") == "13 digits 87*********34"
    assert mask_iins("short 12345678901 and 2026-11-23") == "short 12345678901 and 2026-11-23"
    assert mask_value("8704") == "****"
    assert mask_value("87041230012") == "87*******12"


def test_every_configured_log_handler_masks_iins():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "mask_iins" in handler.get("filters", []), f"handler {name} does not mask IINs"
    configured = [
        h for h in logging.getLogger().handlers if not type(h).__module__.startswith("_pytest")
    ]
    assert configured
    for handler in configured:
        assert any(isinstance(f, MaskIINFilter) for f in handler.filters)


def test_the_filter_masks_arguments_and_tracebacks():
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "lookup %s", ("870412300123",), None
    )
    try:
        raise ValueError("bad IIN 870412300123")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    MaskIINFilter().filter(record)
    rendered = logging.Formatter().format(record)
    assert "870412300123" not in rendered
    assert "lookup 87********23" in rendered
    assert "bad IIN 87********23" in rendered


@pytest.fixture
def console_log():
    """What the configured handlers write, SQL statements included, during the test."""
    handlers = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and not type(h).__module__.startswith("_pytest")
    ]
    stream = io.StringIO()
    previous = [h.setStream(stream) for h in handlers]
    loggers = {name: logging.getLogger(name) for name in ("", "django.db.backends")}
    levels = {name: logger.level for name, logger in loggers.items()}
    for logger in loggers.values():
        logger.setLevel(logging.DEBUG)
    connection.force_debug_cursor = True
    yield stream
    connection.force_debug_cursor = False
    for name, logger in loggers.items():
        logger.setLevel(levels[name])
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


def test_a_status_lookup_is_logged_with_the_iin_masked(client, console_log):
    iin = synthetic_iin(random.Random(8))
    Person.objects.create(iin=iin)
    assert client.post("/en/status/", {"iin": iin}).status_code == 200
    assert (
        client.post("/api/v1/status/", {"iin": iin}, content_type="application/json").status_code
        == 200
    )
    output = console_log.getvalue()
    assert iin not in output
    masked = f"{iin[:2]}********{iin[-2:]}"
    assert f"iin_lookup path=/en/status/ status=200 client=127.0.0.1 user=- iin={masked}" in output
    assert "iin_lookup path=/api/v1/status/ status=200" in output
    assert "SELECT" in output, "the SQL of the lookup was logged, with the IIN masked"


def test_an_invalid_iin_sent_to_the_api_never_reaches_the_logs_in_full(client, console_log):
    iin = synthetic_iin(random.Random(9))
    broken = iin[:11] + str((int(iin[11]) + 1) % 10)
    too_long = iin + "7"
    for value in (broken, too_long, iin[:11]):
        response = client.post("/api/v1/status/", {"iin": value}, content_type="application/json")
        assert response.status_code == 400
    output = console_log.getvalue()
    assert broken not in output and too_long not in output and iin[:11] not in output
    assert output.count("iin_lookup path=/api/v1/status/ status=400") == 3
    assert "Bad Request: /api/v1/status/" in output


# --- Uploaded documents ----------------------------------------------------------------------


def test_uploaded_documents_have_no_public_url(client):
    assert not settings.MEDIA_URL or settings.MEDIA_URL in ("/", "")
    private = settings.PRIVATE_MEDIA_ROOT.resolve()
    for public in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        assert not private.is_relative_to(public.resolve())
    from refunds.models import Attachment

    storage = Attachment._meta.get_field("file").storage
    assert storage.location == str(private)
    with pytest.raises(ValueError):
        storage.url("refunds/anything.pdf")
    for path in (
        "/media/refunds/x.pdf",
        "/private-media/refunds/x.pdf",
        "/static/../private-media/",
    ):
        assert client.get(path).status_code == 404


def test_an_application_is_logged_with_the_applicants_iin_masked(client, console_log):
    iin = synthetic_iin(random.Random(10))
    Person.objects.create(iin=iin)
    client.post("/en/refunds/new/", {"applicant_iin": iin, "action": "find"})
    output = console_log.getvalue()
    assert iin not in output
    assert f"iin_lookup path=/en/refunds/new/ status=200 client=127.0.0.1 user=- iin={iin[:2]}" in (
        output
    )


# --- Every public IIN lookup is rate-limited ----------------------------------------------


def _lookups(iin):
    json = "application/json"
    return {
        "status page": lambda c: c.post("/en/status/", {"iin": iin}),
        "status API": lambda c: c.post("/api/v1/status/", {"iin": iin}, content_type=json),
        "my clinic": lambda c: c.post("/en/clinics/mine/", {"iin": iin}),
        "tracking": lambda c: c.post(
            "/en/applications/track/", {"number": "R-2026-000001", "iin": iin}
        ),
        "refund payments": lambda c: c.post(
            "/en/refunds/new/", {"applicant_iin": iin, "action": "find"}
        ),
    }


@pytest.mark.parametrize("lookup", list(_lookups("")))
def test_every_public_iin_lookup_is_rate_limited(client, settings, lookup):
    settings.LOOKUP_RATE_LIMIT = "2/min"
    ask = _lookups(synthetic_iin(random.Random(11)))[lookup]
    assert ask(client).status_code != 429
    assert ask(client).status_code != 429
    refused = ask(client)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_the_lookups_share_one_count_per_client(client, settings):
    settings.LOOKUP_RATE_LIMIT = "4/min"
    asks = list(_lookups(synthetic_iin(random.Random(12))).values())
    answers = [ask(client).status_code for ask in asks]
    assert 429 not in answers[:4] and answers[4] == 429, "switching pages does not reset it"


def test_the_api_documentation_loads_nothing_from_elsewhere(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    csp = page["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "default-src 'self'" in csp
    assert "style-src 'self' 'unsafe-inline'" in csp, "Redoc's generated styles only"
    html = page.text
    assert "https://" not in html, "no CDN, no web fonts"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "/static/drf_spectacular_sidecar/redoc/" in html


# --- The real client behind our proxies ------------------------------------------------------


def test_without_trusted_proxies_a_forwarded_address_is_ignored(client, settings):
    settings.LOOKUP_RATE_LIMIT = "1/min"
    iin = synthetic_iin(random.Random(13))
    assert client.post("/en/status/", {"iin": iin}).status_code == 200
    spoofed = client.post("/en/status/", {"iin": iin}, headers={"x-forwarded-for": "198.51.100.9"})
    assert spoofed.status_code == 429, "a made-up header does not buy new lookups"


def test_behind_a_trusted_proxy_each_client_has_its_own_count(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOOKUP_RATE_LIMIT = "1/min"
    iin = synthetic_iin(random.Random(14))

    def lookup(chain):
        return client.post(
            "/en/status/", {"iin": iin}, headers={"x-forwarded-for": chain}
        ).status_code

    assert lookup("203.0.113.7") == 200
    assert lookup("203.0.113.8") == 200, "another client behind the same proxy"
    assert lookup("203.0.113.7") == 429
    assert lookup("1.2.3.4, 203.0.113.7") == 429, "the client's own claims are not trusted"


def test_the_sign_in_lock_out_counts_the_real_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = staff()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            f"/en/{settings.ADMIN_URL}login/",
            {"username": "nobody", "password": "wrong"},
            headers={"x-forwarded-for": "203.0.113.66"},
        )
    elsewhere = client.post(
        f"/en/{settings.ADMIN_URL}login/",
        {"username": user.username, "password": PASSWORD},
        headers={"x-forwarded-for": "203.0.113.67"},
    )
    assert elsewhere.status_code == 302, "one client's failures do not lock out the others"


# --- gunicorn's own logs ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_gunicorns_access_log_never_holds_a_full_iin(running, tmp_path):  # noqa: F811
    """A staff search for an IIN puts it in a URL: gunicorn's own log masks it."""
    port = free_port()
    log = tmp_path / "access.log"
    running(
        str(BIN / "gunicorn"),
        "msqory.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        str(log),
    )
    wait_for_http(f"http://127.0.0.1:{port}/healthz")
    iin = "870412300123"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/en/admin/status/person/?q={iin}",
        headers={"Referer": f"http://127.0.0.1:{port}/en/admin/?q={iin}"},
    )
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(request)  # noqa: S310 - loopback only
    deadline = time.monotonic() + 10
    while "q=87" not in (text := log.read_text() if log.exists() else ""):
        assert time.monotonic() < deadline, text
        time.sleep(0.2)
    assert iin not in text
    assert "/en/admin/status/person/?q=87********23" in text
    assert "/en/admin/?q=87********23" in text, "the Referer too"


@pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set")
@pytest.mark.django_db(transaction=True)
def test_the_celery_workers_log_masks_iins(running):  # noqa: F811
    """A message the worker cannot run is logged with its arguments: masked."""
    worker = running(
        str(BIN / "celery"), "-A", "msqory", "worker", "--pool", "solo", "--loglevel", "INFO"
    )
    lines = []
    deadline = time.monotonic() + 30
    while not any("ready" in line for line in lines):
        assert time.monotonic() < deadline, "".join(lines)
        lines.append(worker.stdout.readline())
    celery_app.send_task("msqory.no_such_task", args=["870412300123"])
    while not any("870412300123" in line or "87********23" in line for line in lines):
        assert time.monotonic() < deadline, "".join(lines)
        lines.append(worker.stdout.readline())
    output = "".join(lines)
    assert "870412300123" not in output
    assert "87********23" in output

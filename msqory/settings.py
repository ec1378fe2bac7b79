"""Settings for msqory, read from the environment (every variable is listed in .env.example).

The database is PostgreSQL (`make run` starts an embedded one and sets DATABASE_URL), and
without REDIS_URL Celery runs tasks eagerly in the web process: the two-command developer setup
needs nothing else. Production sets both, plus DEBUG=false, SECRET_KEY and ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from django_guid.integrations import CeleryIntegration

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Without DEBUG there is no default: an unset key leaves SECRET_KEY empty, which Django refuses
# the moment anything is signed (sessions, CSRF), while commands such as migrate still run.
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="insecure-development-key-only-for-debug" if DEBUG else "",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    # django.contrib.admin, with the portal's admin site (two-step verification) as admin.site.
    "msqory.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The form renderer (TemplatesSetting) finds Django's own form templates through this app.
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    # Redoc for /api/docs/ served from our own static files (the CSP allows no CDN).
    "drf_spectacular_sidecar",
    "simple_history",
    "django_otp",
    # django-otp's TOTP devices and django-axes, under translated names (msqory/admin_apps.py).
    "msqory.admin_apps.TwoStepVerificationConfig",
    "msqory.admin_apps.SignInAttemptsConfig",
    # Hashed API keys (clinic systems' keys for the eligibility API are its model's subclass).
    "rest_framework_api_key",
    # A request id in every log line, carried into the Celery tasks a request causes.
    "django_guid",
    "msqory",
    # Celery work written in the caller's transaction and relayed to the broker (outbox/).
    "outbox",
    # Dependencies run one way: contributions <- status <- refunds, clinics; information (the
    # content pages and the guide) reads from all of them.
    "contributions",
    "status",
    "refunds",
    "clinics",
    # Status certificates (PDF with a verification code) depend on status only.
    "certificates",
    # Coverage eligibility for clinic systems (FHIR R4): reads status, keys belong to clinics.
    "eligibility",
    "information",
    # Lapse warnings by e-mail and SMS: reads status and contributions.
    "notifications",
]

MIDDLEWARE = [
    # Outermost: times and counts every answer, errors included (/metrics).
    "msqory.middleware.RequestMetricsMiddleware",
    # The request id (X-Request-ID) for the logs of this request and the tasks it sends.
    "django_guid.middleware.guid_middleware",
    # First: every per-client limit counts the real client behind our proxies (msqory/proxy.py).
    "msqory.proxy.RealClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before anything reads a body (the audit below, the CSRF check): refuses an oversized or
    # too frequent anonymous upload from its headers (msqory/upload_limits.py).
    "msqory.upload_limits.AnonymousUploadLimitMiddleware",
    "msqory.audit.IINLookupAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A DomainError no view handled: its message and code, not a 500 (msqory/error_responses.py).
    "msqory.error_responses.DomainErrorMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "msqory.urls"
WSGI_APPLICATION = "msqory.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Every form renders its fields the same way: label, hint, error next to the field, and an
# error summary at the top (GOV.UK Design System habits).
FORM_RENDERER = "msqory.forms.PortalFormRenderer"

# --- Database -------------------------------------------------------------------------------
# PostgreSQL only (set-based SQL, exclusion constraints); `make run` starts an embedded one.
DATABASES = {"default": env.db("DATABASE_URL", default="postgres:///msqory")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A server that does not answer (a host down, a full backlog) costs a request this long.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DATABASE_CONNECT_TIMEOUT", default=3
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A streaming replica of the primary (optional): the public pages read from it while it is up
# and no more than REPLICA_MAX_LAG_SECONDS behind; writes, and reads that must see them, stay
# on the primary (msqory/db_router.py). In tests it mirrors the primary's test database, which
# it replicates.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"].update(
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        CONN_HEALTH_CHECKS=True,
        TEST={"MIRROR": "default"},
    )
    # A replica that does not answer is given up on quickly: the primary serves instead.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
DATABASE_ROUTERS = ["msqory.db_router.ReplicaRouter"]
# false: every read goes to the primary even with a replica configured (e.g. while it is rebuilt).
REPLICA_READS = env.bool("REPLICA_READS", default=True)
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=30.0)
# How long a process trusts its last look at the replica's lag before looking again.
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=5.0)
# PostgreSQL: the payments ledger has a partition for each year up to this many years ahead (the
# recompute reads prepaid months up to four years ahead; status/ledger_partitions.py).
LEDGER_PARTITION_YEARS_AHEAD = env.int("LEDGER_PARTITION_YEARS_AHEAD", default=5)

# --- Redis: cache (rate limits), Celery broker ------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# A stopped or frozen Redis costs a request at most this long (connect, then each reply)...
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.25)
# ... and after a failure nothing in this process asks Redis for this long (the circuit breaker,
# msqory/redisguard.py): rate limits are counted in the process meanwhile.
REDIS_BREAKER_RESET_SECONDS = env.float("REDIS_BREAKER_RESET_SECONDS", default=5.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "msqory.redisguard.GuardedRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# No broker configured: run tasks in the calling process so a laptop needs no Redis.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Almaty"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers and beat log through LOGGING below (its handlers mask IINs), not handlers of their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A broker that stops answering does not hang a worker or beat for ever; a task whose worker died
# (acks late) is handed to another worker after the visibility timeout.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": env.float("BROKER_SOCKET_TIMEOUT", default=5.0),
    "socket_connect_timeout": env.float("BROKER_SOCKET_TIMEOUT", default=5.0),
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "celery"
# django-celery-beat does not support Django 6.1 yet, so the schedule lives here.
# Apps add their periodic tasks to this dict (see each app's issue).
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "heartbeat": {"task": "msqory.celery.heartbeat", "schedule": crontab(minute="*/5")},
    # Labour migrants' clinic attachments end with their insurance contract (docs/domain.md §7).
    "clinics-close-expired-contracts": {
        "task": "clinics.close_expired_contracts",
        "schedule": crontab(hour=0, minute=30),
    },
    # The nightly set-based recompute of every person's status (CELERY_TIMEZONE: Asia/Almaty).
    "status-recompute": {"task": "status.start_recompute", "schedule": crontab(hour=2, minute=0)},
    # The payments ledger's yearly partitions, made ahead of need (status/ledger_partitions.py).
    "status-ledger-partitions": {
        "task": "status.ensure_ledger_partitions",
        "schedule": crontab(month_of_year=12, day_of_month=1, hour=3, minute=0),
    },
    # Refund and debt-cancellation applications past their due date, e-mailed to Fund staff.
    "refunds-report-overdue": {
        "task": "refunds.tasks.report_overdue",
        "schedule": crontab(hour=8, minute=30),
    },
    # Outbox messages the web processes could not hand to the broker at once (Redis away);
    # a relay task older than the interval is dropped, the next one does its work.
    "outbox-relay": {
        "task": "outbox.relay",
        "schedule": timedelta(seconds=30),
        "options": {"expires": 25},
    },
    # A recompute run left "running" past RECOMPUTE_RUN_TIMEOUT_MINUTES is marked failed.
    "status-fail-stale-recompute-runs": {
        "task": "status.fail_stale_recompute_runs",
        "schedule": crontab(minute="*/15"),
    },
}
# Refund and debt-cancellation applications filed per client: "N/s|min|h|day".
REFUNDS_SUBMIT_RATE_LIMIT = env.str("REFUNDS_SUBMIT_RATE_LIMIT", default="10/hour")
# Documents of a refund or debt-cancellation application: the largest file, in megabytes, and
# how many files one application may carry (the forms' hints name these limits).
REFUNDS_DOCUMENT_MAX_MB = env.int("REFUNDS_DOCUMENT_MAX_MB", default=10)
REFUNDS_DOCUMENTS_MAX = env.int("REFUNDS_DOCUMENTS_MAX", default=5)
# IIN lookups per client (status page and API, clinics' attachment lookup): "N/s|min|h|day".
LOOKUP_RATE_LIMIT = env.str("LOOKUP_RATE_LIMIT", default="20/min")
# Searches per clinic registrar in their portal (each shows a person's name and status).
REGISTRAR_SEARCH_RATE_LIMIT = env.str("REGISTRAR_SEARCH_RATE_LIMIT", default="120/hour")
# Anonymous multipart POSTs (the application forms with their documents): the largest body
# accepted, refused from its headers before it is read (the forms take 5 files of 10 MB), and
# how many per client. deploy/nginx.conf applies the same size limit in front.
ANONYMOUS_UPLOAD_MAX_BYTES = env.int("ANONYMOUS_UPLOAD_MAX_BYTES", default=52 * 1024 * 1024)
ANONYMOUS_UPLOAD_RATE_LIMIT = env.str("ANONYMOUS_UPLOAD_RATE_LIMIT", default="30/hour")
# How long the page of a just-filed application stays readable in that browser, in seconds.
REFUNDS_SUBMITTED_PAGE_SECONDS = env.int("REFUNDS_SUBMITTED_PAGE_SECONDS", default=3600)
# Certificate checks per client (verification page and API, the PDF by code), so that codes
# cannot be enumerated: "N/s|min|h|day".
CERTIFICATE_VERIFY_RATE_LIMIT = env.str("CERTIFICATE_VERIFY_RATE_LIMIT", default="30/min")
# The FHIR eligibility API for clinic systems (eligibility/): the most requests one batch Bundle
# may hold, how many months back a serviced date may lie (0: only this month), and the rate
# limit (requests a minute; a batch counts each entry) a new clinic key gets unless staff set
# another on the key.
ELIGIBILITY_BATCH_LIMIT = env.int("ELIGIBILITY_BATCH_LIMIT", default=100)
ELIGIBILITY_LOOKBACK_MONTHS = env.int("ELIGIBILITY_LOOKBACK_MONTHS", default=12)
ELIGIBILITY_DEFAULT_REQUESTS_PER_MINUTE = env.int(
    "ELIGIBILITY_DEFAULT_REQUESTS_PER_MINUTE", default=600
)
# How many reverse proxies of ours stand in front of gunicorn (each appends X-Forwarded-For);
# 0: REMOTE_ADDR is the client (the header is ignored, so it cannot be spoofed).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Passwords, auth --------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Failed sign-ins (admin, registrars) are counted per client address and per username; either
# reaching the limit locks sign-in for the cool-off time (msqory/auth.py, django-axes).
AUTHENTICATION_BACKENDS = [
    "msqory.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "msqory.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "msqory.auth.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# No "AXES: BEGIN" banner in every command's output; failures and lock-outs are still logged.
AXES_VERBOSE = False
# Staff with a TOTP device always give its code; true: every staff member must have one.
ADMIN_REQUIRE_OTP = env.bool("ADMIN_REQUIRE_OTP", default=False)
OTP_TOTP_ISSUER = "msqory"
# The admin sits at a configurable path, away from the usual scanners' guesses.
ADMIN_URL = env.str("ADMIN_URL", default="admin/")

# --- Languages --------------------------------------------------------------------------------
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
# modeltranslation fills empty translations from Kazakh, then Russian.
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("kk", "ru")
# The admin's language tabs need jQuery UI; serve our copy (npm jquery-ui 1.13.3) rather than
# modeltranslation's default CDN, which the Content Security Policy blocks.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
LOCALE_PATHS = [
    BASE_DIR / "locale",
    # Strings that Django and third-party apps leave untranslated in kk/ru (admin, auth, forms,
    # history), kept apart so that makemessages never marks them obsolete in our catalogue.
    BASE_DIR / "locale" / "overrides",
]
FORMAT_MODULE_PATH = ["msqory.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded documents live outside any public URL; only views that check permissions serve them.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
# The largest amount one payment line of an import may hold, tenge: a larger one is an error.
PAYMENT_IMPORT_MAX_AMOUNT = env.str("PAYMENT_IMPORT_MAX_AMOUNT", default="1000000.00")

# --- Security ---------------------------------------------------------------------------------
# Everything is served by the portal itself: no CDN, no inline script, no inline style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# A form sent with a missing or stale token gets the portal's own page (msqory/error_responses.py).
CSRF_FAILURE_VIEW = "msqory.error_responses.csrf_failure"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# --- Mail -------------------------------------------------------------------------------------
_EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _EMAIL_OPTIONS = {
        "host": env.str("EMAIL_HOST", default="localhost"),
        "port": env.int("EMAIL_PORT", default=25),
        # Seconds to wait for the mail server: a hung server must not hold a worker.
        "timeout": env.int("EMAIL_TIMEOUT", default=10),
    }
elif _EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    # Django's file backend writes each message to a file in this folder.
    _EMAIL_OPTIONS = {"file_path": env.str("EMAIL_FILE_PATH")}
else:
    _EMAIL_OPTIONS = {}
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@msqory.example")

# --- Lapse warnings (notifications) ----------------------------------------------------------
# Absolute links in PDFs and e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# A warning goes out once the status will be lost within this many days (the last month of the
# grace period; the earlier months with an overdue month are warned on their first day).
WARNING_DAYS = env.int("WARNING_DAYS", default=30)
# The "how to pay" block: a payment shows in the status after this many working days.
PAYMENT_SHOWS_AFTER_WORKING_DAYS = env.int("PAYMENT_SHOWS_AFTER_WORKING_DAYS", default=3)
# Subscribing and typing SMS codes, per client (page and API share it): "N/s|min|h|day".
SUBSCRIPTIONS_RATE_LIMIT = env.str("SUBSCRIPTIONS_RATE_LIMIT", default="10/hour")
# Double opt-in: the e-mail link and the SMS code are valid this many hours; a code may be
# typed wrong this many times; what is not confirmed is deleted after this many days.
SUBSCRIPTION_CONFIRM_HOURS = env.int("SUBSCRIPTION_CONFIRM_HOURS", default=48)
SUBSCRIPTION_CODE_TRIES = env.int("SUBSCRIPTION_CODE_TRIES", default=5)
SUBSCRIPTION_UNCONFIRMED_DAYS = env.int("SUBSCRIPTION_UNCONFIRMED_DAYS", default=7)
# Limits against abuse: active subscriptions per IIN and per address, confirmation messages
# per address and calendar day.
SUBSCRIPTIONS_PER_IIN = env.int("SUBSCRIPTIONS_PER_IIN", default=3)
SUBSCRIPTIONS_PER_ADDRESS = env.int("SUBSCRIPTIONS_PER_ADDRESS", default=5)
CONFIRMATIONS_PER_ADDRESS_PER_DAY = env.int("CONFIRMATIONS_PER_ADDRESS_PER_DAY", default=3)
# A message that cannot be sent is tried this many times in all, then marked failed.
NOTIFICATION_SEND_ATTEMPTS = env.int("NOTIFICATION_SEND_ATTEMPTS", default=5)
# SMS: notifications.sms.ConsoleBackend, RecordingBackend (tests) or MobizonBackend (HTTP).
SMS_BACKEND = env.str("SMS_BACKEND", default="notifications.sms.ConsoleBackend")
SMS_PROVIDER_URL = env.str(
    "SMS_PROVIDER_URL", default="https://api.mobizon.kz/service/Message/SendSmsMessage"
)
SMS_PROVIDER_API_KEY = env.str("SMS_PROVIDER_API_KEY", default="")
SMS_SENDER = env.str("SMS_SENDER", default="")
SMS_PROVIDER_TIMEOUT = env.int("SMS_PROVIDER_TIMEOUT", default=10)
# No warning by SMS from START to END (Asia/Almaty): what falls in between waits for END.
SMS_QUIET_HOURS_START = env.str("SMS_QUIET_HOURS_START", default="20:00")
SMS_QUIET_HOURS_END = env.str("SMS_QUIET_HOURS_END", default="08:00")
CELERY_BEAT_SCHEDULE |= {
    # After the nightly recompute (02:00): choose and queue the day's warnings and notices.
    "notifications-send-status-warnings": {
        "task": "notifications.send_status_warnings",
        "schedule": crontab(hour=6, minute=0),
    },
    # Hand over what became due: SMS at the end of the quiet hours, retries.
    "notifications-request-due-deliveries": {
        "task": "notifications.request_due_deliveries",
        "schedule": crontab(minute="*/10"),
    },
    "notifications-delete-unconfirmed": {
        "task": "notifications.delete_unconfirmed",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON in, JSON out: no form or multipart parsing (no file uploads through the API).
    # DRF's, with a 400 for too deeply nested JSON (msqory/parsers.py); the size limit is
    # Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
    "DEFAULT_PARSER_CLASSES": ["msqory.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "msqory.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "msqory API",
    "DESCRIPTION": _("Public API of the compulsory social health insurance portal"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the errors any of them may answer (404, 405, 415, 500, 503).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "msqory.api.document_common_errors",
    ],
}

# --- Logging ----------------------------------------------------------------------------------
# plain: one readable line; json: one JSON object a line, for a log collector.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"},
        "json": {"()": "msqory.logformat.MaskedJsonFormatter"},
    },
    "filters": {
        "request_id": {"()": "msqory.logformat.RequestIdFilter"},
        # No full IIN in any log: every handler masks runs of 12+ digits (msqory/logmasking.py).
        "mask_iins": {"()": "msqory.logmasking.MaskIINFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "mask_iins"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # django-guid says at INFO, for every request, that it made an id up.
        "django_guid": {"level": "WARNING"},
        # WeasyPrint narrates every step of every PDF (certificates) at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        # Tasks run inline (the demo without Redis): a worker's "Task … succeeded" line after
        # every request would only clutter the console; a real worker still logs each task.
        **({"celery.app.trace": {"level": "WARNING"}} if CELERY_TASK_ALWAYS_EAGER else {}),
    },
}
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "EXPOSE_HEADER": False,
    "INTEGRATIONS": [CeleryIntegration()],
}

# --- Resilience, metrics ----------------------------------------------------------------------
# Set (gunicorn, several processes): every process writes its metrics to files in this folder
# and /metrics adds them up (prometheus_client reads the variable itself; it must exist).
if PROMETHEUS_MULTIPROC_DIR := env.str("PROMETHEUS_MULTIPROC_DIR", default=""):
    Path(PROMETHEUS_MULTIPROC_DIR).mkdir(parents=True, exist_ok=True)
# /metrics answers only with "Authorization: Bearer <METRICS_TOKEN>"; unset: /metrics is off.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Outbox (outbox/): a message sent to the broker and not done after this long is sent again;
# one that failed this many times waits for an operator (admin, RUNBOOK.md).
OUTBOX_REDELIVER_AFTER_SECONDS = env.int("OUTBOX_REDELIVER_AFTER_SECONDS", default=600)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
# Done messages are kept this long (for the admin), then removed by the relay.
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=7)
# A recompute run still "running" this long after it started is marked failed (the next run
# covers its persons); the nightly run of a million persons takes well under a minute.
RECOMPUTE_RUN_TIMEOUT_MINUTES = env.int("RECOMPUTE_RUN_TIMEOUT_MINUTES", default=120)

# The admin start page flags a year without a minimum wage or self-payer rule this many days
# before it is needed.
RULE_GAP_WARNING_DAYS = env.int("RULE_GAP_WARNING_DAYS", default=60)

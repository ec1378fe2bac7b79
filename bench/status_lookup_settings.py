"""Settings for bench/status_lookup.py's gunicorn: the portal plus a bare "hello" view."""

from msqory.test_settings import *  # noqa: F403

ROOT_URLCONF = "status_lookup_urls"

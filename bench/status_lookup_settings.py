"""Settings for bench/status_lookup.py's gunicorn: the portal plus a bare "hello" view."""

from msqory.test_settings import *  # noqa: F403

ROOT_URLCONF = "status_lookup_urls"
# The lookups read the streaming replica when DATABASE_REPLICA_URL names one (make bench starts
# one), as production's public reads do; the test settings keep them on the primary.
REPLICA_READS = True

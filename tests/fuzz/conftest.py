import pytest
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections


@pytest.fixture
def wsgi_app(db, settings):
    """The portal's real WSGI application, run in the test's process and transaction.

    As Django's test client does, the request signals leave the test's database connection
    open (its transaction is rolled back after the test); the lookup and certificate-check
    limits are out of the way (they have their own tests) so that every generated request
    reaches the endpoint.
    """
    settings.LOOKUP_RATE_LIMIT = "100000/min"
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = "100000/min"
    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        cache.clear()

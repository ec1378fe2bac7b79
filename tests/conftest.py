import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the portal's default language (Kazakh), whatever ran before it.

    A request through the test client leaves its language active in the thread; without this,
    a test's language would depend on the order tests run in.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached rules from one test never leak into the next."""
    cache.clear()

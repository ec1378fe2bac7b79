import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from msqory import ratelimit, redisguard
from msqory.roles import FUND_STAFF


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
    """Rate-limit counters and cached rules from one test never leak into the next, nor does a
    Redis outage a test made (the circuit breaker, the limiter counting in the process)."""
    from contributions import rulecache  # the models: only once Django is set up

    redisguard.breaker.close()
    ratelimit._local.share_again()
    cache.clear()
    # The process's copy too: a test that deleted rules (then rolled back) would otherwise leave
    # the next test, within rulecache.CHECK_EVERY, a table without them.
    rulecache.forget()


STAFF_USERNAME = "aigul"


@pytest.fixture
def staff_client(client, django_user_model):
    """The test client signed in as a member of the Fund staff role, as the migrations set it
    up (username STAFF_USERNAME)."""
    user = django_user_model.objects.create_user(STAFF_USERNAME, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=FUND_STAFF))
    client.force_login(user)
    return client

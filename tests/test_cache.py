"""The suite empties its cache before every test without wiping the Redis that REDIS_URL names."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="the cache is Redis only with it")


def test_emptying_the_cache_leaves_a_developers_own_redis_keys():
    redis = cache._cache.get_client(write=True)  # the database the cache lives in
    developers_key = f"developer-data-{uuid.uuid4().hex}"
    redis.set(developers_key, "keep", ex=60)
    cache.set("lookup-count", 3)
    try:
        cache.clear()
        assert cache.get("lookup-count") is None, "the tests' own keys are gone"
        assert redis.get(developers_key) == b"keep", "everything else stays"
    finally:
        redis.delete(developers_key)

"""The test suite's cache: Redis, where emptying the cache removes the suite's own keys only.

The portal's cache (redisguard.GuardedRedisCache, whose breaker this one keeps) empties itself
with FLUSHDB, the whole database REDIS_URL names: run against a developer's Redis, every
`cache.clear()` of the tests would wipe its data. Here every key carries the suite's KEY_PREFIX
(msqory/test_settings.py; the rate limiter's counters too), and clear() deletes those alone.
"""

import re

from django.core.exceptions import ImproperlyConfigured

from .redisguard import GuardedRedisCache

_GLOB_SPECIALS = re.compile(r"([*?\[\]\\])")


class PrefixScopedRedisCache(GuardedRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        if not self.key_prefix:
            raise ImproperlyConfigured("PrefixScopedRedisCache needs a KEY_PREFIX for clear().")

    def clear(self):
        client = self._cache.get_client(write=True)
        pattern = _GLOB_SPECIALS.sub(r"\\\1", self.key_prefix) + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
        return True

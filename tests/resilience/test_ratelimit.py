"""The portal-wide limiter: a sliding window, IPv6 by /64, and counting in the process while
Redis is away (logged once, in the metrics), shared again when it is back."""

import time

import pybreaker
import pytest

from msqory import metrics, ratelimit, redisguard


def _request(rf, address="203.0.113.7"):
    return rf.post("/", REMOTE_ADDR=address)


def test_the_window_slides_instead_of_resetting_on_the_clock(rf, settings):
    settings.LOOKUP_RATE_LIMIT = "2/min"
    assert ratelimit.hit(_request(rf)) is None
    time.sleep(1.2)
    assert ratelimit.hit(_request(rf)) is None
    wait = ratelimit.hit(_request(rf))
    # The first lookup leaves the window 60 s after it was made, whatever the clock minute.
    assert 57 <= wait <= 59


def test_a_client_is_allowed_again_once_its_oldest_request_leaves_the_window(rf, settings):
    settings.LOOKUP_RATE_LIMIT = "2/s"
    assert [ratelimit.hit(_request(rf)) for _ in range(2)] == [None, None]
    assert ratelimit.hit(_request(rf)) == 1
    time.sleep(1.05)
    assert ratelimit.hit(_request(rf)) is None


def test_ipv6_clients_are_counted_by_their_64_block(rf, settings):
    settings.LOOKUP_RATE_LIMIT = "1/min"
    assert ratelimit.hit(_request(rf, "2001:db8:1:2::1")) is None
    assert ratelimit.hit(_request(rf, "2001:db8:1:2:ffff::9")) is not None, "same /64"
    assert ratelimit.hit(_request(rf, "2001:db8:1:3::1")) is None, "another /64"
    assert ratelimit.client_key(_request(rf, "::ffff:203.0.113.9")) == "203.0.113.9"


@pytest.fixture
def redis_away(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    shared = settings.CACHES["default"]["LOCATION"]
    settings.CACHES = {
        "default": settings.CACHES["default"] | {"LOCATION": "redis://127.0.0.1:1/0"}
    }
    yield shared
    settings.CACHES = {"default": settings.CACHES["default"] | {"LOCATION": shared}}
    redisguard.breaker.close()


def test_while_redis_is_away_the_limit_is_counted_in_the_process(rf, settings, redis_away, caplog):
    settings.LOOKUP_RATE_LIMIT = "3/min"
    with caplog.at_level("WARNING", logger="msqory.ratelimit"):
        answers = [ratelimit.hit(_request(rf)) for _ in range(5)]
    assert answers[:3] == [None, None, None] and all(answers[3:]), "same rate, still enforced"
    assert ratelimit.falling_back()
    assert metrics.RATE_LIMIT_FALLBACK._value.get() == 1
    fallbacks = [r for r in caplog.records if "counted in this process" in r.getMessage()]
    assert len(fallbacks) == 1, "logged once, not on every lookup"


def test_when_redis_is_back_the_shared_count_is_used_again(rf, settings, redis_away):
    settings.LOOKUP_RATE_LIMIT = "3/min"
    ratelimit.hit(_request(rf))
    assert ratelimit.falling_back()
    settings.CACHES = {"default": settings.CACHES["default"] | {"LOCATION": redis_away}}
    redisguard.breaker.close()  # as after the breaker's pause, when Redis answers the trial
    assert ratelimit.hit(_request(rf)) is None
    assert not ratelimit.falling_back()
    assert metrics.RATE_LIMIT_FALLBACK._value.get() == 0
    assert redisguard.client().exists("ratelimit:lookup:203.0.113.7")


def test_after_a_failure_redis_is_not_even_asked(redis_away):
    client = redisguard.client()
    with pytest.raises(redisguard.UNAVAILABLE):
        client.ping()
    assert not redisguard.available()
    with pytest.raises(pybreaker.CircuitBreakerError):
        client.ping()

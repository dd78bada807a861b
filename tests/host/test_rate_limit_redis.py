"""With Redis configured, the per-IP login limit is shared by every worker."""

import secrets

import pytest

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
        return True
    except Exception:
        return False


@pytest.mark.skipif(not redis_available(), reason="Redis is not running on 127.0.0.1:6379")
def test_two_workers_share_the_login_limit(make_app, world):
    config = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"dj-test-{secrets.token_hex(4)}",
        "LOGIN_RATE_LIMIT": "3 per minute",
    }
    worker_a, worker_b = make_app(**config), make_app(**config)
    attempt = {"username": "zyadmin", "password": "wrong password"}
    statuses = [
        worker_a.test_client().post("/auth/login", data=attempt).status_code,
        worker_b.test_client().post("/auth/login", data=attempt).status_code,
        worker_a.test_client().post("/auth/login", data=attempt).status_code,
        worker_b.test_client().post("/auth/login", data=attempt).status_code,
    ]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys(f"*{config['RATELIMIT_KEY_PREFIX']}*")
    assert keys  # the counter lives in Redis, where every worker process sees it
    client.delete(*keys)

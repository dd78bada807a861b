"""The anonymous page cache: keyed on what a page reads, shared through Redis."""

from __future__ import annotations

import secrets

import pytest

from dangjian.db import db
from dangjian.sites import workflow

from ..test_rate_limit_redis import redis_available
from .visitor_helpers import add_post, site_for

REDIS_URL = "redis://127.0.0.1:6379/2"


@pytest.fixture
def site(app, world):
    return site_for(world.juvenile, brand_name="护航青春")


def test_junk_query_strings_share_one_entry(client, site):
    assert client.get("/zy/s/snt/").headers["X-Site-Cache"] == "miss"
    for junk in ("?a=1", "?utm_source=x&b=2", "?" + "z" * 500):
        assert client.get("/zy/s/snt/" + junk).headers["X-Site-Cache"] == "hit", junk


def test_news_pages_are_keyed_on_the_page_number_only(client, site):
    for n in range(12):
        add_post(site, f"新闻{n}")
    assert client.get("/zy/s/snt/news/?page=2").headers["X-Site-Cache"] == "miss"
    assert client.get("/zy/s/snt/news/?page=2&junk=1").headers["X-Site-Cache"] == "hit"
    assert client.get("/zy/s/snt/news/?junk=1&page=2").headers["X-Site-Cache"] == "hit"
    assert client.get("/zy/s/snt/news/").headers["X-Site-Cache"] == "miss"
    assert client.get("/zy/s/snt/news/?page=1&x=y").headers["X-Site-Cache"] == "hit"
    assert client.get("/zy/s/snt/news/?page=0").status_code == 404  # no such page (dangjian.inputs.page_arg)


@pytest.mark.skipif(not redis_available(), reason="Redis is not running on 127.0.0.1:6379")
def test_two_workers_share_the_cache_and_see_a_publish(make_app, world):
    prefix = f"dj-test-pages-{secrets.token_hex(4)}:"
    config = {"CACHE_REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    worker_a, worker_b = make_app(**config), make_app(**config)
    with worker_a.app_context():
        site = site_for(world.juvenile, brand_name="护航青春")
        add_post(site, "第一篇")
    try:
        assert worker_a.test_client().get("/zy/s/snt/").headers["X-Site-Cache"] == "miss"
        shared = worker_b.test_client().get("/zy/s/snt/?junk=1")
        assert shared.headers["X-Site-Cache"] == "hit"  # built by the other worker
        assert "第一篇" in shared.get_data(as_text=True)

        with worker_a.app_context():
            post = add_post(db.session.merge(site), "刚发布的新闻", live=False)
            workflow.publish(post, at=None)
            db.session.commit()
        for worker in (worker_b, worker_a):
            response = worker.test_client().get("/zy/s/snt/")
            assert "刚发布的新闻" in response.get_data(as_text=True)
        assert worker_a.test_client().get("/zy/s/snt/").headers["X-Site-Cache"] == "hit"
    finally:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = client.keys(prefix + "*")
        assert keys  # the pages lived in Redis
        client.delete(*keys)


def test_an_unreachable_redis_costs_only_the_cache(make_app, world, caplog):
    app = make_app(CACHE_REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        site_for(world.juvenile, brand_name="护航青春")
    response = app.test_client().get("/zy/s/snt/")
    assert response.status_code == 200 and "护航青春" in response.get_data(as_text=True)
    assert "page cache unavailable" in caplog.text

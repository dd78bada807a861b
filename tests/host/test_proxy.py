"""Behind a reverse proxy (PROXY_FIX_X_FOR trusted hops): the client's
address from X-Forwarded-For keys the login rate limit and the audit log;
with 0 hops (the default) the header is ignored and the peer counts."""

from __future__ import annotations

from flask import request

from .test_auth import build_site


def guess(client, address):
    return client.post(
        "/auth/login",
        data={"username": "nobody", "password": "wrong-guess"},
        headers={"X-Forwarded-For": address, "X-Forwarded-Proto": "https"},
    )


def proxied_site(make_app, hops):
    return build_site(make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", PROXY_FIX_X_FOR=hops))


def test_without_trusted_hops_the_header_is_ignored(make_app):
    site = proxied_site(make_app, 0)
    client = site.client()
    assert [guess(client, "10.0.0.1").status_code for _ in range(2)] == [200, 200]
    # Another claimed address does not get a fresh bucket: the peer is the same.
    assert guess(client, "10.0.0.2").status_code == 429
    assert {entry.ip for entry in site.audit("auth.login_failed")} == {"127.0.0.1"}


def test_one_trusted_hop_uses_the_client_address(make_app):
    site = proxied_site(make_app, 1)
    client = site.client()
    assert [guess(client, "10.0.0.1").status_code for _ in range(3)] == [200, 200, 429]
    assert guess(client, "10.0.0.2").status_code == 200  # another user behind the same proxy
    # The proxy appends the address it saw; only the last (trusted) hop counts.
    assert guess(client, "6.6.6.6, 10.0.0.3").status_code == 200
    assert [entry.ip for entry in site.audit("auth.login_failed")] == ["10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.3"]


def test_the_forwarded_scheme_counts_only_with_trusted_hops(make_app):
    """X-Forwarded-Proto makes url_for(_external=True) and secure cookies right behind HTTPS."""
    for hops, scheme in ((0, "http"), (1, "https")):
        app = make_app(PROXY_FIX_X_FOR=hops)
        app.add_url_rule("/scheme-probe", "scheme_probe", lambda: request.scheme)
        response = app.test_client().get(
            "/scheme-probe", headers={"X-Forwarded-For": "10.0.0.1", "X-Forwarded-Proto": "https"}
        )
        assert response.get_data(as_text=True) == scheme

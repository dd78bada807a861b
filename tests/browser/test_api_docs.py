"""接口文档 and 访问令牌 in a real browser: Swagger UI runs from this host
under the platform's CSP (a violation fails the test) and lists the API;
a token is created, shown once, and works."""

from __future__ import annotations

import re
import urllib.request

from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD


def test_the_reference_page_renders_without_leaving_the_host(world, live_server, page):
    outside: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server) or r.url.startswith("data:") else outside.append(r.url),
    )
    page.goto(f"{live_server}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("法院党建工作平台 JSON API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/{court_slug}/study/checkins").first).to_be_visible()
    assert outside == []


def test_a_token_made_on_the_page_is_shown_once_and_works(world, live_server, page):
    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=username]", world.member_user.username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile(r".*/auth/login.*"))
    page.goto(f"{live_server}/auth/tokens/")
    page.get_by_label("令牌名称").fill("我的测试令牌")
    page.get_by_label("读写").check()
    page.get_by_role("button", name="创建令牌").click()
    secret = page.get_by_label("新令牌").input_value()
    assert re.fullmatch(r"dj_[A-Za-z0-9_-]{40,}", secret)
    request = urllib.request.Request(f"{live_server}/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    with urllib.request.urlopen(request) as response:
        assert b'"username"' in response.read()
    page.goto(f"{live_server}/auth/tokens/")
    expect(page.locator(".fw-semibold", has_text="我的测试令牌")).to_be_visible()
    assert secret not in page.content()
    page.get_by_role("button", name="撤销").click()
    page.get_by_role("button", name="撤销令牌").click()
    expect(page.get_by_text("已撤销").first).to_be_visible()

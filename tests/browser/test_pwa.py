"""The installable web app in Chromium on a phone: the manifest parses and
the install conditions hold, the worker controls the site from "/", the
member's 我的学习 reads offline after one visit, and signing out empties
the kept pages (issue 17, "Installable web app")."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_study.models import StudyMaterial
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, REPORT_VIOLATIONS
from tests.factories import DEFAULT_PASSWORD

KEPT_PAGES = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith("dangjian-pages-")) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) found.push(new URL(request.url).pathname);
  }
  return found.sort();
}"""


@pytest.fixture
def phone(browser, tmp_path):
    """A phone with a real (not off-the-record) profile: Chromium never
    offers to install from an incognito context, so its installability
    check would always report "in-incognito" in the usual test contexts."""
    violations: list[str] = []
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        is_mobile=True,
        has_touch=True,
    )
    # What the suite's fixture does for browser.new_context (see conftest).
    context.add_init_script(script=REPORT_VIOLATIONS)
    context.on(
        "console", lambda message: violations.append(message.text) if "[CSP violation]" in message.text else None
    )
    page = context.pages[0] if context.pages else context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()
    assert not violations, violations


def wait_for(page, script, test, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if test(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_installable_and_readable_offline_on_a_phone(world, live_server, phone):
    modules.set_enabled(world.zy, "study", True)
    db.session.add(
        StudyMaterial(
            court_id=world.zy.id, title="红旗渠精神专题学习", kind="article", scope="court", body_html="<p>自力更生</p>"
        )
    )
    db.session.commit()

    phone.goto(f"{live_server}/auth/login")
    phone.fill("input[name=username]", "lxt")
    phone.fill("input[name=password]", DEFAULT_PASSWORD)
    phone.click("button[type=submit]")
    phone.goto(f"{live_server}/zy/")
    expect(phone.locator('link[rel="manifest"]')).to_have_attribute("href", "/manifest.webmanifest")

    scope = phone.evaluate("navigator.serviceWorker.ready.then(function (r) { return r.scope; })")
    assert scope == f"{live_server}/"
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")

    cdp = phone.context.new_cdp_session(phone)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{live_server}/manifest.webmanifest"
    assert manifest["errors"] == [], manifest["errors"]
    assert "法院党建工作平台" in manifest["data"]
    # Chromium settles its verdict once the worker controls the page.
    deadline = time.monotonic() + 10
    while (errors := cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert errors == [], errors

    # The worker fetched the member's pages for offline reading already.
    kept = wait_for(phone, KEPT_PAGES, lambda pages: len(pages) == 2)
    assert kept == ["/zy/inbox/", "/zy/study/"]

    phone.goto(f"{live_server}/zy/study/")
    expect(phone.get_by_role("heading", name="我的学习")).to_be_visible()
    expect(phone.locator("#djOffline")).to_be_hidden()

    phone.context.set_offline(True)
    phone.reload()
    expect(phone.get_by_role("heading", name="我的学习")).to_be_visible()
    expect(phone.get_by_text("红旗渠精神专题学习")).to_be_visible()
    expect(phone.locator("#djOffline")).to_be_visible()
    expect(phone.locator("#djOffline")).to_contain_text("当前处于离线状态")
    # Bootstrap and the icon font came from the cache too: the menu opens.
    phone.locator(".navbar-toggler").click()
    expect(phone.locator("#mainNav")).to_be_visible()
    # Other pages: the offline page, in Chinese.
    phone.goto(f"{live_server}/zy/")
    expect(phone.get_by_role("heading", name="当前无法连接到服务器")).to_be_visible()

    phone.context.set_offline(False)
    phone.goto(f"{live_server}/zy/")
    phone.locator(".navbar-toggler").click()
    phone.locator("#mainNav .dropdown-toggle").last.click()
    phone.get_by_role("button", name="退出登录").click()
    expect(phone.get_by_text("您已安全退出")).to_be_visible()
    assert wait_for(phone, KEPT_PAGES, lambda pages: pages == []) == []

    # Offline again: the last member's page is gone, only the offline page answers.
    phone.context.set_offline(True)
    phone.goto(f"{live_server}/zy/study/")
    expect(phone.get_by_role("heading", name="当前无法连接到服务器")).to_be_visible()
    expect(phone.get_by_text("红旗渠精神专题学习")).to_have_count(0)
    phone.context.set_offline(False)


CACHE_NAMES = "caches.keys().then(function (names) { return names.sort(); })"


def test_a_release_replaces_the_worker_and_its_caches_on_the_next_visit(world, live_server, phone, monkeypatch):
    import dangjian

    phone.goto(f"{live_server}/")
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")
    before = wait_for(phone, CACHE_NAMES, lambda names: any(name.startswith("dangjian-shell-") for name in names))
    assert any(name.startswith(f"dangjian-shell-{dangjian.__version__}-") for name in before), before

    monkeypatch.setattr(dangjian, "__version__", "99.0.0")  # the release
    phone.reload()  # the next visit: pwa.js registers again, the browser sees a new script
    after = wait_for(
        phone, CACHE_NAMES, lambda names: names and all(name.startswith("dangjian-shell-99.0.0-") for name in names)
    )
    assert after and all(name.startswith("dangjian-shell-99.0.0-") for name in after), after
    phone.wait_for_function("() => navigator.serviceWorker.controller?.state === 'activated'")
    assert phone.evaluate("navigator.serviceWorker.getRegistration().then(function (r) { return !r.waiting; })")

"""Real-browser fixtures: a live server in a thread and Debian's Chromium
driven by Playwright (no browser download: the intranet has no internet)."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("DANGJIAN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def live_server(bare_app):
    app = bare_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (scripts/test.sh installs it with apt-get when run as root)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


# Reported by every page and frame (init scripts run whatever the CSP says).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("[CSP violation] " + event.effectiveDirective + " blocked " + (event.blockedURI || "inline code") +
                " in " + event.documentURI + " (" + (event.sourceFile || "") + ":" + event.lineNumber + ") " +
                (event.sample || ""));
});
"""


@pytest.fixture(autouse=True)
def fail_on_csp_violations(request):
    """Every browser context a test opens reports Content-Security-Policy
    violations; the test fails at teardown if there was any.  A violation
    is a bug: move the inline script, style="" or on*= handler named in the
    message into a static file (see tests/host/test_security_headers.py)."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    violations: list[str] = []
    original = browser.new_context

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        context.add_init_script(script=REPORT_VIOLATIONS)

        def note(message):
            text = message.text
            if "[CSP violation]" in text or "Content Security Policy" in text:
                violations.append(f"{message.location.get('url', '')}: {text}")

        context.on("console", note)
        return context

    browser.new_context = new_context
    try:
        yield
    finally:
        browser.new_context = original
    if violations:
        pytest.fail(
            "Content-Security-Policy violations in the browser:\n" + "\n".join(dict.fromkeys(violations)), pytrace=False
        )


@pytest.fixture(params=[(390, 844), (1280, 800)], ids=["phone", "desktop"])
def page(browser, request):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()

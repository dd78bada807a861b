"""Every response carries the security headers and a strict CSP, and no
page carries inline code the CSP would block.

Walks app.url_map as an anonymous visitor and as the 中院 admin (pages,
redirects, 403s, 404s, static files).  A failure names the URL and what is
wrong; templates are also scanned so code that only renders with data is
caught too.  How to fix a finding: move scripts and styles into static files
(host: platform/dangjian/static/, plugin: its static/ folder), pass data in
data-* attributes, replace style="" with classes (app.css has utilities).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import url_for

from tests.host.test_route_inventory import (  # noqa: F401  (the fixture enables every module)
    build_url,
    methods_of,
    modules_enabled_in_zy,
    sign_in,
    view_rules,
)

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def header_problems(response) -> list[str]:
    problems = [
        f"{name}: {response.headers.get(name)!r}, expected {value!r}"
        for name, value in REQUIRED.items()
        if response.headers.get(name) != value
    ]
    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        return [*problems, "no Content-Security-Policy"]
    policy = directives(csp)
    if "sandbox" in policy:  # file downloads: stricter than the page policy
        return problems
    if "'unsafe-inline'" in policy.get("style-src", []):
        problems.append("style-src must not allow 'unsafe-inline' (pages with the editor: style-src-attr only)")
    if policy.get("script-src") != ["'self'"]:
        problems.append(f"script-src must be 'self' only, is {policy.get('script-src')}")
    for name, value in (
        ("default-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("frame-ancestors", ["'self'"]),
    ):
        if policy.get(name) != value:
            problems.append(f"{name} must be {value}, is {policy.get(name)}")
    return problems


class InlineCode(HTMLParser):
    """What in a page the CSP in force would block."""

    def __init__(self, csp: str):
        super().__init__()
        policy = directives(csp)
        self.inline_styles = "'unsafe-inline'" in policy.get("style-src", []) + policy.get("style-src-attr", [])
        self.found: list[str] = []
        self._in = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> (event handler attribute)")
        for name in ("href", "src", "action", "formaction"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={attrs[name]!r}> (javascript: URL)")
        if "style" in attrs and not self.inline_styles:
            self.found.append(f'<{tag} style="{attrs["style"]}">')
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self._in, self._text = "script", ""
        elif tag == "style":
            self._in, self._text = "style", ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag != self._in:
            return
        self.found.append(f"inline <{tag}>{self._text[:60]!r}")
        self._in = None


def inline_code(response) -> list[str]:
    if response.mimetype != "text/html" or response.status_code != 200:
        return []
    parser = InlineCode(response.headers.get("Content-Security-Policy", ""))
    parser.feed(response.get_data(as_text=True))
    return parser.found


def check(client, method, url, found):
    response = client.open(url, method=method, data={})
    for problem in header_problems(response) + inline_code(response):
        found.append(f"{method} {url} → {response.status_code}: {problem}")
    return response


def report(found):
    assert not found, "responses breaking the security headers / CSP:\n" + "\n".join(found[:60])


def test_every_route_as_anonymous_visitor(app, world):
    client, found = app.test_client(), []
    for rule in view_rules(app):
        for method in methods_of(rule):
            check(client, method, build_url(rule, world), found)
    check(client, "GET", "/no-such-page/", found)
    check(client, "GET", "/zy/s/no-such-branch/", found)
    report(found)


def test_every_page_as_court_admin(app, world):
    """GET only: the anonymous walk covers POSTs (and their redirects)."""
    client, found, statuses = app.test_client(), [], set()
    for rule in view_rules(app):
        if "GET" in rule.methods:
            sign_in(client, world.zy_admin.id)
            statuses.add(check(client, "GET", build_url(rule, world), found).status_code)
    report(found)
    assert {200, 302, 403, 404} <= statuses  # pages, redirects and refusals were all checked


def test_static_files(app):
    with app.test_request_context():
        urls = [
            url_for("static", filename="css/app.css"),
            url_for("static", filename="vendor/bootstrap/css/bootstrap.min.css"),
            url_for("static", filename="plugins/showcase/showcase.css"),
            url_for("static", filename="sites/themes/classic/theme.css"),
            url_for("static", filename="sites/assets/viewer.js"),
            url_for("static", filename="sites/colours/classic.css"),
            url_for("static", filename="no-such-file.css"),
            "/bootstrap/static/css/bootstrap.min.css",
        ]
    client, found = app.test_client(), []
    for url in urls:
        check(client, "GET", url, found)
    report(found)


def test_every_static_file_is_served_one_way(app):
    """One endpoint, one caching policy: url_for adds the file's version; the
    versioned URL may be kept a year, any other is revalidated."""
    client = app.test_client()
    with app.test_request_context():
        for filename in (
            "css/app.css",
            "vendor/bootstrap/js/bootstrap.min.js",
            "plugins/archives/archives.js",
            "sites/themes/modern/theme.css",
            "sites/assets/rich_editor.js",
        ):
            url = url_for("static", filename=filename)
            assert re.search(r"\?v=[a-p]{12}$", url), url
            versioned = client.get(url)
            assert versioned.status_code == 200, url
            assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
            plain = client.get(url.split("?")[0])
            assert plain.headers["Cache-Control"] == "public, no-cache", url
            assert client.get(url.split("?")[0] + "?v=aaaaaaaaaaaa").headers["Cache-Control"] == "public, no-cache"
            revalidated = client.get(url.split("?")[0], headers={"If-None-Match": plain.headers["ETag"]})
            assert revalidated.status_code == 304, url
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith(("/static", "/bootstrap"))}
    assert endpoints == {"static", "bootstrap.static"}  # Bootstrap-Flask's own rule answers through the same view
    assert app.view_functions["bootstrap.static"].__wrapped__.__module__ == "dangjian.static_files"
    for url in (
        "/static/plugins/showcase/../../app.py",
        "/static/plugins/nope/x.css",
        "/static/sites/themes/nope/a.css",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.fresh_app  # a route of its own, added before the first request
def test_each_kind_of_page_has_a_csp_without_inline_script(app, world, client):
    """A page of each kind: host page, plugin page, microsite page, editor
    page, 404, 500, redirect, static file."""
    from flask import abort

    from dangjian.access import PUBLIC, requires

    @requires(PUBLIC)
    def boom():
        abort(500)

    app.add_url_rule("/_boom", "boom", boom)

    sign_in(client, world.juvenile_editor.id)
    responses = {
        "host page": client.get("/zy/"),
        "plugin page": client.get("/zy/study/"),
        "microsite page": client.get("/zy/s/snt/"),
        "editor page": client.get(f"/zy/manage/sites/{world.juvenile.id}/posts/new"),
        "404": client.get("/zy/no-such-page/"),
        "500": client.get("/_boom"),
        "redirect": app.test_client().get("/zy/manage/users/"),
        "static file": client.get("/static/css/app.css"),
        "favicon": client.get("/favicon.ico"),
    }
    assert responses["500"].status_code == 500 and responses["redirect"].status_code == 302
    for kind, response in responses.items():
        policy = directives(response.headers.get("Content-Security-Policy", ""))
        assert policy.get("script-src") == ["'self'"], kind
        assert not any("unsafe" in word for word in policy.get("style-src", [])), kind
        assert not any(word.startswith("'sha256-") for word in policy.get("style-src", [])), kind
        assert not header_problems(response), kind
        assert not inline_code(response), kind


def test_only_editor_pages_allow_style_attributes(app, world):
    client = app.test_client()
    sign_in(client, world.juvenile_editor.id)
    editor = client.get(f"/zy/manage/sites/{world.juvenile.id}/posts/new")
    assert editor.status_code == 200 and b"data-rich-editor" in editor.data  # scripts/test.sh installs TinyMCE
    policy = directives(editor.headers["Content-Security-Policy"])
    assert policy["style-src-attr"] == ["'unsafe-inline'"] and policy["style-src"] == ["'self'"]
    other = client.get(f"/zy/manage/sites/{world.juvenile.id}/")
    assert "style-src-attr" not in directives(other.headers["Content-Security-Policy"])


TEMPLATE_PATTERNS = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"),
    "<style> block": re.compile(r"<style[\s>]"),
    "style attribute": re.compile(r"\sstyle=[\"']"),
    "event handler attribute": re.compile(r"\son[a-z]+=[\"']"),
    "javascript: URL": re.compile(r"javascript:", re.I),
}
TEMPLATE_EXCEPTIONS: set[tuple[str, str]] = set()


def test_templates_have_no_inline_code():
    """Every template of the host, the plugins, the themes and the example
    plugin: no inline script, <style>, style="", on…= or javascript: URL."""
    found = []
    for folder in ("platform", "plugins", "branch_sites", "tests/example_plugin"):
        for path in sorted((ROOT / folder).rglob("*.html")):
            if "node_modules" in path.parts:
                continue
            relative = path.relative_to(ROOT).as_posix()
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for what, pattern in TEMPLATE_PATTERNS.items():
                    if pattern.search(line) and (relative, what) not in TEMPLATE_EXCEPTIONS:
                        found.append(f"{relative}:{number}: {what}: {line.strip()[:100]}")
    assert not found, "the CSP blocks these (move them into static files):\n" + "\n".join(found)

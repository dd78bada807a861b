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

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

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
        style_src = policy.get("style-src", [])
        self.inline_styles = "'unsafe-inline'" in style_src + policy.get("style-src-attr", [])
        self.style_hashes = set(style_src)
        self.found: list[str] = []
        self._in = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> (event handler attribute)")
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
        if tag == "script":
            self.found.append(f"inline <script>{self._text[:60]!r}")
        else:
            digest = "'sha256-" + base64.b64encode(hashlib.sha256(self._text.encode()).digest()).decode() + "'"
            if digest not in self.style_hashes:
                self.found.append(f"<style> block without its hash in the CSP: {self._text[:60]!r}")
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
            url_for("bootstrap.static", filename="css/bootstrap.min.css"),
            url_for("plugin_static", plugin="showcase", filename="showcase.css"),
            url_for("static", filename="no-such-file.css"),
        ]
    client, found = app.test_client(), []
    for url in urls:
        check(client, "GET", url, found)
    report(found)


def test_a_microsite_page_keeps_its_theme_hash(client, world):
    response = client.get("/zy/s/snt/")
    assert response.status_code == 200
    policy = directives(response.headers["Content-Security-Policy"])
    assert any(value.startswith("'sha256-") for value in policy["style-src"])
    assert "'unsafe-inline'" not in policy["style-src"]
    assert not header_problems(response) and not inline_code(response)


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
}
# The theme layout's <style> holds the colour variables, allowed by their hash.
TEMPLATE_EXCEPTIONS = {("branch_sites/themes/default/templates/layout.html", "<style> block")}


def test_templates_have_no_inline_code():
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

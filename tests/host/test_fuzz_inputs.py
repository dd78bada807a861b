"""Malformed input never answers 5xx.

Every route of the URL map (host and modules) is visited as each role that
may use it, with out-of-range and odd numbers in its URL segments and in the
query parameters views read, impossible dates, and — for every form its page
shows — each field set to NaN, huge, negative, Unicode-digit and year-1 /
year-9999 values.  Deterministic (sorted rules, fixed values); the objects
are the route inventory's real 中院 objects.
"""

from __future__ import annotations

import re
import traceback
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest

from dangjian.access import PUBLIC, has_permission, view_permission
from dangjian.db import db

from .test_route_inventory import (  # noqa: F401 (the fixture switches every module on)
    VALUE_PARAMS,
    build_url,
    methods_of,
    modules_enabled_in_zy,
    sign_in,
    view_rules,
)

ROLES = (None, "member_user", "juvenile_secretary", "zy_admin", "platform_admin")
# In URL segments: beyond 64 bits, just beyond INTEGER, the largest 64-bit, and digits int() or isdigit() mistake.
SEGMENT_VALUES = ("99999999999999999999", "2147483648", "²")
SENTINEL = 8642097
NUMBER_PARAMS = (
    "page",
    "branch",
    "branch_id",
    "year",
    "type",
    "plan",
    "stars",
    "category",
    "parent",
    "index",
    "seconds",
    "month",
    "court",
    "level",
    "kind",
)
DATE_PARAMS = ("start", "end", "date_from", "date_to")
QUERY_VALUES = (  # (number, date) pairs sent together
    ("99999999999999999999", "0001-01-01"),
    ("9223372036854775807", "9999-12-31"),
    ("²", "2025-02-30"),
)
FORM_ROUNDS = (  # one POST each: (numbers and text, date fields, date-time fields)
    ("99999999999999999999", "0001-01-01", "0001-01-01T00:00"),
    ("sNaN", "9999-12-31", "9999-12-31T23:59"),
    ("-inf", "2025-02-30", "2025-02-30T25:00"),
    ("9223372036854775807", "10000-01-01", "10000-01-01T00:00"),
    ("-1", "-0001-01-01", "0000-00-00T00:00"),
    ("²", "２０２５-01-01", "NaN"),
)
SKIPPED_ACTIONS = re.compile(r"/(delete|remove|logout|undo)\b|/auth/")  # keep the world intact and signed in


class FormParser(HTMLParser):
    """POST forms of a page: action and (name, kind, value) of each control."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None or (not attrs.get("name") and tag != "option"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("file", "submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form["fields"].append(
                (attrs["name"], kind, attrs.get("value") or ("y" if kind == "checkbox" else ""))
            )
        elif tag == "select":
            self._select = [attrs["name"], "select", None]
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None and (self._select[2] is None or "selected" in attrs):
            self._select[2] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = [attrs["name"], "textarea", ""]
            self._form["fields"].append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[2] += data


def post_forms(html: str, url: str) -> list[tuple[str, list]]:
    parser = FormParser()
    parser.feed(html)
    forms = []
    for form in parser.forms:
        action = urlsplit(form["action"]).path or urlsplit(url).path
        if action.startswith("/") and not SKIPPED_ACTIONS.search(action):
            forms.append((action, [(name, kind, value or "") for name, kind, value in form["fields"]]))
    return forms


def mutations(fields) -> list[dict]:
    """Every field the user fills (and hidden ids) set to odd values by its kind, hidden values kept."""
    base, kinds = {}, {}
    for name, kind, value in fields:
        base.setdefault(name, []).append(value)
        if name != "csrf_token" and (kind != "hidden" or name.endswith("_id")):
            kinds[name] = kind
    rounds = []
    for number, day, moment in FORM_ROUNDS:
        odd = {"date": day, "datetime-local": moment, "month": day[:7]}
        rounds.append({**base, **{name: [odd.get(kind, number)] for name, kind in kinds.items()}})
    return rounds if kinds else []


def may_reach(rule, world, role) -> bool:
    user = getattr(world, role) if role else None
    permission = view_permission(rule_view(rule))
    court = world.zy if "court_slug" in rule.arguments else None
    return permission == PUBLIC or (user is not None and has_permission(user, permission, court))


def first_role(rule, world):
    """Forms are validated alike for everyone: each page's forms are posted by the least privileged role
    that sees the page (keeps the test within a minute); query parameters are sent as every role."""
    return next(role for role in ROLES if may_reach(rule, world, role))


def rule_view(rule):
    from flask import current_app

    return current_app.view_functions[rule.endpoint]


class Probe:
    def __init__(self, app, world, role):
        self.client, self.world, self.role, self.requests = app.test_client(), world, role, 0
        self.failures: list[str] = []

    def sign_in(self):
        # Once a route: a request may have ended the session (route inventory's way of signing in).
        if self.role:
            sign_in(self.client, getattr(self.world, self.role).id)

    def send(self, method, url, data=None):
        self.requests += 1
        try:  # testing apps re-raise a view's exception instead of answering 500
            response = self.client.open(url, method=method, data=data or {})
        except Exception as error:
            frame = traceback.extract_tb(error.__traceback__)[-1]
            origin = next(
                (
                    f
                    for f in reversed(traceback.extract_tb(error.__traceback__))
                    if "/platform/" in f.filename or "/plugins/" in f.filename
                ),
                frame,
            )
            self.failures.append(
                f"{self.role or 'anonymous'} {method} {url} {data or ''} → {error!r} "
                f"at {origin.filename}:{origin.lineno}"
            )
            db.session.rollback()
            return None
        if response.status_code >= 500:
            self.failures.append(f"{self.role or 'anonymous'} {method} {url} {data or ''} → {response.status_code}")
        return response


@pytest.mark.parametrize("role", ROLES)
def test_odd_query_parameters_and_forms_never_answer_5xx(app, world, role):
    probe = Probe(app, world, role)
    posted = set()
    for rule in sorted((r for r in view_rules(app) if may_reach(r, world, role)), key=lambda r: r.rule):
        url = build_url(rule, world)
        if "GET" not in methods_of(rule):
            continue
        probe.sign_in()
        for number, day in QUERY_VALUES:
            query = {**{name: number for name in NUMBER_PARAMS}, **{name: day for name in DATE_PARAMS}}
            probe.send("GET", f"{url}?{urlencode(query)}")
        page = probe.send("GET", url)
        if page is None or page.status_code != 200 or page.mimetype != "text/html" or first_role(rule, world) != role:
            continue
        for action, fields in post_forms(page.get_data(as_text=True), url):
            if (action, tuple(name for name, _, _ in fields)) in posted:
                continue
            posted.add((action, tuple(name for name, _, _ in fields)))
            for data in mutations(fields):
                probe.send("POST", action, data)
    assert probe.requests > 50
    print(f"{role}: {probe.requests} requests")
    assert not probe.failures, "\n".join(probe.failures[:40])


def test_odd_url_segments_are_not_found(app, world):
    client = app.test_client()
    sign_in(client, world.platform_admin.id)
    failures, checked = [], 0
    for rule in sorted(view_rules(app), key=lambda r: r.rule):
        numbered = [
            name for name, converter in rule._converters.items() if type(converter).__name__ == "BoundedIntConverter"
        ]
        if not numbered:
            continue
        values = {**_named_values(rule), **{name: SENTINEL for name in numbered}}
        template = rule.build(values, append_unknown=False)[1]
        method = methods_of(rule)[0]
        for odd in SEGMENT_VALUES:
            response = client.open(template.replace(str(SENTINEL), odd), method=method, data={})
            checked += 1
            if response.status_code not in (404, 405):  # 405: the text matched another rule's name segment
                failures.append(f"{method} {template} with {odd} → {response.status_code}")
    assert checked > 100
    assert not failures, "\n".join(failures[:40])


def _named_values(rule):
    return {name: "zy" if name == "court_slug" else VALUE_PARAMS.get(name, "x") for name in rule.arguments}


def test_known_cases(app, world, client):
    """The cases found by hand, each answered without a server error."""
    from tests.conftest import sign_in as sign_in_session

    ids = world.module_objects
    sign_in_session(app, client, world.zy_admin)
    assert client.get("/zy/s/snt/news/99999999999999999999/").status_code == 404
    assert client.get("/zy/s/snt/news/?page=9223372036854775807").status_code == 404
    for year in ("-1", "10000"):
        assert client.get(f"/zy/archives/?year={year}").status_code == 404
        assert client.get(f"/zy/archives/documents/?year={year}").status_code == 404
    audit = client.get("/zy/manage/audit/?date_from=0001-01-01&date_to=9999-12-31")
    assert audit.status_code == 200 and "日期超出范围" in audit.get_data(as_text=True)
    assert client.get("/zy/study/stats?end=9999-12-31").status_code == 404
    assert client.get("/zy/manage/members/?branch=²").status_code == 200  # an unknown filter is dropped
    assert client.get("/zy/showcase/?stars=²").status_code == 200
    position = client.post(
        f"/zy/manage/sites/{world.juvenile.id}/albums/{ids['album_id']}/photos",
        data={f"position_{ids['photo_id']}": str(2**63 - 1)},
        follow_redirects=True,
    )
    assert position.status_code == 200 and "照片排序须是 0 到 9999 的整数" in position.get_data(as_text=True)
    scheduled = client.post(
        f"/zy/manage/sites/{world.juvenile.id}/posts/{ids['post_id']}/publish",
        data={"p-publish_at": "0001-01-01T00:00"},
        follow_redirects=True,
    )
    assert scheduled.status_code == 200 and "日期超出范围" in scheduled.get_data(as_text=True)
    sign_in_session(app, client, world.juvenile_secretary)
    hours = client.post(
        "/zy/study/sessions/new",
        data={"held_on": "2025-03-10", "topic": "集中学习", "hours": "sNaN", "attendees": [world.juvenile_member.id]},
    )
    assert hours.status_code < 500 and "请填写有效的数字" in hours.get_data(as_text=True)

"""Automated accessibility check: axe-core (from npm, node_modules/axe-core)
over the main pages of every role, in one browser, one sign-in per role.

axe is injected with ``page.evaluate`` rather than a <script> tag: pages carry
a strict Content-Security-Policy that would block an inline script element.
A page passes with no serious or critical violation; a failure lists each
violation with the page, the rule, the help text and the offending elements.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dangjian.modules import services as modules
from dangjian_development.services import ensure_steps
from tests.factories import DEFAULT_PASSWORD
from tests.host.sites.visitor_helpers import add_post, site_for
from tests.plugins.archives.conftest import add_meeting
from tests.plugins.development.conftest import make_candidate, walk
from tests.plugins.redculture.conftest import make_activity
from tests.plugins.study.conftest import make_checkin, make_material

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") if AXE.is_file() else ""
MODULES = ("study", "archives", "redculture", "showcase", "development")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
BLOCKING = {"serious", "critical"}

# role -> (username or None for an anonymous visitor, [(path, also on a phone)])
PAGES = {
    "anonymous": (
        None,
        [
            ("/", True),
            ("/zy/", False),
            ("/zy/s/snt/", True),
            ("/zy/s/snt/news/{post_id}/", False),
            ("/zy/s/bgs/", False),
            ("/zy/s/snt/news/", False),
            ("/zy/showcase/", False),
            ("/auth/login", True),
        ],
    ),
    "member": (
        "lxt",
        [
            ("/zy/", True),
            ("/zy/study/", True),
            ("/zy/study/checkin", False),
            ("/zy/manage/members/me", False),
        ],
    ),
    "secretary": (
        "sntsj",
        [
            ("/zy/archives/", False),
            ("/zy/archives/meetings/new", True),
            ("/zy/archives/meetings/{meeting_id}/", False),
            ("/zy/manage/members/", False),
            ("/zy/manage/org/", False),
            ("/zy/development/", False),
            ("/zy/development/candidates/{candidate_id}", True),
        ],
    ),
    "editor": (
        "sntbj",
        [
            ("/zy/manage/sites/{juvenile_id}/", False),
            ("/zy/manage/sites/{juvenile_id}/brand", False),
            ("/zy/manage/sites/{juvenile_id}/posts/", False),
        ],
    ),
    "court_admin": (
        "zyadmin",
        [
            ("/zy/", False),
            ("/zy/manage/users/", False),
            ("/zy/manage/users/new", False),
            ("/zy/manage/modules/", False),
            ("/zy/archives/stats/", False),
            ("/zy/study/stats", True),
            ("/zy/redculture/stats", False),
            ("/zy/redculture/", False),
            ("/zy/showcase/reviews", False),
            ("/zy/showcase/screen", False),
            ("/zy/development/stats", False),
            ("/zy/development/steps", False),
            ("/zy/development/templates", False),
        ],
    ),
    "platform_admin": ("platform", [("/admin/courts/", False), ("/admin/modules/", True), ("/admin/audit/", False)]),
}


def run_axe(page) -> list[dict]:
    """The serious and critical violations on the current page."""
    # Rich editors finish building their toolbars after the load event.
    page.wait_for_function("() => !window.tinymce || tinymce.get().every(editor => editor.initialized)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary.split('\\n').slice(1).join(' '))})))"
    )
    return [item for item in result if item["impact"] in BLOCKING]


def describe(found: list[tuple[str, dict]]) -> str:
    lines = [f"{len(found)} serious/critical accessibility violation(s):"]
    for where, item in found:
        lines.append(f"- {where}: [{item['impact']}] {item['id']} — {item['help']}")
        lines.extend(f"    {target}" for target in item["targets"])
    return "\n".join(lines)


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.skipif(not AXE_SOURCE, reason="node_modules/axe-core not installed (npm ci)")
@pytest.mark.parametrize("role", list(PAGES))
def test_main_pages_have_no_serious_accessibility_violations(role, world, live_server, browser):
    for name in MODULES:
        modules.set_enabled(world.zy, name, True)
    # Something in every list and chart, so rows and bars are checked too.
    today = date.today()
    meeting = add_meeting(world.juvenile, "general", today, present=1)
    make_checkin(world.juvenile_member, today, make_material(world.zy), reflection="学习党章，践行司法为民。")
    make_activity(world.zy, branches=[world.juvenile], held_on=today, attended=[world.juvenile_member])
    site = site_for(world.juvenile, brand_name="护航青春", slogan="用心守护 用爱护航", theme="classic")
    post = add_post(site, "法治进校园走进第一中学", body="<p>巡讲团为同学们上了一堂法治课。</p>")
    site_for(world.office, brand_name="服务先锋", theme="modern")
    ensure_steps(world.zy)
    candidate = make_candidate(world)
    walk(world, candidate, upto="approve")
    values = {
        "post_id": post.id,
        "juvenile_id": world.juvenile.id,
        "meeting_id": meeting.id,
        "candidate_id": candidate.id,
    }

    username, pages = PAGES[role]
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10000)
    found = []
    try:
        if username:
            sign_in(page, live_server, username)
        for path, on_phone in pages:
            url = live_server + path.format(**values)
            sizes = [("desktop", DESKTOP)] + ([("phone", PHONE)] if on_phone else [])
            for size_name, size in sizes:
                page.set_viewport_size(size)
                response = page.goto(url)
                assert response.status == 200, f"{url} answered {response.status}"
                found.extend((f"{path} ({size_name})", item) for item in run_axe(page))
    finally:
        context.close()
    assert not found, describe(found)


# Contrast of the links in a bar against every colour of its background
# (axe leaves text on gradients unchecked), and the ring a focused link gets.
NAV_JS = """([links, bar]) => {
  const rgb = text => (text.match(/rgba?\\([^)]*\\)/g) || []).map(c => c.match(/[\\d.]+/g).map(Number));
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const over = (fg, bg) => { const a = fg.length > 3 ? fg[3] : 1; return [0, 1, 2].map(i => fg[i] * a + bg[i] * (1 - a)); };
  const style = getComputedStyle(document.querySelector(bar));
  const stops = rgb(style.backgroundImage).concat(rgb(style.backgroundColor)).filter(c => c.length < 4 || c[3] > 0);
  const worst = fg => Math.min(...stops.map(bg => ratio(over(fg, bg), bg)));
  const texts = [...document.querySelectorAll(links)].filter(a => a.offsetParent && !a.classList.contains('active'))
    .map(a => worst(rgb(getComputedStyle(a).color)[0]));
  const focused = document.activeElement, ring = getComputedStyle(focused);
  return {text: Math.min(...texts), links: texts.length, focused: focused.matches(links),
          ring: ring.outlineStyle === 'none' ? 0 : parseFloat(ring.outlineWidth),
          ringContrast: ring.outlineStyle === 'none' ? 0 : worst(rgb(ring.outlineColor)[0])};
}"""

LAYOUTS = [
    # (page, skip-link target, nav links, the bar they sit on)
    ("/zy/", "#main", ".dj-navbar .nav-link", ".dj-navbar"),
    ("/zy/s/snt/", "#site-main", ".site-nav .nav-link", ".site-navbar"),
    ("/zy/s/bgs/", "#site-main", ".site-nav .nav-link", ".modern-header"),
]


def test_skip_link_nav_contrast_and_focus_ring(world, live_server, browser):
    site_for(world.juvenile, brand_name="护航青春", theme="classic")
    site_for(world.office, brand_name="服务先锋", theme="modern")
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10000)
    try:
        for path, target, links, bar in LAYOUTS:
            page.goto(live_server + path)
            page.keyboard.press("Tab")
            skip = page.evaluate(
                "() => { const a = document.activeElement, box = a.getBoundingClientRect();"
                " return {text: a.textContent.trim(), href: a.getAttribute('href'), width: box.width}; }"
            )
            assert skip["text"] == "跳到正文" and skip["href"] == target and skip["width"] > 20, (path, skip)
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            assert page.evaluate(f"() => document.querySelector('{target}').contains(document.activeElement)"), path

            page.goto(live_server + path)
            for _ in range(6):
                page.keyboard.press("Tab")
                if page.evaluate(f"() => document.activeElement.matches('{links}')"):
                    break
            nav = page.evaluate(NAV_JS, [links, bar])
            assert nav["links"] and nav["text"] >= 4.5, (path, nav)
            assert nav["focused"] and nav["ring"] >= 2 and nav["ringContrast"] >= 3, (path, nav)
    finally:
        context.close()

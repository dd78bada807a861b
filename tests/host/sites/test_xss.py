"""Stored XSS: what editors type never becomes script, handler, dangerous
URL, SVG, iframe or style on a visitor's page, and never a template."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from dangjian.db import db
from dangjian.sites import menus, revisions, workflow
from dangjian.sites.errors import SiteError

from .visitor_helpers import add_album, add_honour, add_page, add_post, site_for, stored_image

PAYLOADS = [
    '<script>alert("xss-script")</script>',
    '<img src="x" onerror="alert(\'xss-onerror\')">',
    "<a href=\"javascript:alert('xss-js')\">点我</a>",
    '<a href="JaVaScRiPt:alert(1)">大小写</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">',
    '<a href="data:text/html,<script>alert(1)</script>">数据</a>',
    "<svg onload=\"alert('xss-svg')\"><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example/"></iframe>',
    '<style>body{display:none}</style><p style="background:url(javascript:alert(1))">样式</p>',
    '<p onclick="alert(1)" onmouseover="alert(2)">事件</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="evil.swf"></object><embed src="evil.swf"><form action="/evil"><input name="x"></form>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
]
DANGEROUS_TAGS = {
    "script",
    "svg",
    "iframe",
    "object",
    "embed",
    "math",
    "base",
    "meta",
    "style",
    "form",
    "input",
    "link",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset"}


class TagAudit(HTMLParser):
    """Collects what the browser would treat as markup (escaped text is
    harmless and ignored)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if not self.in_body:
            return
        attributes = dict(attrs)
        if tag in DANGEROUS_TAGS and not (
            tag == "script" and (attributes.get("src") or "").startswith(("/bootstrap/", "/static/"))
        ):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.problems.append(f"{tag}[{name}={value[:30]}]")
            if value and "evil.example" in value:
                self.problems.append(f"{tag}[{name}] → evil")


def assert_clean(html: str) -> None:
    audit = TagAudit()
    audit.feed(html)
    assert not audit.problems, audit.problems
    assert "xss-" not in re.sub(r"&[#\w]+;", "", "".join(re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)))


@pytest.fixture
def site(app, world):
    return site_for(world.juvenile, brand_name="护航青春")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_rich_text_never_reach_visitors(client, site, payload):
    post = add_post(site, "新闻", body=f"<p>正文</p>{payload}", summary=payload)
    page = add_page(site, "about", "介绍", body=payload)
    for url in ("/zy/s/snt/", "/zy/s/snt/news/", f"/zy/s/snt/news/{post.id}/", "/zy/s/snt/p/about/"):
        assert_clean(client.get(url).get_data(as_text=True))
    assert page.live_revision.body == revisions.sanitize_html(payload) if hasattr(revisions, "sanitize_html") else True


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_stored_raw_are_sanitised_again_on_render(client, site, payload):
    """A revision row written past the services (an old import, a DB edit)
    is still cleaned when shown."""
    post = add_post(site, "新闻")
    post.live_revision.body = payload
    site.meaning = site.vehicle = site.impact = payload
    site.bump()
    db.session.commit()
    for url in ("/zy/s/snt/", f"/zy/s/snt/news/{post.id}/"):
        assert_clean(client.get(url).get_data(as_text=True))


@pytest.mark.parametrize("payload", PAYLOADS[:3] + PAYLOADS[6:9])
def test_payloads_in_plain_fields_are_escaped(client, world, site, payload):
    site.brand_name, site.slogan = payload[:40], payload[:120]
    add_post(site, payload[:200], summary=payload)
    add_honour(site, payload[:120], awarding_body=payload[:120])
    add_album(site, payload[:120], [stored_image(world.zy)], description=payload)
    db.session.commit()
    for url in ("/zy/s/snt/", "/zy/s/snt/news/", "/zy/s/snt/honours/", "/zy/s/snt/albums/", "/zy/"):
        html = client.get(url).get_data(as_text=True)
        assert_clean(html)


def test_editor_text_is_never_rendered_as_a_template(client, site):
    post = add_post(
        site,
        "{{ 7*7 }}{% if true %}模板{% endif %}",
        body="<p>{{ config.SECRET_KEY }}</p>",
        summary="{{ ''.__class__ }}",
    )
    site.slogan = "{{ request.environ }}"
    site.bump()
    db.session.commit()
    html = client.get(f"/zy/s/snt/news/{post.id}/").get_data(as_text=True)
    assert "{{ 7*7 }}" in html and "49" not in html
    assert "{{ config.SECRET_KEY }}" in html and "test-secret-key" not in html
    assert "{{ request.environ }}" in client.get("/zy/s/snt/").get_data(as_text=True)


def test_menu_links_cannot_carry_javascript(client, site):
    with pytest.raises(SiteError):
        menus.add_menu_item(site, label="坏链接", url="javascript:alert(1)")
    with pytest.raises(SiteError):
        menus.add_menu_item(site, label="坏链接", url="//evil.example/")
    menus.add_menu_item(site, label="好链接", url="https://intranet.example/")
    db.session.commit()
    html = client.get("/zy/s/snt/").get_data(as_text=True)
    assert 'href="https://intranet.example/">好链接' in html


def test_theme_settings_cannot_inject_css_or_markup(client, site):
    site.theme_settings = {
        "primary_color": "#000000;}</style><script>alert(1)</script>",
        "footer_text": "<script>alert('footer')</script>",
    }
    site.bump()
    db.session.commit()
    html = client.get("/zy/s/snt/").get_data(as_text=True)
    assert "alert(1)" not in html
    assert "&lt;script&gt;alert(&#39;footer&#39;)&lt;/script&gt;" in html


def test_published_then_unpublished_post_disappears(client, site):
    post = add_post(site, "撤下的新闻", live=False)
    workflow.publish(post)
    db.session.commit()
    assert "撤下的新闻" in client.get("/zy/s/snt/").get_data(as_text=True)
    workflow.unpublish(post)
    db.session.commit()
    assert "撤下的新闻" not in client.get("/zy/s/snt/").get_data(as_text=True)
    assert client.get(f"/zy/s/snt/news/{post.id}/").status_code == 404

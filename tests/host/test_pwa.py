"""The installable web app over HTTP: manifest, icons, service worker,
offline page and the tags every page carries (issue 17, "Installable web
app"; the browser side is tests/browser/test_pwa.py)."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

import dangjian
from dangjian.db import db
from dangjian.modules import services as modules
from dangjian.pwa import icons

REQUIRED_MEMBERS = {"name", "short_name", "start_url", "scope", "display", "icons", "theme_color", "background_color"}


def settings_of(script: str) -> dict:
    match = re.match(r"const DJ = (\{.*?\});\n", script)
    assert match, script[:200]
    return json.loads(match.group(1))


def test_manifest_is_valid_json_with_the_required_members(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    assert "no-cache" in response.headers["Cache-Control"]
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest.keys() >= REQUIRED_MEMBERS
    assert manifest["name"] == "法院党建工作平台"
    assert manifest["scope"] == "/" and manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "zh-CN"
    assert manifest["theme_color"] == "#b8141b"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])


def test_manifest_icons_exist_and_are_pngs_of_the_stated_size(client):
    manifest = client.get("/manifest.webmanifest").get_json(force=True)
    sizes = set()
    for entry in manifest["icons"]:
        response = client.get(entry["src"])
        assert response.status_code == 200, entry
        assert response.mimetype == entry["type"] == "image/png"
        image = Image.open(io.BytesIO(response.data))
        assert image.format == "PNG"
        width, height = (int(part) for part in entry["sizes"].split("x"))
        assert image.size == (width, height)
        # Versioned URL: kept for a year, like the static files.
        assert "immutable" in response.headers["Cache-Control"]
        sizes.add((entry["sizes"], entry["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_icons_are_drawn_from_the_emblem(client):
    image = Image.open(io.BytesIO(client.get("/icons/icon-512.png").data)).convert("RGBA")
    assert image.getpixel((0, 0))[3] == 0  # transparent corner: the emblem is round
    assert image.getpixel((256, 20))[:3] == (0xB8, 0x14, 0x1B)  # its red disc
    assert image.getpixel((256, 256))[:3] == (0xF3, 0xC3, 0x5B)  # the gold star's centre
    maskable = Image.open(io.BytesIO(client.get("/icons/maskable-512.png").data)).convert("RGB")
    assert maskable.getpixel((0, 0)) == (0xB8, 0x14, 0x1B)  # full bleed: no transparent corner
    apple = client.get("/apple-touch-icon.png")
    assert apple.status_code == 200 and Image.open(io.BytesIO(apple.data)).size == (180, 180)
    assert "immutable" not in apple.headers["Cache-Control"]  # unversioned URL
    assert client.get("/icons/nothing.png").status_code == 404


def test_an_emblem_with_shapes_the_maker_cannot_draw_is_refused():
    with pytest.raises(ValueError):
        icons.render(
            icons.ICONS["icon-192.png"], b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><text/></svg>'
        )
    with pytest.raises(ValueError):
        icons.path_points("M0 0c1 1 2 2 3 3z")
    assert icons.path_points("M1 1l2 0 0 2z") == [[(1.0, 1.0), (3.0, 1.0), (3.0, 3.0)]]


def test_service_worker_is_served_from_the_root_and_never_cached_long(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    cache_control = response.headers["Cache-Control"]
    assert "no-cache" in cache_control and "max-age=0" in cache_control
    assert "immutable" not in cache_control
    script = response.get_data(as_text=True)
    settings = settings_of(script)
    assert settings["version"].startswith(dangjian.__version__ + "-")
    assert "skipWaiting" in script and "clients.claim" in script
    # The shell is the versioned static URLs the pages use.
    page = client.get("/").get_data(as_text=True)
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', page):
        assert url.replace("&amp;", "&") in settings["shell"], url
    assert any(".woff2" in url for url in settings["shell"])
    for url in settings["shell"] + [settings["offline"]]:
        assert client.get(url).status_code == 200, url
    assert settings["logout"] == "/auth/logout"


def test_worker_cache_name_changes_with_the_app_version(client, monkeypatch):
    before = settings_of(client.get("/sw.js").get_data(as_text=True))["version"]
    monkeypatch.setattr(dangjian, "__version__", "99.0.0")
    after = settings_of(client.get("/sw.js").get_data(as_text=True))["version"]
    assert after != before and after.startswith("99.0.0-")


def test_worker_cache_name_changes_with_the_static_files(client, monkeypatch):
    from dangjian import static_files

    before = settings_of(client.get("/sw.js").get_data(as_text=True))
    real_version = static_files.version
    monkeypatch.setattr(
        static_files, "version", lambda path: "changed" if path.endswith("app.css") else real_version(path)
    )
    after = settings_of(client.get("/sw.js").get_data(as_text=True))
    assert after["version"] != before["version"]
    assert any("app.css?v=changed" in url for url in after["shell"])


def test_worker_keeps_only_the_members_study_and_todo_pages(client, world):
    patterns = [re.compile(source) for source in settings_of(client.get("/sw.js").get_data(as_text=True))["pages"]]

    def kept(path):
        return any(pattern.search(path) for pattern in patterns)

    assert kept("/zy/inbox/") and kept("/zy/study/") and kept("/wf/study/")
    for path in ("/zy/", "/zy/study/materials", "/zy/inbox/notifications/", "/zy/manage/members/me", "/"):
        assert not kept(path), path


def test_every_page_links_the_manifest_and_the_worker_script(client, world, login_as):
    modules.set_enabled(world.zy, "study", True)
    db.session.commit()
    anonymous = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in anonymous
    assert '<meta name="theme-color" content="#b8141b">' in anonymous
    assert '<meta name="apple-mobile-web-app-capable" content="yes">' in anonymous
    assert re.search(r'<link rel="apple-touch-icon" href="/icons/apple-touch-icon.png\?v=[a-p]+">', anonymous)
    assert re.search(
        r'<script src="/static/js/pwa.js\?v=[a-p]+" data-worker="/sw.js" data-offline-pages="">', anonymous
    )
    login_as(world.member_user)
    page = client.get("/zy/").get_data(as_text=True)
    assert 'data-offline-pages="/zy/inbox/ /zy/study/"' in page
    assert '<form method="post" action="/auth/logout" data-dj-logout>' in page
    # Another court, where the member has no role: nothing to keep there.
    assert 'data-offline-pages="/wf/study/"' not in client.get("/wf/").get_data(as_text=True)


def test_offline_page_is_in_chinese_and_public(client, world, login_as):
    response = client.get("/offline")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "当前无法连接到服务器" in text and "我的学习" in text and "我的待办" in text
    assert 'lang="zh-CN"' in text


def test_the_csp_names_the_worker_and_the_manifest(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "worker-src 'self'" in csp and "manifest-src 'self'" in csp


def test_an_account_that_must_change_its_password_still_gets_the_app_files(client, world, login_as):
    world.member_user.must_change_password = True
    db.session.commit()
    login_as(world.member_user)
    assert client.get("/zy/").status_code == 302
    for url in ("/sw.js", "/manifest.webmanifest", "/icons/icon-192.png", "/offline"):
        assert client.get(url).status_code == 200, url


def test_reserved_words_are_not_court_slugs():
    from dangjian.courts.models import RESERVED_SLUGS

    assert {"icons", "offline"} <= RESERVED_SLUGS

"""The manifest, the icons, the service worker and the offline page.

The worker's script is ``sw.js`` next to this module with its settings
(cache name, app-shell URLs, the pages it may keep) written in front of it
per request: the shell URLs carry the static files' content versions, so a
release that changes any of them changes the script, the browser installs
the new worker on the next visit and the old caches go.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urljoin

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from .. import static_files
from ..access import PUBLIC, requires
from . import icons

bp = Blueprint("pwa", __name__)
WORKER = Path(__file__).resolve().parent / "sw.js"
# Browsers check the worker and the manifest for updates on every visit:
# a long HTTP cache would hold a release back.
REVALIDATE = "no-cache, max-age=0"
THEME_COLOUR = icons.BACKGROUND
BACKGROUND_COLOUR = "#f6f4f1"  # app.css body background
SHORT_NAME = "法院党建"
# Static files every page loads (base.html and its includes).
SHELL_FILES = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/css/font/bootstrap-icons.min.css",
    "vendor/bootstrap/umd/popper.min.js",
    "vendor/bootstrap/js/bootstrap.min.js",
    "css/app.css",
    "js/app.js",
    "js/pwa.js",
    "img/emblem.svg",
)
# Pages a member reads offline: 我的待办 and 我的学习 of any court.
OFFLINE_ENDPOINTS = ("inbox.index", "study.index")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def icon_url(name: str) -> str:
    return url_for("pwa.icon", name=name, v=static_files.version(str(icons.EMBLEM)))


def _font_urls(css_filename: str) -> list[str]:
    """The icon font files the Bootstrap Icons stylesheet names (the
    browser asks for them with the stylesheet's own query strings)."""
    path = static_files.file_path(css_filename)
    if path is None:
        return []
    base = url_for("static", filename=css_filename).split("?")[0]
    found = [urljoin(base, ref) for ref in _CSS_URL.findall(Path(path).read_text(encoding="utf-8"))]
    woff2 = [url for url in found if ".woff2" in url]
    return list(dict.fromkeys(woff2 or found))


def shell_urls() -> list[str]:
    urls = [url_for("static", filename=name) for name in SHELL_FILES]
    urls += _font_urls("vendor/bootstrap/css/font/bootstrap-icons.min.css")
    urls += [icon_url("icon-192.png"), icon_url("apple-touch-icon.png")]
    return urls


def page_patterns() -> list[str]:
    """JavaScript regular expressions for the offline pages' paths, from the
    URL map (a plugin that is not installed adds none)."""
    patterns = []
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint in OFFLINE_ENDPOINTS:
            parts = re.split(r"<[^>]+>", rule.rule)
            patterns.append("^" + "[^/]+".join(re.escape(part) for part in parts) + "$")
    return sorted(patterns)


def worker_settings() -> dict:
    import dangjian

    settings = {
        "shell": shell_urls(),
        "offline": url_for("pwa.offline"),
        "pages": page_patterns(),
        "logout": url_for("auth.logout"),
        "login": url_for("auth.login"),
    }
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode() + WORKER.read_bytes()).hexdigest()[:12]
    settings["version"] = f"{dangjian.__version__}-{digest}"
    return settings


@bp.route("/manifest.webmanifest")
@requires(PUBLIC)
def manifest():
    icon_list = [
        {"src": icon_url(name), "sizes": f"{icon.size}x{icon.size}", "type": "image/png", "purpose": icon.purpose}
        for name, icon in icons.ICONS.items()
        if icon.purpose != "apple"
    ]
    body = {
        "id": "/",
        "name": current_app.config["APP_NAME"],
        "short_name": SHORT_NAME,
        "description": "全市法院党建工作：我的学习、待办与通知、三会一课、红色文化活动。",
        "lang": "zh-CN",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icon_list,
    }
    response = Response(json.dumps(body, ensure_ascii=False, indent=1), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = REVALIDATE
    return response


@bp.route("/icons/<name>")
@requires(PUBLIC)
def icon(name: str):
    if name not in icons.ICONS:
        abort(404)
    version = static_files.version(str(icons.EMBLEM))
    response = Response(icons.png(name, version), mimetype="image/png")
    response.headers["Cache-Control"] = (
        static_files.VERSIONED if request.args.get("v") == version else static_files.UNVERSIONED
    )
    return response


@bp.route("/apple-touch-icon.png")
@requires(PUBLIC)
def apple_touch_icon():
    # iOS asks for this path whatever the page links to.
    return icon("apple-touch-icon.png")


@bp.route("/sw.js")
@requires(PUBLIC)
def service_worker():
    script = "const DJ = " + json.dumps(worker_settings(), ensure_ascii=False) + ";\n" + WORKER.read_text("utf-8")
    response = Response(script, mimetype="text/javascript")
    response.headers["Cache-Control"] = REVALIDATE
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/offline")
@requires(PUBLIC)
def offline():
    response = Response(render_template("pwa/offline.html"))
    response.headers["Cache-Control"] = REVALIDATE
    return response

"""Rendering microsite pages: template resolution and caching.

Template resolution for a branch: its override folder
``<instance>/branch_sites/<court>/<branch>/`` (or ``branch_sites/<court>/<branch>/``
in a checkout) → its chosen theme → the default theme →
the host's templates (shared macros only).  What editors write is data
passed to these templates (sanitised HTML), never a template itself.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from pathlib import Path

from flask import Response, current_app, g
from flask_login import current_user
from jinja2 import ChoiceLoader, Environment, FileSystemLoader

from ..security import content_security_policy
from . import colours, content, themes, visitor

SAFE_SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


def override_folder(court_slug: str, branch_slug: str) -> Path | None:
    """The branch's own template folder, when a deployer created one."""
    if not (set(court_slug) <= SAFE_SLUG_CHARS and set(branch_slug) <= SAFE_SLUG_CHARS):
        return None  # never build a path from anything but a plain slug
    for root in themes.override_roots():
        folder = root / court_slug / branch_slug
        if folder.is_dir():
            return folder
    return None


def template_folders(court_slug: str, branch_slug: str, theme_name: str) -> list[Path]:
    theme = themes.get_theme(theme_name)
    folders = []
    override = override_folder(court_slug, branch_slug)
    if override is not None:
        folders.append(override)
    folders.append(theme.templates)
    default = themes.get_theme(themes.DEFAULT_THEME)
    if default.name != theme.name:
        folders.append(default.templates)
    return folders


def environment(court_slug: str, branch_slug: str, theme_name: str) -> Environment:
    """A Jinja environment for one branch's site (made once, then reused)."""
    folders = template_folders(court_slug, branch_slug, theme_name)
    key = tuple(str(folder) for folder in folders)
    envs = current_app.extensions.setdefault("dangjian.site_envs", {})
    env = envs.get(key)
    if env is None:
        host_loader = current_app.jinja_loader
        assert host_loader is not None  # the host package has its templates folder
        loader = ChoiceLoader([FileSystemLoader([str(f) for f in folders]), host_loader])
        env = current_app.jinja_env.overlay(loader=loader)
        envs[key] = env
    return env


def body_classes(theme, settings: dict) -> str:
    """Classes for the theme's choice and on/off settings (CSS hooks)."""
    classes = [f"site-theme-{theme.name}"]
    for setting in theme.settings:
        value = settings.get(setting.key)
        name = setting.key.replace("_", "-")
        if setting.type == "boolean":
            classes.append(f"site-{name}-{'on' if value else 'off'}")
        elif setting.type == "choice":
            classes.append(f"site-{name}-{value}")  # value is one of the manifest's choices
    return " ".join(classes)


def render_site_page(site, branch, template: str, **context) -> tuple[str, str]:
    """Render ``template`` in the branch's theme; returns ``(html, csp)``."""
    theme = themes.get_theme(site.theme)
    settings = themes.effective_settings(theme, site.theme_settings)
    env = environment(g.court.slug, branch.slug, theme.name)
    context.update(
        site=site,
        branch=branch,
        court=g.court,
        theme=theme,
        theme_settings=settings,
        theme_css_url=colours.stylesheet_url(theme, settings),
        body_classes=body_classes(theme, settings),
        menu_items=content.menu(site),
        album_cover=visitor.album_cover,
    )
    context.setdefault("active", "")
    current_app.update_template_context(context)
    html = env.get_template(template).render(context)
    return html, content_security_policy()


# --- the page cache (anonymous visitors only) ------------------------------------


class PageCache:
    """A small in-process LRU of rendered pages.

    Keys hold the site's content version (bumped on every publish,
    unpublish and brand change), so a publish makes older entries
    unreachable; they then age out.  A short lifetime keeps sections that
    modules contribute (figures that change without a publish) fresh.
    """

    def __init__(self, size: int = 512, seconds: float = 60.0) -> None:
        self.size, self.seconds = size, seconds
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            stored_at, value = item
            if time.monotonic() - stored_at > self.seconds:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def forget_site(self, site_id: int) -> None:
        with self._lock:
            for key in [k for k in self._items if k[0] == site_id]:
                del self._items[key]

    def __len__(self) -> int:
        return len(self._items)


class RedisPageCache:
    """The same cache in Redis, shared by every worker and host.

    Entries expire on their own (``SET … EX``); a publish needs no message to
    other workers because the key holds the content version.  Redis being
    away costs only the cache: the page is built and a warning logged.
    """

    def __init__(self, url: str, seconds: float = 60.0, prefix: str = "dangjian:pages:") -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.seconds, self.prefix = max(int(seconds), 1), prefix
        self._errors = redis.RedisError

    def _name(self, key) -> str:
        return self.prefix + hashlib.sha256(repr(key).encode()).hexdigest()

    def get(self, key):
        try:
            raw = self.client.get(self._name(key))
        except self._errors as error:
            current_app.logger.warning("page cache unavailable: %s", error)
            return None
        return tuple(json.loads(raw)) if raw else None

    def put(self, key, value) -> None:
        try:
            self.client.set(self._name(key), json.dumps(list(value)), ex=self.seconds)
        except self._errors as error:
            current_app.logger.warning("page cache unavailable: %s", error)


def page_cache() -> PageCache | RedisPageCache:
    cache = current_app.extensions.get("dangjian.site_cache")
    if cache is None:
        seconds = float(current_app.config.get("SITES_CACHE_SECONDS", 60))
        url = current_app.config.get("CACHE_REDIS_URL")
        if url:
            cache = RedisPageCache(url, seconds, current_app.config.get("CACHE_KEY_PREFIX") or "dangjian:pages:")
        else:
            cache = PageCache(int(current_app.config.get("SITES_CACHE_SIZE", 512)), seconds)
        current_app.extensions["dangjian.site_cache"] = cache
    return cache


def cache_key(site, path: str) -> tuple:
    return (site.id, site.content_version, str(site.updated_at), path)


def serve(site, path: str, build) -> Response:
    """Answer from the cache for anonymous visitors, else call ``build()``
    (which returns ``(html, csp)``) and keep its result.

    ``path`` names the page and only the query parameters it reads, so junk
    query strings share one entry instead of pushing good ones out."""
    cacheable = not current_user.is_authenticated and current_app.config.get("SITES_CACHE_ENABLED", True)
    key = cache_key(site, path)
    cached = page_cache().get(key) if cacheable else None
    if cached is None:
        html, csp = build()
        if cacheable:
            page_cache().put(key, (html, csp))
    else:
        html, csp = cached
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = csp
    # Shows in tests and in the browser's network panel whether a page was built.
    response.headers["X-Site-Cache"] = "hit" if cached is not None else "miss"
    return response

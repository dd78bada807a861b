"""The installable web app: manifest, icons, service worker, offline page.

Served from the site root (the worker's scope is ``/``); see
:mod:`dangjian.pwa.views` and the README section "手机与安装".
"""

from __future__ import annotations

from flask import Flask, g
from flask_login import current_user

from ..access import has_permission


def offline_pages() -> list[str]:
    """Template global: this court's pages the signed-in user may read
    offline (我的待办, 我的学习), for the worker to keep a copy of."""
    from flask import current_app, url_for

    from ..modules.services import is_enabled

    court = g.get("court")
    if court is None or not current_user.is_authenticated:
        return []
    pages = []
    if has_permission(current_user, "inbox.view", court):
        pages.append(url_for("inbox.index"))
    if (
        "study.index" in current_app.view_functions
        and is_enabled(court, "study")
        and has_permission(current_user, "study.view", court)
    ):
        pages.append(url_for("study.index"))
    return pages


def init_app(app: Flask) -> None:
    from .views import bp, icon_url

    app.register_blueprint(bp)
    app.jinja_env.globals["offline_pages"] = offline_pages
    app.jinja_env.globals["pwa_icon_url"] = icon_url

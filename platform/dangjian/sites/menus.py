"""Editing a microsite's menu (items link a page of the site or a safe URL)."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..audit.services import record
from ..db import db
from . import revisions
from .errors import SiteError
from .models import MenuItem, Site, SitePage


def clean_url(url: str | None) -> str:
    url = (url or "").strip()
    if re.match(r"^https?://[^\s<>\"]+$", url, re.IGNORECASE) or re.match(r"^/(?!/)[^\s<>\"]*$", url):
        return url[:300]
    raise SiteError("链接须以 http://、https:// 或 / 开头（本系统内的地址）。", field="url")


def new_entry(*, label: str, page: SitePage | None = None, url: str | None = None) -> dict:
    """A checked menu entry: ``{"label", "page_id", "url"}``."""
    label = (label or "").strip()[:40]
    if page is None and not (url or "").strip():
        raise SiteError("请选择一个栏目页面，或填写链接地址。", field="page_id")
    if not label:
        label = revisions.title_of(page) if page is not None else ""
        if not label:
            raise SiteError("请填写菜单名称。", field="label")
    return {"label": label, "page_id": page.id if page else None, "url": None if page else clean_url(url)}


def add_menu_item(
    site: Site, *, label: str, page: SitePage | None = None, url: str | None = None, user=None
) -> MenuItem:
    entry = new_entry(label=label, page=page, url=url)
    last = db.session.scalar(select(func.max(MenuItem.position)).where(MenuItem.site_id == site.id)) or 0
    item = MenuItem(site_id=site.id, position=last + 1, **entry)
    db.session.add(item)
    _menu_changed(site, f"添加菜单项“{entry['label']}”", user)
    return item


def move_menu_item(site: Site, item: MenuItem, offset: int, user=None) -> None:
    items = list(
        db.session.scalars(select(MenuItem).where(MenuItem.site_id == site.id).order_by(MenuItem.position, MenuItem.id))
    )
    index = items.index(item)
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    for position, each in enumerate(items, start=1):
        each.position = position
    _menu_changed(site, f"调整菜单项“{item.label}”的顺序", user)


def delete_menu_item(site: Site, item: MenuItem, user=None) -> None:
    db.session.delete(item)
    _menu_changed(site, f"删除菜单项“{item.label}”", user)


def _menu_changed(site: Site, summary: str, user) -> None:
    site.bump()
    record("site.menu", f"{site.branch.name}：{summary}", target=site, court=site.branch.court, user=user)
    db.session.flush()


def editor_menu(site: Site) -> list[MenuItem]:
    return list(
        db.session.scalars(
            select(MenuItem)
            .where(MenuItem.site_id == site.id)
            .options(joinedload(MenuItem.page).joinedload(SitePage.latest_revision))
            .order_by(MenuItem.position, MenuItem.id)
        )
    )

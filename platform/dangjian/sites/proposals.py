"""Review of site-wide changes (brand and theme, home sections, menu) made by
someone who may not publish.

Pages and news have revisions; these settings live on the Site row and in
MenuItem rows that visitors read directly.  So a non-publisher's version is
kept aside in one :class:`SiteProposal` per site, and the editor keeps
working on that copy; visitors see the live rows until a publisher publishes
the proposal (or sends it back with a reason).  A publisher's own changes
stay immediate (content.update_brand and friends).
"""

from __future__ import annotations

from sqlalchemy import delete, select

from ..audit.services import record
from ..db import db
from ..files.models import StoredFile
from . import content, menus, notices
from .models import MenuItem, Site, SitePage, SiteProposal

SUBMITTED = "已提交审核，发布后访客可见。"
BRAND_LABELS = {
    "brand_name": "品牌名称",
    "slogan": "品牌口号",
    "meaning": "品牌内涵",
    "vehicle": "品牌载体",
    "impact": "品牌影响",
    "theme": "网站主题",
    "theme_settings": "主题设置",
    "logo_file_id": "品牌标识",
    "banner_file_id": "横幅图片",
}


def pending(site: Site) -> SiteProposal | None:
    return db.session.scalar(select(SiteProposal).where(SiteProposal.site_id == site.id))


def pending_site_ids(site_ids: list[int]) -> set[int]:
    return set(
        db.session.scalars(
            select(SiteProposal.site_id).where(
                SiteProposal.site_id.in_(site_ids or [-1]), SiteProposal.status == "submitted"
            )
        )
    )


def _live_brand(site: Site) -> dict:
    return {key: getattr(site, key) for key in content.BRAND_FIELDS}


def _live_menu(site: Site) -> list[dict]:
    return [
        {"id": item.id, "label": item.label, "page_id": item.page_id, "url": item.url}
        for item in db.session.scalars(
            select(MenuItem).where(MenuItem.site_id == site.id).order_by(MenuItem.position, MenuItem.id)
        )
    ]


def _save(site: Site, user, what: str, **parts) -> bool:
    """Store the proposed ``parts`` (None: same as live) and submit it.
    Returns False when the proposal did not change."""
    proposal = pending(site)
    if proposal is None:
        if all(value is None for value in parts.values()):
            return False
        proposal = SiteProposal(site_id=site.id, status="submitted", returned_reason="")
        db.session.add(proposal)
    elif all(getattr(proposal, key) == value for key, value in parts.items()) and proposal.status == "submitted":
        return False
    for key, value in parts.items():
        setattr(proposal, key, value)
    court = site.branch.court
    if proposal.brand is None and proposal.sections is None and proposal.menu is None:
        db.session.delete(proposal)  # back to what visitors see: nothing left to review
        record("site.submitted", f"撤回“{site.branch.name}”网站{what}的待审核修改", target=site, court=court, user=user)
    else:
        proposal.status, proposal.returned_reason = "submitted", ""
        proposal.author_id = getattr(user, "id", None)
        record("site.submitted", f"提交“{site.branch.name}”网站{what}的修改待审核", target=site, court=court, user=user)
    # Two editors saving the first proposal of a site at once: one wins the unique site_id.
    content._commit("另一位编辑刚刚提交了本网站的修改，请刷新页面后再保存。", None)
    return True


# --- the editor's working copy ----------------------------------------------------


def working_brand(site: Site, proposal: SiteProposal | None = None) -> dict:
    values = _live_brand(site)
    proposal = proposal or pending(site)
    if proposal is not None and proposal.brand:
        values.update(proposal.brand)
    return values


def working_sections(site: Site) -> list[dict]:
    proposal = pending(site)
    if proposal is not None and proposal.sections is not None:
        return proposal.sections
    return site.sections or content.default_sections()


def working_menu(site: Site) -> list[dict]:
    proposal = pending(site)
    if proposal is not None and proposal.menu is not None:
        return [dict(entry) for entry in proposal.menu]
    return _live_menu(site)


def menu_items(site: Site, entries: list[dict]) -> list[MenuItem]:
    """Entries as unsaved MenuItem objects, so the menu screen shows a
    proposal like the live menu (one query for the pages)."""
    pages = {page.id: page for page in content.editor_pages(site)}
    return [
        MenuItem(
            id=entry["id"],
            site_id=site.id,
            label=entry["label"],
            page_id=entry["page_id"],
            page=pages.get(entry["page_id"]),
            url=entry["url"],
            position=n,
        )
        for n, entry in enumerate(entries, start=1)
        if entry["page_id"] is None or entry["page_id"] in pages
    ]


# --- proposing -----------------------------------------------------------------------


def propose_brand(site: Site, values: dict, user=None) -> bool:
    clean = content.clean_brand(site, values, working_brand(site))
    live = _live_brand(site)
    changes = {key: value for key, value in clean.items() if live[key] != value}
    return _save(site, user, "品牌设置", brand=changes or None)


def propose_sections(site: Site, rows: list[dict], user=None) -> bool:
    clean = content.clean_sections(rows)
    live = site.sections or content.default_sections()
    return _save(site, user, "首页栏目", sections=None if clean == live else clean)


def _save_menu(site: Site, entries: list[dict], user, what: str) -> bool:
    return _save(site, user, f"菜单（{what}）", menu=None if entries == _live_menu(site) else entries)


def propose_menu_item(
    site: Site, *, label: str, page: SitePage | None = None, url: str | None = None, user=None
) -> None:
    entry = menus.new_entry(label=label, page=page, url=url)
    entries = working_menu(site)
    taken = [e["id"] for e in entries] + [e["id"] for e in _live_menu(site)]
    entry["id"] = max(taken, default=0) + 1
    _save_menu(site, [*entries, entry], user, f"添加“{entry['label']}”")


def _index(entries: list[dict], item_id: int) -> int:
    for index, entry in enumerate(entries):
        if entry["id"] == item_id:
            return index
    raise LookupError(item_id)


def propose_menu_move(site: Site, item_id: int, offset: int, user=None) -> str:
    entries = working_menu(site)
    index = _index(entries, item_id)
    target = max(0, min(len(entries) - 1, index + offset))
    entries.insert(target, entries.pop(index))
    _save_menu(site, entries, user, f"调整“{entries[target]['label']}”的顺序")
    return entries[target]["label"]


def propose_menu_delete(site: Site, item_id: int, user=None) -> str:
    entries = working_menu(site)
    removed = entries.pop(_index(entries, item_id))
    _save_menu(site, entries, user, f"删除“{removed['label']}”")
    return removed["label"]


# --- review ---------------------------------------------------------------------------


def changes(site: Site, proposal: SiteProposal) -> list[dict]:
    """What publishing would change, for the review screen: rows of
    ``{"label", "kind", "live", "proposed"}`` (kind: text, html, image, list)."""
    rows = []
    for key, value in (proposal.brand or {}).items():
        kind = "image" if key.endswith("_file_id") else "html" if key in ("meaning", "vehicle", "impact") else "text"
        live = getattr(site, key)
        if key == "theme":
            from .themes import get_theme

            live, value = get_theme(live).label, get_theme(value).label
        elif key == "theme_settings":
            live, value = _settings_text(live), _settings_text(value)
        rows.append({"label": BRAND_LABELS.get(key, key), "kind": kind, "live": live, "proposed": value})
    if proposal.sections is not None:
        titles = dict(content.BUILTIN_SECTIONS)
        rows.append(
            {
                "label": "首页栏目",
                "kind": "list",
                "live": _sections_text(site.sections or content.default_sections(), titles),
                "proposed": _sections_text(proposal.sections, titles),
            }
        )
    if proposal.menu is not None:
        rows.append(
            {
                "label": "菜单",
                "kind": "list",
                "live": _menu_text(site, _live_menu(site)),
                "proposed": _menu_text(site, proposal.menu),
            }
        )
    return rows


def _settings_text(settings: dict | None) -> str:
    return "；".join(f"{key}={value}" for key, value in sorted((settings or {}).items())) or "（默认）"


def _sections_text(sections: list[dict], titles: dict) -> list[str]:
    shown = sorted((item for item in sections if item.get("visible")), key=lambda item: item.get("order") or 0)
    return [titles.get(item["key"], item["key"]) for item in shown]


def _menu_text(site: Site, entries: list[dict]) -> list[str]:
    pages = {page.id: page for page in content.editor_pages(site)}
    lines = []
    for entry in entries:
        page = pages.get(entry["page_id"])
        target = (
            f"栏目页面“{content.revisions.title_of(page)}”" if page is not None else entry["url"] or "（页面已删除）"
        )
        lines.append(f"{entry['label']} → {target}")
    return lines


def publish(site: Site, user=None) -> None:
    """Make the proposal live, in one transaction."""
    proposal = pending(site)
    if proposal is None:
        raise content.SiteError("没有待发布的修改。")
    for key, value in (proposal.brand or {}).items():
        if key.endswith("_file_id") and value is not None and db.session.get(StoredFile, value) is None:
            continue  # the image was deleted meanwhile: keep the live one
        setattr(site, key, value)
    if proposal.sections is not None:
        site.sections = proposal.sections
    if proposal.menu is not None:
        page_ids = set(db.session.scalars(select(SitePage.id).where(SitePage.site_id == site.id)))
        db.session.execute(delete(MenuItem).where(MenuItem.site_id == site.id))
        for position, entry in enumerate(proposal.menu, start=1):
            if entry["page_id"] is not None and entry["page_id"] not in page_ids:
                continue  # the page was deleted since
            db.session.add(
                MenuItem(
                    site_id=site.id, label=entry["label"], page_id=entry["page_id"], url=entry["url"], position=position
                )
            )
    content.bump(site)
    record(
        "site.published",
        f"发布“{site.branch.name}”网站品牌、首页栏目或菜单的修改",
        target=site,
        court=site.branch.court,
        user=user,
        detail={
            "brand": sorted(proposal.brand or {}),
            "sections": proposal.sections is not None,
            "menu": proposal.menu is not None,
            "author_id": proposal.author_id,
        },
    )
    notices.proposal_published(site, proposal, user)
    db.session.delete(proposal)
    db.session.commit()


def send_back(site: Site, user=None, reason: str = "") -> None:
    proposal = pending(site)
    if proposal is None or proposal.status != "submitted":
        raise content.SiteError("没有待审核的修改。")
    reason = (reason or "").strip()[:200]
    proposal.status, proposal.returned_reason = "draft", reason
    notices.proposal_returned(site, proposal, user, reason)
    record(
        "site.returned",
        f"退回“{site.branch.name}”网站品牌、首页栏目或菜单的修改" + (f"：{reason}" if reason else ""),
        target=site,
        court=site.branch.court,
        user=user,
        detail={"reason": reason},
    )
    db.session.commit()

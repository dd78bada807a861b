"""To-do items of the microsites for the inbox (hook ``dangjian_todos``).

A publisher (``sites.publish``: the branch secretary for their branch, the
court admin for every branch) is asked to publish or send back what waits
for review: submitted news and pages, a site-wide proposal (brand, theme,
home sections, menu), photos added to a shown album.  An editor who may not
publish (the 宣传委员) is asked to rework what was sent back, with the
reason.  Only active branches of this court, only within the user's scope;
a fixed number of statements whatever the amount of content.

A page or post sent back is a draft again (workflow.return_to_draft); what
tells it from any other draft, and keeps the reason, is the audit log: its
latest workflow entry is ``site.returned``.  Reading that saves a column and
a migration on two tables, and the reason shown is exactly the one logged.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from ..access import branch_scope
from ..audit.models import AuditEntry
from ..db import db
from ..inbox.todos import Todo
from ..org.models import Organisation
from .models import Album, ContentRevision, NewsPost, Photo, Site, SitePage, SiteProposal

WAITING_KIND, WAITING_LABEL = "sites.waiting", "待发布的网站内容"
RETURNED_KIND, RETURNED_LABEL = "sites.returned", "被退回修改的网站内容"
WORKFLOW_ACTIONS = ("site.submitted", "site.returned", "site.published", "site.scheduled", "site.unpublished")
WHAT = {"post": "新闻", "page": "栏目页面"}


def site_todos(court, user) -> list:
    publish = branch_scope(user, "sites.publish", court)
    edit = branch_scope(user, "sites.edit", court)
    items: list[Todo] = []
    if publish is None or publish:
        items += _submitted(court, publish) + _proposals(court, publish, "submitted") + _photos(court, publish)
    # Branches this user edits but may not publish: what was sent back is theirs.
    rework = set() if publish is None or edit is None else edit - publish
    if rework:
        items += _sent_back(court, rework) + _proposals(court, rework, "draft")
    return items


def _in_scope(query, court, scope):
    query = query.join(Organisation, Organisation.id == Site.branch_id).where(
        Site.court_id == court.id, Organisation.kind == "branch", Organisation.dissolved_at.is_(None)
    )
    return query if scope is None else query.where(Site.branch_id.in_(scope or {-1}))


def _editor_url(endpoint: str, court, branch_id: int, **ids) -> str:
    return url_for(f"sites_editor.{endpoint}", court_slug=court.slug, org_id=branch_id, **ids)


def _content_rows(court, scope, model, status: str, *columns):
    columns = columns or (model.id, ContentRevision.title, Site.branch_id, Organisation.name.label("branch_name"))
    query = (
        select(*columns)
        .select_from(model)
        .join(Site, Site.id == model.site_id)
        .outerjoin(ContentRevision, ContentRevision.id == model.latest_revision_id)
    )
    return _in_scope(query, court, scope).where(model.status == status)


def _content_todo(kind, label, court, model, row, detail="") -> Todo:
    title = f"{row.branch_name} · {WHAT[model.kind]}：{row.title or '（无标题）'}"
    url = _editor_url(f"{model.kind}_edit", court, row.branch_id, **{f"{model.kind}_id": row.id})
    return Todo(kind, label, title, url, detail=detail)


def _submitted(court, scope) -> list[Todo]:
    items = []
    for model in (NewsPost, SitePage):
        rows = db.session.execute(_content_rows(court, scope, model, "submitted").order_by(model.updated_at, model.id))
        items += [
            _content_todo(WAITING_KIND, WAITING_LABEL, court, model, row, "已提交审核，请发布或退回修改")
            for row in rows
        ]
    return items


def _sent_back(court, scope) -> list[Todo]:
    items = []
    for model in (NewsPost, SitePage):
        drafts = _content_rows(court, scope, model, "draft")
        latest = (
            select(AuditEntry.target_id, func.max(AuditEntry.id).label("entry_id"))
            .where(
                AuditEntry.court_id == court.id,
                AuditEntry.target_type == model.__name__,
                AuditEntry.action.in_(WORKFLOW_ACTIONS),
                AuditEntry.target_id.in_(_content_rows(court, scope, model, "draft", model.id)),
            )
            .group_by(AuditEntry.target_id)
            .subquery()
        )
        rows = db.session.execute(
            drafts.add_columns(AuditEntry.detail)
            .join(latest, latest.c.target_id == model.id)
            .join(AuditEntry, AuditEntry.id == latest.c.entry_id)
            .where(AuditEntry.action == "site.returned")
            .order_by(model.id)
        )
        for row in rows:
            reason = (row.detail or {}).get("reason") or ""
            items.append(
                _content_todo(
                    RETURNED_KIND,
                    RETURNED_LABEL,
                    court,
                    model,
                    row,
                    f"退回原因：{reason}" if reason else "改好后重新提交审核",
                )
            )
    return items


def _proposals(court, scope, status: str) -> list[Todo]:
    query = select(
        SiteProposal.brand,
        SiteProposal.sections,
        SiteProposal.returned_reason,
        Site.branch_id,
        Organisation.name.label("branch_name"),
    ).join(Site, Site.id == SiteProposal.site_id)
    rows = db.session.execute(
        _in_scope(query, court, scope)
        .where(SiteProposal.status == status)
        .order_by(SiteProposal.updated_at, SiteProposal.id)
    )
    items = []
    for row in rows:
        title = f"{row.branch_name} · 网站品牌、首页栏目或菜单的修改"
        if status == "submitted":
            items.append(
                Todo(
                    WAITING_KIND,
                    WAITING_LABEL,
                    title,
                    _editor_url("site_review", court, row.branch_id),
                    detail="对照线上版本审核，发布或退回修改",
                )
            )
        else:
            screen = "brand" if row.brand else "sections" if row.sections is not None else "menu"
            detail = f"退回原因：{row.returned_reason}" if row.returned_reason else "改好后再保存即重新提交审核"
            items.append(
                Todo(RETURNED_KIND, RETURNED_LABEL, title, _editor_url(screen, court, row.branch_id), detail=detail)
            )
    return items


def _photos(court, scope) -> list[Todo]:
    query = (
        select(
            Album.id,
            Album.title,
            Site.branch_id,
            Organisation.name.label("branch_name"),
            func.count(Photo.id).label("count"),
        )
        .join(Site, Site.id == Album.site_id)
        .join(Photo, Photo.album_id == Album.id)
    )
    query = (
        _in_scope(query, court, scope)
        .where(Photo.approved.is_(False))
        .group_by(Album.id, Album.title, Site.branch_id, Organisation.name)
        .order_by(Album.id)
    )
    return [
        Todo(
            WAITING_KIND,
            WAITING_LABEL,
            f"{row.branch_name} · 相册“{row.title}”的 {row.count} 张新照片",
            _editor_url("album_edit", court, row.branch_id, album_id=row.id),
            detail="审核通过后访客可见",
        )
        for row in db.session.execute(query)
    ]

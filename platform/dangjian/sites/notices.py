"""Notifications (通知) of the microsite workflow: a page, a post or a
site-wide proposal published or sent back tells its author.

"Author" is whoever wrote the version that was decided on: for a page or
post, the authors of its revisions since the version visitors saw before;
for a proposal, the editor who last saved it.  The publisher who acted is
never told about their own action.  Called inside the workflow services,
before their commit, so the message and the action commit together.
"""

from __future__ import annotations

from flask import has_request_context, url_for
from sqlalchemy import select

from ..db import db
from ..inbox.notify import notify
from .models import ContentRevision
from .revisions import title_of

WHAT = {"post": "新闻", "page": "栏目页面"}


def _url(endpoint: str, site, **values) -> str:
    # Scheduled items go live from whatever request comes first; outside a
    # request (a script) there is no URL to build, and the message stands alone.
    if not has_request_context():
        return ""
    return url_for(f"sites_editor.{endpoint}", court_slug=site.branch.court.slug, org_id=site.branch_id, **values)


def _authors(obj, since_revision_id: int | None) -> set[int]:
    query = select(ContentRevision.author_id).where(
        ContentRevision.site_id == obj.site_id,
        ContentRevision.kind == obj.kind,
        ContentRevision.object_id == obj.id,
        ContentRevision.author_id.is_not(None),
    )
    if since_revision_id is not None:
        query = query.where(ContentRevision.id > since_revision_id)
    return set(db.session.scalars(query.distinct()))


def _tell_content(obj, actor, since_revision_id, kind: str, title: str, body: str) -> None:
    people = _authors(obj, since_revision_id) - {getattr(actor, "id", None)}
    if people:
        notify(
            sorted(people),
            court=obj.site.court_id,
            kind=kind,
            title=title,
            body=body,
            url=_url(f"{obj.kind}_edit", obj.site, **{f"{obj.kind}_id": obj.id}),
        )


def content_published(obj, actor, previous_live_id: int | None) -> None:
    what = WHAT[obj.kind]
    _tell_content(
        obj,
        actor,
        previous_live_id,
        "sites.published",
        f"您的{what}已发布：{title_of(obj)}",
        f"“{obj.site.branch.name}”网站的{what}已发布，访客现在可以看到。",
    )


def content_returned(obj, actor, reason: str) -> None:
    what = WHAT[obj.kind]
    body = (f"退回原因：{reason}\n" if reason else "") + "请修改后重新提交审核。"
    _tell_content(obj, actor, obj.live_revision_id, "sites.returned", f"您的{what}被退回修改：{title_of(obj)}", body)


def _tell_proposal(site, proposal, actor, kind: str, title: str, body: str, endpoint: str) -> None:
    people = {proposal.author_id} - {None, getattr(actor, "id", None)}
    if people:
        notify(sorted(people), court=site.court_id, kind=kind, title=title, body=body, url=_url(endpoint, site))


def proposal_published(site, proposal, actor) -> None:
    _tell_proposal(
        site,
        proposal,
        actor,
        "sites.proposal_published",
        "您提交的网站品牌、首页栏目或菜单修改已发布",
        f"“{site.branch.name}”网站的修改已发布，访客现在看到的是新版本。",
        "overview",
    )


def proposal_returned(site, proposal, actor, reason: str) -> None:
    screen = "brand" if proposal.brand else "sections" if proposal.sections is not None else "menu"
    body = (f"退回原因：{reason}\n" if reason else "") + "改好后再保存即重新提交审核。"
    _tell_proposal(
        site, proposal, actor, "sites.proposal_returned", "您提交的网站品牌、首页栏目或菜单修改被退回", body, screen
    )

"""Draft → submitted → published, unpublishing and scheduled publishing.

``status`` describes the working copy (the latest revision); visitors see
``live_revision``.  Publishing makes the working copy live.  A scheduled
item is published by the first microsite request after its time
(:func:`publish_due`, run before every microsite and editor request), so it
appears on time without a background thread or a restart.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from ..audit.services import record
from ..courts.clock import court_today, to_local, to_utc
from ..db import db, utcnow
from . import notices
from .errors import SiteError
from .models import NewsPost, Site, SitePage
from .revisions import title_of

WORKFLOW_MODELS = (SitePage, NewsPost)


def _label(obj) -> str:
    return "栏目页面" if isinstance(obj, SitePage) else "新闻"


def _audit(action: str, obj, summary: str, user, **detail) -> None:
    record(action, summary, target=obj, court=obj.site.branch.court, user=user, detail=detail or None)


def submit(obj, user=None) -> None:
    if obj.status not in ("draft",):
        raise SiteError("只有草稿可以提交审核。")
    obj.status = "submitted"
    _audit("site.submitted", obj, f"提交{_label(obj)}“{title_of(obj)}”待审核", user)
    db.session.flush()


def return_to_draft(obj, user=None, reason: str = "") -> None:
    """A publisher sends a submitted or scheduled item back for changes."""
    if obj.status not in ("submitted", "scheduled"):
        raise SiteError("只有待审核或已定时的内容可以退回。")
    obj.status, obj.publish_at = "draft", None
    reason = (reason or "").strip()[:200]
    notices.content_returned(obj, user, reason)
    _audit(
        "site.returned",
        obj,
        f"退回{_label(obj)}“{title_of(obj)}”" + (f"：{reason}" if reason else ""),
        user,
        reason=reason,
    )
    db.session.flush()


def publish(obj, user=None, at: datetime | None = None, now: datetime | None = None) -> None:
    """Publish the working copy now, or at ``at`` (naive UTC) if later."""
    if obj.latest_revision_id is None:
        raise SiteError("没有可发布的内容。")
    now = now or utcnow()
    if at is not None and at > now:
        obj.status, obj.publish_at = "scheduled", at
        _audit("site.scheduled", obj, f"定时发布{_label(obj)}“{title_of(obj)}”", user, at=at.isoformat())
        db.session.flush()
        return
    _make_live(obj, user)
    db.session.flush()


def _make_live(obj, user) -> None:
    site = obj.site
    notices.content_published(obj, user, obj.live_revision_id)
    obj.live_revision_id = obj.latest_revision_id
    obj.status, obj.publish_at = "published", None
    if isinstance(obj, NewsPost) and obj.publish_date is None:
        obj.publish_date = court_today(site.branch.court)
    site.bump()
    _audit("site.published", obj, f"发布{_label(obj)}“{title_of(obj)}”", user, revision=obj.live_revision_id)


def unpublish(obj, user=None) -> None:
    if obj.live_revision_id is None:
        raise SiteError("该内容尚未发布。")
    obj.live_revision_id = None
    obj.status, obj.publish_at = "draft", None
    obj.site.bump()
    _audit("site.unpublished", obj, f"撤下{_label(obj)}“{title_of(obj)}”", user)
    db.session.flush()


def publish_due(scope=None, now: datetime | None = None) -> int:
    """Publish every scheduled item whose time has come, in ``scope`` (a
    Site, a Court, or None for everywhere).  One query per kind when
    nothing is due.

    The one sites function that commits: it runs before a request's own
    work, as its own unit of work (a scheduled job done lazily), so that a
    refusal later in the request, which rolls back, does not undo it."""
    now = now or utcnow()
    published = 0
    for model in WORKFLOW_MODELS:
        query = select(model).where(model.status == "scheduled", model.publish_at <= now)
        if isinstance(scope, Site):
            query = query.where(model.site_id == scope.id)
        elif scope is not None:
            query = query.join(Site, Site.id == model.site_id).where(Site.court_id == scope.id)
        try:
            for obj in db.session.scalars(query.with_for_update(of=model, skip_locked=True)):
                _make_live(obj, None)
                published += 1
        except OperationalError:
            # Another worker is writing right now; the next request retries.
            db.session.rollback()
            return 0
    if published:
        try:
            db.session.commit()
        except OperationalError:
            db.session.rollback()
            return 0
    return published


def local_to_utc(value: datetime | None, court) -> datetime | None:
    """A naive local time typed in the court's zone → naive UTC."""
    return to_utc(court, value)


def utc_to_local(value: datetime | None, court) -> datetime | None:
    return to_local(court, value)

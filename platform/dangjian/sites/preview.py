"""Signed, expiring preview links for drafts.

The link carries which revision of which page or post it shows, signed with
the app's SECRET_KEY; anyone holding it may read that one revision until it
expires (default three days), nothing else.  Editing does not change what an
old link shows: it names a revision, and revisions never change.
"""

from __future__ import annotations

from typing import cast

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from ..db import db
from .errors import PreviewInvalid
from .models import ContentRevision, NewsPost, SitePage

SALT = "dangjian.sites.preview"
DEFAULT_MAX_AGE = 3 * 24 * 3600
MODELS: dict[str, type[SitePage] | type[NewsPost]] = {"page": SitePage, "post": NewsPost}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def max_age() -> int:
    return int(current_app.config.get("SITES_PREVIEW_MAX_AGE", DEFAULT_MAX_AGE))


def make_token(obj, revision_id: int | None = None) -> str:
    return _serializer().dumps(
        {"s": obj.site_id, "k": obj.kind, "o": obj.id, "r": revision_id or obj.latest_revision_id}
    )


def load(token: str, court) -> tuple[SitePage | NewsPost, ContentRevision]:
    """The object and revision a token shows, if still valid in ``court``."""
    try:
        data = _serializer().loads(token, max_age=max_age())
    except SignatureExpired:
        raise PreviewInvalid("预览链接已过期，请让编辑重新生成。") from None
    except BadSignature:
        raise PreviewInvalid("预览链接无效。") from None
    model = MODELS.get(str(data.get("k"))) if isinstance(data, dict) else None
    if model is None:
        raise PreviewInvalid("预览链接无效。")
    query = select(model).where(model.id == data.get("o"), model.site_id == data.get("s"))
    obj = cast("SitePage | NewsPost | None", db.session.scalar(query))
    revision = db.session.get(ContentRevision, data.get("r") or 0)
    if (
        obj is None
        or revision is None
        or obj.site.court_id != court.id
        or revision.site_id != obj.site_id
        or revision.kind != obj.kind
        or revision.object_id != obj.id
    ):
        raise PreviewInvalid("要预览的内容已不存在。")
    return obj, revision

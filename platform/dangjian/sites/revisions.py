"""Revision history of pages and posts: save, list, compare with the live
version, restore.

A revision is never changed after it is saved.  Restoring an old one makes
a *new* revision with its words, so history only ever grows and the
published version stays what it was until someone publishes again.
"""

from __future__ import annotations

import difflib
import re

import nh3
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit.services import record
from ..db import db
from ..richtext import sanitize_html
from .models import ContentRevision

_BLOCK_END = re.compile(r"</(p|h2|h3|h4|li|tr|blockquote|figcaption|caption)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)
_NEXT_CELLS = re.compile(r'<t[dh] class="diff_next"[^>]*>.*?</t[dh]>|<colgroup></colgroup>', re.DOTALL)


def save_revision(obj, *, title: str, summary: str = "", body: str = "", user=None, note: str = "") -> ContentRevision:
    """Add a revision of ``obj`` (a SitePage or NewsPost) and make it the
    working copy.  The body is sanitised here, on save."""
    revision = ContentRevision(
        site_id=obj.site_id,
        kind=obj.kind,
        object_id=obj.id,
        title=title[:200],
        summary=summary or "",
        body=sanitize_html(body),
        author_id=user.id if user is not None and getattr(user, "id", None) else None,
        note=note[:200],
    )
    db.session.add(revision)
    db.session.flush()
    obj.latest_revision_id = revision.id
    obj.latest_revision = revision
    return revision


def title_of(obj) -> str:
    """The working title (editor screens only: visitors use the live revision)."""
    if obj is None:
        return ""
    revision = obj.latest_revision or obj.live_revision
    return revision.title if revision is not None else f"#{obj.id}"


def history(obj) -> list[ContentRevision]:
    """Newest first, with authors (one query)."""
    return list(
        db.session.scalars(
            select(ContentRevision)
            .where(
                ContentRevision.site_id == obj.site_id,
                ContentRevision.kind == obj.kind,
                ContentRevision.object_id == obj.id,
            )
            .options(joinedload(ContentRevision.author))
            .order_by(ContentRevision.id.desc())
        )
    )


def get_revision(obj, revision_id: int) -> ContentRevision | None:
    """A revision of this very object, or None (ids of other objects,
    sites and courts are not found)."""
    return db.session.scalar(
        select(ContentRevision).where(
            ContentRevision.id == revision_id,
            ContentRevision.site_id == obj.site_id,
            ContentRevision.kind == obj.kind,
            ContentRevision.object_id == obj.id,
        )
    )


def text_lines(revision: ContentRevision | None) -> list[str]:
    """The revision as plain text lines: title, summary, then one line per
    paragraph, heading, list item or table row."""
    if revision is None:
        return []
    html = _CELL_END.sub(" | ", sanitize_html(revision.body))
    html = _BLOCK_END.sub("\n", html)
    text = nh3.clean(html, tags=set())
    # nh3 leaves entities escaped; the diff escapes again when it renders.
    text = (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
        .replace("&amp;", "&")
    )
    lines = [f"标题：{revision.title}"]
    if revision.summary:
        lines.append(f"摘要：{revision.summary}")
    lines.append("")
    lines.extend(line.strip() for line in text.splitlines() if line.strip())
    return lines


def compare(live: ContentRevision | None, other: ContentRevision) -> Markup:
    """A side-by-side HTML table of the differences (difflib escapes the
    text itself; nothing of the revision is rendered as markup)."""
    table = difflib.HtmlDiff(wrapcolumn=40).make_table(
        text_lines(live),
        text_lines(other),
        fromdesc=f"线上版本（第 {live.id} 号）" if live else "线上版本（尚未发布）",
        todesc=f"所选版本（第 {other.id} 号）",
        context=True,
        numlines=2,
    )
    table = table.replace("No Differences Found", "两个版本没有差别").replace("Empty File", "（空）")
    # The "next change" link column is noise for a short page.
    table = _NEXT_CELLS.sub("", table)
    return Markup(table)


def restore(obj, revision: ContentRevision, user=None) -> ContentRevision:
    """Copy an old revision's words into a new revision (back to draft)."""
    restored = save_revision(
        obj,
        title=revision.title,
        summary=revision.summary,
        body=revision.body,
        user=user,
        note=f"恢复自第 {revision.id} 号版本",
    )
    obj.status, obj.publish_at = "draft", None
    record(
        "site.restored",
        f"将“{revision.title}”恢复为第 {revision.id} 号版本的内容（新版本 {restored.id}）",
        target=obj,
        court=obj.site.branch.court,
        user=user,
        detail={"from": revision.id, "new": restored.id},
    )
    db.session.flush()
    return restored

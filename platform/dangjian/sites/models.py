"""Microsite content: one Site per branch, pages, news posts, their
revisions, the menu, honours and photo albums.

Pages and posts keep their words only in revisions.  ``latest_revision``
is the working copy editors see; ``live_revision`` is what visitors see
(None: not published).  Nothing a visitor reads comes from the working copy,
so a draft can never leak through a forgotten column.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model, utcnow
from ..files.models import StoredFile
from ..org.models import Organisation

# The working copy's state.  Visitors see whatever live_revision points at.
STATUSES = {
    "draft": "草稿",
    "submitted": "待审核",
    "scheduled": "已定时",
    "published": "已发布",
}
HONOUR_LEVELS = {
    "national": "国家级",
    "provincial": "省级",
    "city": "市级",
    "court": "院级",
    "other": "其他",
}
DEFAULT_THEME = "classic"
_TAGS = re.compile(r"<[^>]*>")
MAX_PAGE_DEPTH = 2


class Site(Model):
    """A branch's microsite (one per branch)."""

    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), unique=True)
    # The 五有 of the brand: name, logo, meaning, vehicle, impact.
    brand_name: Mapped[str] = mapped_column(String(40), default="")
    slogan: Mapped[str] = mapped_column(String(120), default="")
    meaning: Mapped[str] = mapped_column(Text, default="")  # sanitized HTML
    vehicle: Mapped[str] = mapped_column(Text, default="")  # sanitized HTML
    impact: Mapped[str] = mapped_column(Text, default="")  # sanitized HTML
    logo_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="SET NULL"))
    banner_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="SET NULL"))
    theme: Mapped[str] = mapped_column(String(40), default=DEFAULT_THEME)
    theme_settings: Mapped[dict] = mapped_column(JSON, default=dict)
    # [{"key": "news", "visible": true, "order": 1}, ...] for the home page.
    sections: Mapped[list] = mapped_column(JSON, default=list)
    # Bumped on every publish, unpublish and brand change: the visitor cache key.
    content_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    branch: Mapped[Organisation] = relationship()
    logo: Mapped[StoredFile | None] = relationship(foreign_keys=[logo_file_id])
    banner: Mapped[StoredFile | None] = relationship(foreign_keys=[banner_file_id])

    @property
    def title(self) -> str:
        return self.brand_name or self.branch.name

    def filled(self, key: str) -> bool:
        """Whether one of the 五有 texts says anything (an editor may leave
        an empty paragraph behind)."""
        html = getattr(self, key) or ""
        return bool(_TAGS.sub("", html).replace("&nbsp;", "").strip()) or "<img" in html

    @property
    def five_haves(self) -> list[str]:
        """The 五有 the brand has, by label: its name, its logo and the three
        texts that say something."""
        done = {
            "有名称": bool((self.brand_name or "").strip()),
            "有标识": self.logo_file_id is not None,
            "有内涵": self.filled("meaning"),
            "有载体": self.filled("vehicle"),
            "有影响": self.filled("impact"),
        }
        return [label for label, present in done.items() if present]

    @property
    def has_brand(self) -> bool:
        return bool(self.brand_name or self.slogan or self.logo_file_id) or any(
            self.filled(key) for key in ("meaning", "vehicle", "impact")
        )

    def bump(self) -> None:
        """Visitors' cached pages of this site are stale from now on (the
        version is part of the page cache's key)."""
        self.content_version = (self.content_version or 0) + 1

    def __repr__(self) -> str:
        return f"<Site {self.id} branch={self.branch_id}>"


class ContentRevision(Model):
    """One saved version of a page or post (never changed after saving)."""

    __tablename__ = "content_revision"
    __table_args__ = (Index("ix_content_revision_object", "site_id", "kind", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # "page" | "post"
    object_id: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")  # sanitized HTML
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")

    author = relationship("User")


class _Workflow:
    """Columns shared by pages and posts (draft → submitted → published)."""

    status: Mapped[str] = mapped_column(String(20), default="draft")
    publish_at: Mapped[datetime | None]  # naive UTC, for status "scheduled"
    live_revision_id: Mapped[int | None] = mapped_column(ForeignKey("content_revision.id", ondelete="SET NULL"))
    latest_revision_id: Mapped[int | None] = mapped_column(ForeignKey("content_revision.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def is_live(self) -> bool:
        return self.live_revision_id is not None

    @property
    def has_unpublished_changes(self) -> bool:
        return self.latest_revision_id != self.live_revision_id

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


class SitePage(_Workflow, Model):
    __tablename__ = "site_page"
    __table_args__ = (UniqueConstraint("site_id", "slug"),)
    kind = "page"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("site_page.id", ondelete="SET NULL"))
    slug: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)
    show_in_menu: Mapped[bool] = mapped_column(default=True)

    site: Mapped[Site] = relationship()
    parent: Mapped[SitePage | None] = relationship(remote_side=[id])
    live_revision: Mapped[ContentRevision | None] = relationship(foreign_keys="SitePage.live_revision_id")
    latest_revision: Mapped[ContentRevision | None] = relationship(foreign_keys="SitePage.latest_revision_id")


class NewsPost(_Workflow, Model):
    __tablename__ = "news_post"
    __table_args__ = (UniqueConstraint("site_id", "slug"), Index("ix_news_post_listing", "site_id", "publish_date"))
    kind = "post"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    slug: Mapped[str | None] = mapped_column(String(60))  # optional: posts are found by id too
    cover_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="SET NULL"))
    publish_date: Mapped[date | None]  # the date shown; set on first publish if empty

    site: Mapped[Site] = relationship()
    cover: Mapped[StoredFile | None] = relationship()
    live_revision: Mapped[ContentRevision | None] = relationship(foreign_keys="NewsPost.live_revision_id")
    latest_revision: Mapped[ContentRevision | None] = relationship(foreign_keys="NewsPost.latest_revision_id")


class MenuItem(Model):
    __tablename__ = "site_menu_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(40))
    page_id: Mapped[int | None] = mapped_column(ForeignKey("site_page.id", ondelete="CASCADE"))
    url: Mapped[str | None] = mapped_column(String(300))  # http(s) or a path on this server
    position: Mapped[int] = mapped_column(default=0)

    page: Mapped[SitePage | None] = relationship()


class Honour(Model):
    """An honour shown on a branch microsite (``dangjian.api.SiteHonour``)."""

    __tablename__ = "site_honour"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20), default="other")
    awarding_body: Mapped[str] = mapped_column(String(120), default="")
    awarded_on: Mapped[date | None]
    image_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    image: Mapped[StoredFile | None] = relationship()

    @property
    def level_label(self) -> str:
        return HONOUR_LEVELS.get(self.level, self.level)


class Album(Model):
    __tablename__ = "site_album"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")  # plain text
    cover_photo_id: Mapped[int | None] = mapped_column(ForeignKey("site_photo.id", ondelete="SET NULL", use_alter=True))
    position: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    photos: Mapped[list[Photo]] = relationship(
        back_populates="album",
        foreign_keys="Photo.album_id",
        order_by="Photo.position, Photo.id",
        cascade="all, delete-orphan",
    )
    cover_photo: Mapped[Photo | None] = relationship(foreign_keys=[cover_photo_id], post_update=True)

    @property
    def cover(self) -> Photo | None:
        """The chosen cover, else the first photo (load ``photos`` first)."""
        if self.cover_photo is not None and self.cover_photo.approved:
            return self.cover_photo
        return next((photo for photo in self.photos if photo.approved), None)


class Photo(Model):
    __tablename__ = "site_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    album_id: Mapped[int] = mapped_column(ForeignKey("site_album.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id", ondelete="CASCADE"))
    caption: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)
    # False: added by a non-publisher to a shown album, hidden until a publisher approves it.
    approved: Mapped[bool] = mapped_column(default=True, server_default=true())

    album: Mapped[Album] = relationship(back_populates="photos", foreign_keys=[album_id])
    file: Mapped[StoredFile] = relationship()


class SiteProposal(Model):
    """A non-publisher's pending change to what the whole site shows: the
    brand and theme, the home sections, the menu.  Visitors keep seeing the
    Site and MenuItem rows until a publisher publishes it (draft: sent back).

    ``brand`` holds only the fields that differ from the live site,
    ``sections`` and ``menu`` the whole proposed list (None: unchanged).
    """

    __tablename__ = "site_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="submitted")  # "submitted" | "draft" (sent back)
    brand: Mapped[dict | None] = mapped_column(JSON)
    sections: Mapped[list | None] = mapped_column(JSON)
    menu: Mapped[list | None] = mapped_column(JSON)  # [{"id", "label", "page_id", "url"}]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    returned_reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    site: Mapped[Site] = relationship()
    author = relationship("User")

    @property
    def status_label(self) -> str:
        return "已退回修改" if self.status == "draft" else STATUSES["submitted"]

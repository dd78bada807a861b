"""Announcements (通知公告) and who received, read and acknowledged them.

An announcement belongs to the court that published it.  Its addressees are
fixed when it is published: one receipt row per person, holding the court
and branch they were addressed in (what the receipts page groups by) and
when they read and acknowledged it.  So the sender's list of who has not
read it stays what it was when it went out, a member's list is one indexed
look-up of their own receipts, and the to-do is the same look-up.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from ..db import Model, utcnow

if TYPE_CHECKING:
    from ..auth.models import User
    from ..courts.models import Court
    from ..files.models import StoredFile
    from ..org.models import Organisation

SCOPES = {"court": "全院", "branches": "选定支部", "courts_below": "下级法院"}
STATUSES = {"draft": "草稿", "published": "已发布", "withdrawn": "已撤回"}


class AnnouncementFile(Model):
    """An attachment: a stored file (checked by content, internal name)."""

    __tablename__ = "announcement_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcement.id", ondelete="CASCADE"), index=True)
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id", ondelete="CASCADE"), unique=True)

    file: Mapped[StoredFile] = relationship(lazy="joined")


class Announcement(Model):
    __tablename__ = "announcement"
    __table_args__ = (Index("ix_announcement_court_published", "court_id", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(120))
    # Plain text; blank lines separate paragraphs (see ``paragraphs``).
    body: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(String(20), default="court")
    # The last day (court-local) to press 确认已阅; None: no acknowledgement asked.
    ack_deadline: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]

    court: Mapped[Court] = relationship()
    author: Mapped[User | None] = relationship()
    branches: Mapped[list[Organisation]] = relationship(
        secondary="announcement_branch", order_by="Organisation.position, Organisation.id"
    )
    courts: Mapped[list[Court]] = relationship(secondary="announcement_court", order_by="Court.position, Court.id")
    files: Mapped[list[AnnouncementFile]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by=AnnouncementFile.id
    )
    # Loaded only where a list asks for it (undefer): a paperclip per row, no query per row.
    file_count: Mapped[int] = column_property(
        select(func.count(AnnouncementFile.id))
        .where(AnnouncementFile.announcement_id == id)
        .correlate_except(AnnouncementFile)
        .scalar_subquery(),
        deferred=True,
    )

    @property
    def status(self) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        return "published" if self.published_at is not None else "draft"

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def scope_label(self) -> str:
        return SCOPES.get(self.scope, self.scope)

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @property
    def is_live(self) -> bool:
        return self.published_at is not None and self.withdrawn_at is None

    @property
    def paragraphs(self) -> list[str]:
        """The body in paragraphs: each non-empty line is one."""
        return [line.strip() for line in (self.body or "").splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<Announcement {self.id} {self.title!r}>"


class AnnouncementBranch(Model):
    """A branch an announcement of scope "branches" is addressed to."""

    __tablename__ = "announcement_branch"

    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcement.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AnnouncementCourt(Model):
    """A court below that an announcement of scope "courts_below" went to
    (written when it is published, so a court without accounts still shows
    on the receipts page)."""

    __tablename__ = "announcement_court"

    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcement.id", ondelete="CASCADE"), primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id", ondelete="CASCADE"), primary_key=True, index=True)


class AnnouncementReceipt(Model):
    """One addressee of a published announcement."""

    __tablename__ = "announcement_receipt"
    __table_args__ = (
        UniqueConstraint("announcement_id", "user_id"),
        Index("ix_announcement_receipt_user_court", "user_id", "court_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcement.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # Where the person was addressed: their court (a court below for
    # "courts_below") and branch (None: the 机关党委 level, no branch).
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    read_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]

    announcement: Mapped[Announcement] = relationship()
    user: Mapped[User] = relationship()

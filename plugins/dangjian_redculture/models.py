"""Tables of the red-culture module (redculture_*).

A participant row keeps the member's branch at the time of the activity, so
statistics per branch stay right after a member moves to another branch.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dangjian.api import Member, Model, Organisation, StoredFile, utcnow

RESOURCE_KINDS = {"story": "红色故事", "document": "文档资料", "video": "视频", "link": "外部链接"}
ACTIVITY_KINDS = {"visit": "参观学习", "theme_day": "主题党日", "study_day": "学习日"}


def split_themes(text: str) -> list[str]:
    """Themes are typed as words separated by commas, 、 or spaces."""
    for mark in ("，", "、", ";", "；", " "):
        text = (text or "").replace(mark, ",")
    return list(dict.fromkeys(t.strip()[:20] for t in text.split(",") if t.strip()))


class Base(Model):
    """An education base (红色教育基地)."""

    __tablename__ = "redculture_base"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[str] = mapped_column(String(200), default="")
    visiting_notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    photos: Mapped[list[BasePhoto]] = relationship(cascade="all, delete-orphan", order_by="BasePhoto.id")

    @property
    def theme_list(self) -> list[str]:
        return split_themes(self.themes)


class BasePhoto(Model):
    __tablename__ = "redculture_base_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    base_id: Mapped[int] = mapped_column(ForeignKey("redculture_base.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    caption: Mapped[str] = mapped_column(String(100), default="")

    file: Mapped[StoredFile] = relationship()


class Resource(Model):
    """A story, document, video or link of the resource library."""

    __tablename__ = "redculture_resource"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="story")
    themes: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(String(300), default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    link_url: Mapped[str] = mapped_column(String(500), default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="SET NULL"))
    base_id: Mapped[int | None] = mapped_column(ForeignKey("redculture_base.id", ondelete="SET NULL"), index=True)
    # Where the study module keeps it as a study material (its URL), once assigned.
    study_url: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    file: Mapped[StoredFile | None] = relationship()
    base: Mapped[Base | None] = relationship()

    @property
    def kind_label(self) -> str:
        return RESOURCE_KINDS.get(self.kind, self.kind)

    @property
    def theme_list(self) -> list[str]:
        return split_themes(self.themes)


class Activity(Model):
    """A visit or theme day at a base, or the court's yearly study day."""

    __tablename__ = "redculture_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="visit")
    title: Mapped[str] = mapped_column(String(120))
    base_id: Mapped[int | None] = mapped_column(ForeignKey("redculture_base.id", ondelete="SET NULL"), index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[date] = mapped_column(Date, index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    # Study days only: members sign up themselves until this moment (naive UTC).
    signup_deadline: Mapped[datetime | None] = mapped_column()
    # Branch id (str) → URL of the theme-day record the archives module keeps.
    archive_links: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    base: Mapped[Base | None] = relationship()
    organisers: Mapped[list[ActivityBranch]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    participants: Mapped[list[Participant]] = relationship(back_populates="activity", cascade="all, delete-orphan")
    photos: Mapped[list[ActivityPhoto]] = relationship(cascade="all, delete-orphan", order_by="ActivityPhoto.id")

    @property
    def kind_label(self) -> str:
        return ACTIVITY_KINDS.get(self.kind, self.kind)

    @property
    def signup_open_now(self) -> bool:
        from .services import signup_open  # services builds on these models

        return signup_open(self)

    @property
    def branch_ids(self) -> list[int]:
        return [o.branch_id for o in self.organisers]

    @property
    def where(self) -> str:
        return self.base.name if self.base is not None else self.place


class ActivityBranch(Model):
    """An organising branch of an activity (none: the court's party committee)."""

    __tablename__ = "redculture_activity_branch"
    __table_args__ = (UniqueConstraint("activity_id", "branch_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("redculture_activity.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)

    branch: Mapped[Organisation] = relationship(lazy="selectin")


class Participant(Model):
    """A member signed up for or taking part in an activity."""

    __tablename__ = "redculture_participant"
    __table_args__ = (UniqueConstraint("activity_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("redculture_activity.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    signed_up_at: Mapped[datetime | None] = mapped_column()
    attended: Mapped[bool] = mapped_column(Boolean, default=False)
    reflection: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[Member] = relationship()
    activity: Mapped[Activity] = relationship(back_populates="participants")


class ActivityPhoto(Model):
    __tablename__ = "redculture_activity_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("redculture_activity.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    caption: Mapped[str] = mapped_column(String(100), default="")
    # Chosen for the branch microsite's 红色足迹 (only these reach visitors).
    on_site: Mapped[bool] = mapped_column(Boolean, default=False)

    file: Mapped[StoredFile] = relationship()

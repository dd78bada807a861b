"""Tables of the study module (study_*).

Check-ins carry a ``dedupe_key`` ("m<material id>" or "d<yyyy-mm-dd>") with a
unique constraint on (member, key): one check-in per member per material and
one free-topic check-in per member and day, enforced by the database so that
double submits and concurrent requests end in exactly one row.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dangjian.api import Member, Model, Organisation, StoredFile, utcnow

MATERIAL_KINDS = {"article": "图文文章", "document": "文档资料", "video": "视频", "link": "外部链接"}
SCOPES = {"court": "全院党员", "branches": "指定党支部", "group": "指定党小组"}


class StudyMaterial(Model):
    __tablename__ = "study_material"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    # The publishing branch; None when the court party committee published it.
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="article")
    body_html: Mapped[str] = mapped_column(Text, default="")
    link_url: Mapped[str] = mapped_column(String(500), default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="SET NULL"))
    scope: Mapped[str] = mapped_column(String(20), default="court")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    minutes: Mapped[int] = mapped_column(default=60)  # study time credited per check-in
    due_on: Mapped[date | None] = mapped_column(Date)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Offered by another module (dangjian_study_offer_material): its name and its key.
    source: Mapped[str] = mapped_column(String(40), default="", server_default="")
    source_key: Mapped[str] = mapped_column(String(80), default="", server_default="", index=True)

    branch: Mapped[Organisation | None] = relationship(foreign_keys=[branch_id])
    group: Mapped[Organisation | None] = relationship(foreign_keys=[group_id])
    file: Mapped[StoredFile | None] = relationship()
    targets: Mapped[list[StudyMaterialBranch]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def kind_label(self) -> str:
        return MATERIAL_KINDS.get(self.kind, self.kind)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


class StudyMaterialBranch(Model):
    """A branch a material is assigned to (scope "branches")."""

    __tablename__ = "study_material_branch"
    __table_args__ = (UniqueConstraint("material_id", "branch_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("study_material.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)

    branch: Mapped[Organisation] = relationship()


class StudyCheckin(Model):
    __tablename__ = "study_checkin"
    __table_args__ = (UniqueConstraint("member_id", "dedupe_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    material_id: Mapped[int | None] = mapped_column(ForeignKey("study_material.id", ondelete="SET NULL"), index=True)
    dedupe_key: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str] = mapped_column(String(120), default="")
    studied_on: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int] = mapped_column(default=0)
    reflection: Mapped[str] = mapped_column(Text, default="")
    # Chosen by the branch secretary or editor for the branch microsite.
    show_on_site: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[Member] = relationship()
    material: Mapped[StudyMaterial | None] = relationship()

    @property
    def title(self) -> str:
        return self.material.title if self.material is not None else self.topic

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


class StudySession(Model):
    """A collective study session (集中学习) of a branch."""

    __tablename__ = "study_session"
    # One session per record of another module; NULL keys (sessions entered
    # here) never collide.
    __table_args__ = (UniqueConstraint("court_id", "source", "source_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    topic: Mapped[str] = mapped_column(String(120))
    minutes: Mapped[int] = mapped_column(default=60)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Recorded by another module (dangjian_study_record_session): its name,
    # its key and where the original lives.
    source: Mapped[str] = mapped_column(String(40), default="", server_default="")
    source_key: Mapped[str | None] = mapped_column(String(80))
    source_url: Mapped[str] = mapped_column(String(300), default="", server_default="")

    branch: Mapped[Organisation] = relationship()
    attendees: Mapped[list[StudySessionAttendee]] = relationship(cascade="all, delete-orphan")

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


class StudySessionAttendee(Model):
    __tablename__ = "study_session_attendee"
    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("study_session.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)

    member: Mapped[Member] = relationship()


class StudyPlan(Model):
    """A branch's monthly study plan (月度学习计划)."""

    __tablename__ = "study_plan"
    __table_args__ = (UniqueConstraint("branch_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # "2025-03"
    note: Mapped[str] = mapped_column(Text, default="")
    sessions_text: Mapped[str] = mapped_column(Text, default="")  # planned sessions, one per line
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    branch: Mapped[Organisation] = relationship()
    items: Mapped[list[StudyPlanMaterial]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class StudyPlanMaterial(Model):
    __tablename__ = "study_plan_material"
    __table_args__ = (UniqueConstraint("plan_id", "material_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("study_plan.id", ondelete="CASCADE"), index=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("study_material.id", ondelete="CASCADE"), index=True)

    material: Mapped[StudyMaterial] = relationship(lazy="selectin")

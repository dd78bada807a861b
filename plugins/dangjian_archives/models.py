"""Tables of the archives module (all named archives_<thing>).

Every row carries court_id, and branch_id where it belongs to a branch, so
views fetch with get_in_court_or_404 / get_in_scope_or_404.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dangjian.api import Member, Model, Organisation, StoredFile, utcnow

DRAFT, FILED, APPROVED, RETURNED = "draft", "filed", "approved", "returned"
STATUS_LABELS = {DRAFT: "草稿", FILED: "已报送", APPROVED: "已审核", RETURNED: "已驳回"}
# Statuses of a meeting that was held and reported (counted in statistics).
REPORTED = (FILED, APPROVED, RETURNED)

PRESENT, ABSENT, NONVOTING = "present", "absent", "nonvoting"
ATTENDANCE_LABELS = {PRESENT: "出席", ABSENT: "缺席", NONVOTING: "列席（无表决权）"}


class MeetingType(Model):
    __tablename__ = "archives_meeting_type"
    __table_args__ = (UniqueConstraint("court_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(40))
    # month / quarter / year / none (no required frequency)
    frequency: Mapped[str] = mapped_column(String(10), default="month")
    elements: Mapped[list] = mapped_column(JSON, default=list)
    custom_elements: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)


class PlanItem(Model):
    __tablename__ = "archives_plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int | None]  # None: the yearly plan
    month: Mapped[int | None]
    type_id: Mapped[int] = mapped_column(ForeignKey("archives_meeting_type.id"))
    theme: Mapped[str] = mapped_column(String(200))
    lecturer: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    type: Mapped[MeetingType] = relationship()
    branch: Mapped[Organisation] = relationship()


class Meeting(Model):
    __tablename__ = "archives_meeting"
    __table_args__ = (
        Index("ix_archives_meeting_court_held", "court_id", "held_on"),
        Index("ix_archives_meeting_branch_held", "branch_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    type_id: Mapped[int] = mapped_column(ForeignKey("archives_meeting_type.id"), index=True)
    plan_item_id: Mapped[int | None] = mapped_column(ForeignKey("archives_plan_item.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)  # the court's local date
    start_time: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM", local
    # 0 = not given; a 党课 needs it (its attendees are credited with study hours).
    duration_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    place: Mapped[str] = mapped_column(String(100), default="")
    chair: Mapped[str] = mapped_column(String(40), default="")
    recorder: Mapped[str] = mapped_column(String(40), default="")
    lecturer: Mapped[str] = mapped_column(String(40), default="")
    nonvoting_others: Mapped[str] = mapped_column(String(200), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    resolutions: Mapped[str] = mapped_column(Text, default="")
    confirmed: Mapped[list] = mapped_column(JSON, default=list)  # custom elements ticked
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # 补开补报
    deadline: Mapped[date | None] = mapped_column(Date)
    filed_at: Mapped[datetime | None]
    reviewed_at: Mapped[datetime | None]
    review_note: Mapped[str] = mapped_column(String(300), default="")
    expected_count: Mapped[int] = mapped_column(default=0)
    present_count: Mapped[int] = mapped_column(default=0)
    voting_count: Mapped[int] = mapped_column(default=0)
    voting_present: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(40), default="")
    source_key: Mapped[str] = mapped_column(String(80), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    type: Mapped[MeetingType] = relationship()
    branch: Mapped[Organisation] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.id"
    )
    files: Mapped[list[MeetingFile]] = relationship(cascade="all, delete-orphan", order_by="MeetingFile.id")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def hours(self) -> float | None:
        return round(self.duration_minutes / 60, 1) if self.duration_minutes else None


class Attendance(Model):
    __tablename__ = "archives_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("archives_meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=PRESENT)
    reason: Mapped[str] = mapped_column(String(100), default="")
    # Set by a QR sign-in (扫码签到): the member came themselves, not ticked by hand.
    signed_in_at: Mapped[datetime | None] = mapped_column()

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    member: Mapped[Member] = relationship()


class MeetingFile(Model):
    __tablename__ = "archives_meeting_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("archives_meeting.id", ondelete="CASCADE"), index=True)
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    role: Mapped[str] = mapped_column(String(12), default="other")  # signin / minutes / photo / other
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    stored: Mapped[StoredFile] = relationship()


class DocumentCategory(Model):
    __tablename__ = "archives_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    retention_years: Mapped[int] = mapped_column(default=0)  # 0 = 永久
    position: Mapped[int] = mapped_column(default=0)

    @property
    def retention_label(self) -> str:
        return "永久" if not self.retention_years else f"{self.retention_years} 年"


class Document(Model):
    __tablename__ = "archives_document"
    __table_args__ = (Index("ix_archives_document_court_year", "court_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    category_id: Mapped[int] = mapped_column(ForeignKey("archives_category.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    branch: Mapped[Organisation] = relationship()
    category: Mapped[DocumentCategory] = relationship()
    stored: Mapped[StoredFile] = relationship()


class Handover(Model):
    """档案交接记录: what was handed over when an officer changed."""

    __tablename__ = "archives_handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    handed_on: Mapped[date] = mapped_column(Date)
    post: Mapped[str] = mapped_column(String(40))
    from_name: Mapped[str] = mapped_column(String(40))
    to_name: Mapped[str] = mapped_column(String(40))
    items: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    branch: Mapped[Organisation] = relationship()


class Bundle(Model):
    """A built yearly archive zip, kept under the instance folder."""

    __tablename__ = "archives_bundle"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    internal_name: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(default=0)
    record_count: Mapped[int] = mapped_column(default=0)
    document_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    branch: Mapped[Organisation] = relationship()

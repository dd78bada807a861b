"""The assessment's tables (prefix ``assessment_``).

A court's standard for a year holds aspects (方面) and items (项目); an
assessment (考评) of a period uses one standard and has one entry per
branch, whose item scores keep the self-score and the review score side by
side.  Points are decimals with two places.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dangjian.api import Model, Organisation, User, utcnow

Points = Numeric(7, 2, asdecimal=False)

# Scoring methods of an item.
MANUAL, INDICATOR, DEDUCTION = "manual", "indicator", "deduction"
METHODS = {MANUAL: "人工评分", INDICATOR: "按指标自动计分", DEDUCTION: "按次扣分（扣完为止）"}

# Standard: draft (editable) → frozen (once an assessment of its year opens).
DRAFT, FROZEN = "draft", "frozen"
# Assessment: open (self-assessment) → reviewing → notice (公示) → published; closed is read-only.
OPEN, REVIEWING, NOTICE, PUBLISHED = "open", "reviewing", "notice", "published"
# BranchEntry (a branch's part): draft → submitted → reviewed.
ENTRY_DRAFT, SUBMITTED, REVIEWED = "draft", "submitted", "reviewed"


class Standard(Model):
    __tablename__ = "assessment_standard"
    __table_args__ = (UniqueConstraint("court_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(120))
    total_points: Mapped[float] = mapped_column(Points, default=100)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    # The intermediate court offers its standard to the courts below.
    published_for_city: Mapped[bool] = mapped_column(default=False)
    adopted_from_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_standard.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    aspects: Mapped[list[Aspect]] = relationship(
        back_populates="standard", cascade="all, delete-orphan", order_by="Aspect.position"
    )

    @property
    def items_total(self) -> float:
        """The points of all items together; an assessment can open only
        when this equals ``total_points``."""
        return round(sum(float(item.points) for aspect in self.aspects for item in aspect.items), 2)


class Aspect(Model):
    __tablename__ = "assessment_aspect"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("assessment_standard.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="")

    standard: Mapped[Standard] = relationship(back_populates="aspects")
    items: Mapped[list[Item]] = relationship(
        back_populates="aspect", cascade="all, delete-orphan", order_by="Item.position"
    )


class Item(Model):
    __tablename__ = "assessment_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("assessment_standard.id", ondelete="CASCADE"), index=True)
    aspect_id: Mapped[int] = mapped_column(ForeignKey("assessment_aspect.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    points: Mapped[float] = mapped_column(Points)
    method: Mapped[str] = mapped_column(String(20), default=MANUAL)
    # For INDICATOR: the indicator key and how its value becomes points,
    # {"kind": "thresholds", "steps": [{"min": 90, "points": 5}, ...]} or
    # {"kind": "linear", "low": 60, "high": 100}.
    indicator_key: Mapped[str | None] = mapped_column(String(80))
    mapping: Mapped[dict | None] = mapped_column(JSON)
    # For DEDUCTION: points taken per occurrence, down to zero.
    deduction_per: Mapped[float | None] = mapped_column(Points)
    evidence_expected: Mapped[str] = mapped_column(Text, default="")

    aspect: Mapped[Aspect] = relationship(back_populates="items")


class Assessment(Model):
    """One court's assessment of a year or half-year (考评)."""

    __tablename__ = "assessment_cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("assessment_standard.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    period_start: Mapped[date]
    period_end: Mapped[date]
    self_due: Mapped[date | None]
    review_due: Mapped[date | None]
    notice_days: Mapped[int] = mapped_column(default=5)
    # {"5": {"min": 90, "innovation": true}, "4": {"min": 80}, ...}
    star_thresholds: Mapped[dict | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=OPEN)
    notice_started_at: Mapped[datetime | None]
    notice_ends_on: Mapped[date | None]
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    standard: Mapped[Standard] = relationship()


class Reviewer(Model):
    __tablename__ = "assessment_reviewer"
    __table_args__ = (UniqueConstraint("assessment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment_cycle.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship(User)


class BranchEntry(Model):
    """A branch's part in an assessment: its self-assessment and results."""

    __tablename__ = "assessment_entry"
    __table_args__ = (UniqueConstraint("assessment_id", "branch_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment_cycle.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ENTRY_DRAFT)
    innovation: Mapped[str] = mapped_column(String(200), default="")  # the branch's innovation project (创新项目)
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    self_total: Mapped[float | None] = mapped_column(Points)
    review_total: Mapped[float | None] = mapped_column(Points)
    final_total: Mapped[float | None] = mapped_column(Points)
    rank: Mapped[int | None]
    stars: Mapped[int | None]

    scores: Mapped[list[ItemScore]] = relationship(back_populates="entry", cascade="all, delete-orphan")
    branch: Mapped[Organisation] = relationship(Organisation)
    assessment: Mapped[Assessment] = relationship()


class ItemScore(Model):
    """One item of one entry: the self-score and the review score, both kept."""

    __tablename__ = "assessment_score"
    __table_args__ = (UniqueConstraint("entry_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("assessment_entry.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("assessment_item.id"), index=True)
    # What the indicator said when scored (automatic items), for the record.
    indicator_value: Mapped[float | None]
    occurrences: Mapped[int | None]  # deduction items
    self_points: Mapped[float | None] = mapped_column(Points)
    self_note: Mapped[str] = mapped_column(Text, default="")
    review_points: Mapped[float | None] = mapped_column(Points)
    review_note: Mapped[str] = mapped_column(Text, default="")  # required when it differs from the self-score
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None]

    entry: Mapped[BranchEntry] = relationship(back_populates="scores")


class ItemScoreFile(Model):
    """An attachment to a self-score (a stored file of the host's)."""

    __tablename__ = "assessment_score_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("assessment_score.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))


class Objection(Model):
    """An objection a member raises during the public notice (公示), and the answer."""

    __tablename__ = "assessment_objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment_cycle.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("assessment_entry.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    entry: Mapped[BranchEntry] = relationship()
    user: Mapped[User | None] = relationship(User, foreign_keys=[user_id])


class BusinessValue(Model):
    """A per-branch business indicator for a year imported from Excel
    (党建与业务融合: 结案率, 审限内结案率, 调解撤诉率 …)."""

    __tablename__ = "assessment_business_value"
    __table_args__ = (UniqueConstraint("court_id", "year", "branch_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    year: Mapped[int]
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    value: Mapped[float]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

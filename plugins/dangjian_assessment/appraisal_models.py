"""The yearly member appraisal's tables (民主评议党员, prefix ``assessment_appraisal``).

Anonymity is built into the schema: a ballot is never stored.  Votes are
counts per (round, rated member, grade) in ``AppraisalTally``; who has voted
is a separate ``AppraisalVoter`` row (one per round and member, no time, no
grades).  Every rated member's four tally rows are created together in a
fixed order, so neither the ids nor the order of the rows tells what one
ballot said.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dangjian.api import Member, Model, utcnow

# Grades, best first (the order of every table and form).
EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED = "excellent", "qualified", "basic", "unqualified"
GRADES = {EXCELLENT: "优秀", QUALIFIED: "合格", BASIC: "基本合格", UNQUALIFIED: "不合格"}

# A round: open (self-appraisal, votes, decisions) → closed (read-only).
ROUND_OPEN, ROUND_CLOSED = "open", "closed"
ROUND_STATUSES = {ROUND_OPEN: "进行中", ROUND_CLOSED: "已结束"}


class Appraisal(Model):
    """One court's appraisal round of a year, for all its branches."""

    __tablename__ = "assessment_appraisal"
    __table_args__ = (UniqueConstraint("court_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default=ROUND_OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AppraisalSelf(Model):
    """A member's self-appraisal (个人总结) in a round."""

    __tablename__ = "assessment_appraisal_self"
    __table_args__ = (UniqueConstraint("appraisal_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("assessment_appraisal.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)


class AppraisalVoter(Model):
    """That a member has voted in a round; nothing about how."""

    __tablename__ = "assessment_appraisal_voter"
    __table_args__ = (UniqueConstraint("appraisal_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("assessment_appraisal.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)


class AppraisalTally(Model):
    """How many votes a member got for one grade in a round."""

    __tablename__ = "assessment_appraisal_tally"
    __table_args__ = (UniqueConstraint("appraisal_id", "member_id", "grade"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("assessment_appraisal.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    grade: Mapped[str] = mapped_column(String(20))
    votes: Mapped[int] = mapped_column(default=0)


class AppraisalResult(Model):
    """The grade the branch decided for a member, with its note (the reason, for 不合格)."""

    __tablename__ = "assessment_appraisal_result"
    __table_args__ = (UniqueConstraint("appraisal_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("assessment_appraisal.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    # The member's branch when decided: the distribution counts by it even after a transfer.
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    grade: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[Member] = relationship(Member)

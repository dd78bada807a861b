"""Tables of the showcase module.  The brand itself (name, logo, slogan, the
五有) lives on the host's microsite ``Site`` and is never copied here."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dangjian.api import HONOUR_LEVELS, Model, Organisation, StoredFile, User, utcnow

REVIEW_STATUSES = {"open": "征集评审中", "published": "结果已发布"}
STAR_CHOICES = {5: "五星级", 4: "四星级", 3: "三星级", 2: "二星级", 1: "一星级"}
LEVELS = {key: label for key, label in HONOUR_LEVELS.items()}


class BranchRating(Model):
    """The star rating the court admin records for a branch, until the
    assessment module provides it."""

    __tablename__ = "showcase_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), unique=True)
    stars: Mapped[int]
    year: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CourtHonour(Model):
    """An honour of the court itself (branch honours stay on the microsites)."""

    __tablename__ = "showcase_court_honour"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20), default="court")
    awarding_body: Mapped[str] = mapped_column(String(120), default="")
    awarded_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, self.level)


class Review(Model):
    """A brand showcase review (品牌展评)."""

    __tablename__ = "showcase_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    period: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    votes_enabled: Mapped[bool] = mapped_column(default=False)
    award_places: Mapped[int] = mapped_column(default=3)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]

    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="Criterion.position, Criterion.id"
    )
    judges: Mapped[list[Judge]] = relationship(back_populates="review", cascade="all, delete-orphan")
    entries: Mapped[list[Entry]] = relationship(back_populates="review", cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def status_label(self) -> str:
        return REVIEW_STATUSES.get(self.status, self.status)


class Criterion(Model):
    __tablename__ = "showcase_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("showcase_review.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    weight: Mapped[int]  # percent; the weights of a review add up to 100
    position: Mapped[int] = mapped_column(default=0)

    review: Mapped[Review] = relationship(back_populates="criteria")


class Judge(Model):
    __tablename__ = "showcase_judge"
    __table_args__ = (UniqueConstraint("review_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("showcase_review.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)

    review: Mapped[Review] = relationship(back_populates="judges")
    user = relationship(User)


class Entry(Model):
    """A branch's entry in a review, built from its microsite brand."""

    __tablename__ = "showcase_entry"
    __table_args__ = (UniqueConstraint("review_id", "branch_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("showcase_review.id", ondelete="CASCADE"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")  # plain text
    submitted_at: Mapped[datetime | None]
    # Set when the results are published.
    rank: Mapped[int | None]
    final_score: Mapped[float | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    honour_id: Mapped[int | None] = mapped_column(ForeignKey("site_honour.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    review: Mapped[Review] = relationship(back_populates="entries")
    branch: Mapped[Organisation] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="Attachment.id"
    )


class Attachment(Model):
    __tablename__ = "showcase_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("showcase_entry.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id", ondelete="CASCADE"))

    entry: Mapped[Entry] = relationship(back_populates="attachments")
    file: Mapped[StoredFile] = relationship()


class Score(Model):
    """One judge's score of one entry on one criterion (0–100)."""

    __tablename__ = "showcase_score"
    __table_args__ = (UniqueConstraint("entry_id", "user_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("showcase_entry.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("showcase_criterion.id", ondelete="CASCADE"))
    value: Mapped[int]
    scored_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Vote(Model):
    """A member's vote for an entry: one per member per entry."""

    __tablename__ = "showcase_vote"
    __table_args__ = (UniqueConstraint("entry_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("showcase_entry.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JudgeComment(Model):
    """One judge's 评语 on one entry, written with their scores; seen by the
    court admin (the entry's published comment is the admin's own)."""

    __tablename__ = "showcase_judge_comment"
    __table_args__ = (UniqueConstraint("entry_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("showcase_entry.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

"""Tables of the development module (development_*).

A court's steps are data (``Step``): the built-in ones carry a ``code`` the
time rules key on, the court may rename them and add its own.  A candidate
is not a member until admitted; admission creates the member record and
links it (``member_id``), so 入党时间 and 转正时间 are entered once, here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dangjian.api import Member, Model, Organisation, StoredFile, User, utcnow

STAGES = {
    "applicant": "入党申请人",
    "activist": "入党积极分子",
    "target": "发展对象",
    "probationary": "预备党员",
    "full": "正式党员",
}
STAGE_ORDER = tuple(STAGES)
SEXES = {"male": "男", "female": "女"}
# The member roll's choices (the record admission creates).
EDUCATIONS = ("博士研究生", "硕士研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下")


class Step(Model):
    """One step of the court's development procedure, in ``position`` order."""

    __tablename__ = "development_step"
    __table_args__ = (UniqueConstraint("court_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    # Built-in steps keep their code (the time rules and documents key on it);
    # a court's own steps get "custom-<n>".
    code: Mapped[str] = mapped_column(String(30))
    stage: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Done several times (half-yearly assessments); not needed before the next step.
    repeatable: Mapped[bool] = mapped_column(Boolean, default=False)
    hint: Mapped[str] = mapped_column(String(300), default="")

    @property
    def stage_label(self) -> str:
        return STAGES.get(self.stage, self.stage)

    @property
    def builtin(self) -> bool:
        return not self.code.startswith("custom-")


class Candidate(Model):
    """A person on the way into the party, in one branch of the court."""

    __tablename__ = "development_candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    sex: Mapped[str] = mapped_column(String(10), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    department: Mapped[str] = mapped_column(String(80), default="")
    education: Mapped[str] = mapped_column(String(20), default="")
    contact_person: Mapped[str] = mapped_column(String(60), default="")  # 培养联系人
    stage: Mapped[str] = mapped_column(String(20), default="applicant", index=True)
    # The person's own account: they see their own file through it.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    branch: Mapped[Organisation] = relationship()
    member: Mapped[Member | None] = relationship()
    # The host's account model, by name: plugins do not import it.
    user: Mapped[User | None] = relationship(User, foreign_keys=[user_id])
    records: Mapped[list[StepRecord]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="StepRecord.done_on, StepRecord.id"
    )
    documents: Mapped[list[CandidateDocument]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="CandidateDocument.id.desc()"
    )

    @property
    def stage_label(self) -> str:
        return STAGES.get(self.stage, self.stage)

    @property
    def sex_label(self) -> str:
        return SEXES.get(self.sex, self.sex)


class StepRecord(Model):
    """A step done for a candidate: its date and who recorded it."""

    __tablename__ = "development_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("development_candidate.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("development_step.id"), index=True)
    done_on: Mapped[date] = mapped_column(Date, index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    by_name: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="records")
    step: Mapped[Step] = relationship(lazy="joined")


class CandidateDocument(Model):
    """A document of a candidate's file, uploaded or generated from a template."""

    __tablename__ = "development_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("development_candidate.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(30), default="")  # a template key when generated
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    by_name: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="documents")
    file: Mapped[StoredFile] = relationship()


class DocumentTemplate(Model):
    """A court's own .docx replacing a default template."""

    __tablename__ = "development_template"
    __table_args__ = (UniqueConstraint("court_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    file: Mapped[StoredFile] = relationship()

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model, utcnow

if TYPE_CHECKING:
    from ..courts.models import Court
    from ..org.models import Organisation

SEXES = {"male": "男", "female": "女"}
MEMBER_STATUSES = {"full": "正式党员", "probationary": "预备党员"}
EDUCATIONS = ("博士研究生", "硕士研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下")

# Shown only to the member, their branch secretary and the court admin.
PERSONAL_FIELDS = ("birth_date", "id_number", "phone", "address")


class Member(Model):
    """A party member on a court's roll (``left_on`` set once they leave it)."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)

    name: Mapped[str] = mapped_column(String(40), index=True)
    sex: Mapped[str] = mapped_column(String(10), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    education: Mapped[str] = mapped_column(String(20), default="")
    joined_party_on: Mapped[date | None]  # 入党时间
    full_member_on: Mapped[date | None]  # 转正时间
    status: Mapped[str] = mapped_column(String(20), default="full")
    party_post: Mapped[str] = mapped_column(String(40), default="")
    admin_post: Mapped[str] = mapped_column(String(40), default="")
    department: Mapped[str] = mapped_column(String(80), default="")

    birth_date: Mapped[date | None]
    id_number: Mapped[str] = mapped_column(String(18), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(200), default="")

    # Set when the member leaves the court's roll (调出、出党); kept for history.
    left_on: Mapped[date | None]
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("member_import_batch.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    court: Mapped[Court] = relationship()
    branch: Mapped[Organisation] = relationship(foreign_keys=[branch_id])
    group: Mapped[Organisation | None] = relationship(foreign_keys=[group_id])
    transfers: Mapped[list[MemberTransfer]] = relationship(
        back_populates="member",
        cascade="all, delete-orphan",
        order_by="MemberTransfer.transferred_on.desc(), MemberTransfer.id.desc()",
    )

    @property
    def sex_label(self) -> str:
        return SEXES.get(self.sex, self.sex)

    @property
    def status_label(self) -> str:
        return MEMBER_STATUSES.get(self.status, self.status)

    def party_age(self, today: date | None = None) -> int | None:
        """Party age (党龄) in whole years, counted from the full-member date."""
        if not self.full_member_on:
            return None
        today = today or date.today()
        years = today.year - self.full_member_on.year
        if (today.month, today.day) < (self.full_member_on.month, self.full_member_on.day):
            years -= 1
        return max(years, 0)

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.name}>"


class MemberTransfer(Model):
    """A move between branches; the history of a member's branches.  The
    courts are set when the move crossed courts (None: within one court)."""

    __tablename__ = "member_transfer"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    from_court_id: Mapped[int | None] = mapped_column(ForeignKey("court.id"))
    to_court_id: Mapped[int | None] = mapped_column(ForeignKey("court.id"))
    from_branch_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    to_branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    transferred_on: Mapped[date]
    reason: Mapped[str] = mapped_column(String(200), default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[Member] = relationship(back_populates="transfers")
    from_branch: Mapped[Organisation | None] = relationship(foreign_keys=[from_branch_id])
    to_branch: Mapped[Organisation] = relationship(foreign_keys=[to_branch_id])
    from_court: Mapped[Court | None] = relationship(foreign_keys=[from_court_id])
    to_court: Mapped[Court | None] = relationship(foreign_keys=[to_court_id])


TRANSFER_REQUEST_STATUSES = {"pending": "待接收", "accepted": "已接收", "declined": "已退回", "withdrawn": "已撤回"}


class CourtTransferRequest(Model):
    """A member's move to a branch of another court of the city: asked for by
    the sending court's admin, accepted or declined by the receiving one."""

    __tablename__ = "court_transfer_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    from_court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    from_branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    to_court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    to_branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    decline_reason: Mapped[str] = mapped_column(String(200), default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    member: Mapped[Member] = relationship()
    from_court: Mapped[Court] = relationship(foreign_keys=[from_court_id])
    to_court: Mapped[Court] = relationship(foreign_keys=[to_court_id])
    from_branch: Mapped[Organisation] = relationship(foreign_keys=[from_branch_id])
    to_branch: Mapped[Organisation] = relationship(foreign_keys=[to_branch_id])

    @property
    def status_label(self) -> str:
        return TRANSFER_REQUEST_STATUSES.get(self.status, self.status)


class MemberImportBatch(Model):
    """One Excel import; members created by it can be removed together (undo)."""

    __tablename__ = "member_import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    # use_alter breaks the member → batch → user → member cycle at create time.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL", use_alter=True))
    filename: Mapped[str] = mapped_column(String(200), default="")
    row_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")

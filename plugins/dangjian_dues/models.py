"""Tables of the dues module (dues_*).  Every amount is an integer of 分.

A payment keeps the member's branch at the time it was recorded, so a
branch's collected figures stay right after the member moves on.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dangjian.api import Member, Model, Organisation, utcnow

METHODS = {"cash": "现金", "transfer": "银行转账", "wechat": "微信", "alipay": "支付宝", "payroll": "工资代扣"}


class Rate(Model):
    """A member's dues for one year: the declared monthly after-tax pay and
    what follows from it.  ``monthly_fen`` is kept, not recomputed, so a
    later change of the rules never rewrites what a member was asked for."""

    __tablename__ = "dues_rate"
    __table_args__ = (UniqueConstraint("member_id", "year", name="uq_dues_rate_member_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    pay_fen: Mapped[int] = mapped_column(BigInteger)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    monthly_fen: Mapped[int] = mapped_column(BigInteger)  # from the brackets
    extra_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # 自愿多交, per month
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)  # 经支部研究免交/缓交
    note: Mapped[str] = mapped_column(String(200), default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    member: Mapped[Member] = relationship()

    @property
    def expected_fen(self) -> int:
        """What the member is asked for each month of the year."""
        return 0 if self.exempt else self.monthly_fen + self.extra_fen


class Payment(Model):
    """Money received for one month of one member (补交 when paid after it)."""

    __tablename__ = "dues_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    month: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20), default="cash")
    note: Mapped[str] = mapped_column(String(200), default="")
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("dues_import_batch.id", ondelete="SET NULL"), index=True, nullable=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[Member] = relationship()
    branch: Mapped[Organisation] = relationship()

    @property
    def receipt_no(self) -> str:
        return f"DF{self.year}{self.month:02d}-{self.id:06d}"

    @property
    def method_label(self) -> str:
        return METHODS.get(self.method, self.method)

    @property
    def is_back_payment(self) -> bool:
        return (self.paid_on.year, self.paid_on.month) > (self.year, self.month)


class Officer(Model):
    """A member the branch secretary designated as the branch's dues officer
    (党费收缴员): the host has no such role, so the module keeps it."""

    __tablename__ = "dues_officer"
    __table_args__ = (UniqueConstraint("branch_id", "member_id", name="uq_dues_officer_branch_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[Member] = relationship()


class ImportBatch(Model):
    """One uploaded payments statement: checked rows wait here (``pending``)
    until confirmed (``applied``); an applied batch can be undone."""

    __tablename__ = "dues_import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    rows: Mapped[list] = mapped_column(JSON, default=list)
    errors: Mapped[list] = mapped_column(JSON, default=list)
    total_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None]
    undone_at: Mapped[datetime | None]

    STATUS_LABELS: ClassVar[dict[str, str]] = {"pending": "待确认", "applied": "已导入", "undone": "已撤销"}

    @property
    def status_label(self) -> str:
        return self.STATUS_LABELS.get(self.status, self.status)

"""Changes to rates, payments and officers.  Services flush and audit; the
view commits.  A change that cannot be made raises :class:`DuesRefused`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dangjian.api import Member, Refused, audit, court_today, db, module_settings

from .models import METHODS, Officer, Payment, Rate
from .money import MAX_PAYMENT_FEN, monthly_dues, yuan

FIRST_YEAR = 2000


class DuesRefused(Refused):
    """A dues change refused, with the reason in Chinese."""


def settings(court) -> dict:
    return module_settings("dues", court)


def months_apart(earlier: tuple[int, int], later: tuple[int, int]) -> int:
    return (later[0] - earlier[0]) * 12 + later[1] - earlier[1]


def check_year(year, today: date) -> int:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= today.year + 1:
        raise DuesRefused(f"年度应在 {FIRST_YEAR} 年至 {today.year + 1} 年之间", field="year")
    return year


def save_rate(
    court, member: Member, year: int, pay_fen: int, *, retired=False, extra_fen=0, exempt=False, note="", user=None
) -> Rate:
    check_year(year, court_today(court))
    if pay_fen < 0 or extra_fen < 0:
        raise DuesRefused("金额不能为负数")
    rate = db.session.scalar(select(Rate).where(Rate.member_id == member.id, Rate.year == year))
    created = rate is None
    if rate is None:
        rate = Rate(court_id=court.id, member_id=member.id, year=year)
        db.session.add(rate)
    rate.pay_fen, rate.retired, rate.extra_fen = pay_fen, bool(retired), extra_fen
    rate.monthly_fen = monthly_dues(pay_fen, rate.retired)
    rate.exempt, rate.note = bool(exempt), (note or "").strip()[:200]
    rate.updated_by_id = user.id if user is not None else None
    db.session.flush()
    audit(
        "dues.rate_saved",
        f"{'核定' if created else '修改'}{member.name} {year} 年党费标准：每月 {yuan(rate.expected_fen)} 元",
        target=rate,
        court=court,
        user=user,
        detail={"member_id": member.id, "year": year, "monthly_fen": rate.monthly_fen, "extra_fen": extra_fen},
    )
    return rate


def carry_rates(court, members, year: int, user=None) -> int:
    """The yearly recalculation's start: each member without a rate for
    ``year`` gets last year's declared pay, recalculated by the brackets."""
    check_year(year, court_today(court))
    ids = [m.id for m in members] or [-1]
    previous = {
        r.member_id: r for r in db.session.scalars(select(Rate).where(Rate.member_id.in_(ids), Rate.year == year - 1))
    }
    existing = set(db.session.scalars(select(Rate.member_id).where(Rate.member_id.in_(ids), Rate.year == year)))
    count = 0
    for member in members:
        old = previous.get(member.id)
        if old is None or member.id in existing:
            continue
        db.session.add(
            Rate(
                court_id=court.id,
                member_id=member.id,
                year=year,
                pay_fen=old.pay_fen,
                retired=old.retired,
                monthly_fen=monthly_dues(old.pay_fen, old.retired),
                extra_fen=old.extra_fen,
                exempt=False,
                note="",
                updated_by_id=user.id if user is not None else None,
            )
        )
        count += 1
    db.session.flush()
    audit("dues.rates_carried", f"按上年申报工资生成 {year} 年党费标准 {count} 人", court=court, user=user)
    return count


def check_payment(court, member: Member, year: int, month: int, amount_fen: int, paid_on: date, note: str) -> None:
    """Why a payment cannot be recorded, as a refusal; nothing is written."""
    today = court_today(court)
    check_year(year, today)
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise DuesRefused("月份应为 1 至 12", field="month")
    if (year, month) > (today.year, today.month):
        raise DuesRefused("不能登记尚未到来的月份", field="month")
    if not 0 < amount_fen <= MAX_PAYMENT_FEN:
        raise DuesRefused(f"金额应大于 0 且不超过 {yuan(MAX_PAYMENT_FEN)} 元", field="amount")
    if paid_on > today:
        raise DuesRefused("缴纳日期不能晚于今天", field="paid_on")
    if paid_on.year < FIRST_YEAR:
        raise DuesRefused(f"缴纳日期不能早于 {FIRST_YEAR} 年", field="paid_on")
    if db.session.scalar(select(Rate.id).where(Rate.member_id == member.id, Rate.year == year)) is None:
        raise DuesRefused(f"{member.name} 尚未核定 {year} 年党费标准，请先核定", field="year")
    limit = int(settings(court).get("backpay_months") or 6)
    if months_apart((year, month), (paid_on.year, paid_on.month)) > limit and not (note or "").strip():
        raise DuesRefused(f"补交超过 {limit} 个月的党费，请在备注中说明情况（如经支部研究同意）", field="note")


def record_payment(
    court,
    member: Member,
    year: int,
    month: int,
    amount_fen: int,
    paid_on: date,
    method="cash",
    note="",
    user=None,
    batch_id=None,
) -> Payment:
    if method not in METHODS:
        raise DuesRefused("请选择缴纳方式", field="method")
    check_payment(court, member, year, month, amount_fen, paid_on, note)
    payment = Payment(
        court_id=court.id,
        branch_id=member.branch_id,
        member_id=member.id,
        year=year,
        month=month,
        amount_fen=amount_fen,
        paid_on=paid_on,
        method=method,
        note=(note or "").strip()[:200],
        batch_id=batch_id,
        recorded_by_id=user.id if user is not None else None,
    )
    db.session.add(payment)
    db.session.flush()
    if batch_id is None:
        kind = "补交" if payment.is_back_payment else "缴纳"
        audit(
            "dues.payment_recorded",
            f"登记{member.name} {year} 年 {month} 月党费{kind} {yuan(amount_fen)} 元",
            target=payment,
            court=court,
            user=user,
            detail={"member_id": member.id, "year": year, "month": month, "amount_fen": amount_fen},
        )
    return payment


def delete_payment(court, payment: Payment, user=None) -> None:
    member = payment.member
    summary = f"删除{member.name} {payment.year} 年 {payment.month} 月党费记录 {yuan(payment.amount_fen)} 元"
    detail = {"member_id": member.id, "year": payment.year, "month": payment.month, "amount_fen": payment.amount_fen}
    db.session.delete(payment)
    db.session.flush()
    audit("dues.payment_deleted", summary, court=court, user=user, detail=detail)


def add_officer(court, branch, member: Member, user=None) -> Officer:
    if member.court_id != court.id or member.branch_id != branch.id or member.left_on is not None:
        raise DuesRefused("只能指定本支部的在册党员为党费收缴员", field="member")
    found = db.session.scalar(select(Officer).where(Officer.branch_id == branch.id, Officer.member_id == member.id))
    if found is not None:
        raise DuesRefused(f"{member.name} 已是本支部党费收缴员", field="member")
    officer = Officer(court_id=court.id, branch_id=branch.id, member_id=member.id)
    db.session.add(officer)
    db.session.flush()
    audit("dues.officer_added", f"指定{member.name}为{branch.name}党费收缴员", target=officer, court=court, user=user)
    return officer


def remove_officer(court, officer: Officer, branch, user=None) -> None:
    name = officer.member.name
    db.session.delete(officer)
    db.session.flush()
    audit("dues.officer_removed", f"取消{name}的{branch.name}党费收缴员指定", court=court, user=user)

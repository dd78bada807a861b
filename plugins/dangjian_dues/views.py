"""The member's own statement, a branch's monthly collection and a member's dues page."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from sqlalchemy import select

from dangjian.api import (
    active_branches,
    current_user,
    db,
    get_in_court_or_404,
    int_arg,
    member_of,
    requires,
    show_refusal,
    year_arg,
)

from . import ledger, services
from .blueprint import bp, status_code, today
from .forms import CarryForm, PaymentForm, RateForm
from .models import Payment
from .money import yuan
from .scoping import branch_or_404, current_scope, member_or_404, require_manager
from .services import DuesRefused


@bp.route("/")
@requires("dues.view")
def index():
    scope = current_scope()
    if scope is not None and not scope:
        return redirect(url_for(".mine"))
    now = today()
    branches = active_branches(g.court, scope)
    table = ledger.branch_year(g.court, now.year, now, [b.id for b in branches])
    behind = ledger.behind(g.court, now, [b.id for b in branches], at_least=1)
    counts: dict[int, int] = {}
    for member, _run, _owed in behind:
        counts[member.branch_id] = counts.get(member.branch_id, 0) + 1
    rows = [
        {"branch": b, "month": table[b.id].get(now.month, ledger.Totals()), "behind": counts.get(b.id, 0)}
        for b in branches
    ]
    return render_template(
        "dues/index.html", rows=rows, today=now, own=member_of(current_user, g.court), carry=CarryForm(year=now.year)
    )


def statement_context(member, year: int):
    """A member's year: months, what each asked and received, the receipts."""
    now = today()
    book = ledger.load(g.court, [member.id], [*ledger.look_back_years(now), year])
    payments = list(
        db.session.scalars(
            select(Payment)
            .where(Payment.member_id == member.id, Payment.year == year)
            .order_by(Payment.month, Payment.paid_on, Payment.id)
        )
    )
    by_month: dict[int, list[Payment]] = {}
    for payment in payments:
        by_month.setdefault(payment.month, []).append(payment)
    due_until = ledger.last_counted_month(year, now)
    months = []
    for month in range(1, 13):
        expected = book.expected(member, year, month)
        paid = book.paid_in(member.id, year, month)
        months.append(
            {
                "month": month,
                "expected": expected,
                "paid": paid,
                "payments": by_month.get(month, []),
                "due": month <= due_until,
                # The running month is not overdue yet: 待缴, not 欠缴.
                "short": (year, month) < (now.year, now.month) and expected > 0 and paid < expected,
                "current": (year, month) == (now.year, now.month),
            }
        )
    counted = [m for m in months if m["due"]]
    return {
        "member": member,
        "year": year,
        "years": list(range(now.year, now.year - 6, -1)),
        "rate": book.rate(member.id, year),
        "months": months,
        "payments": payments,
        "expected_total": sum(m["expected"] for m in counted),
        "paid_total": sum(p.amount_fen for p in payments),
        "run": book.unpaid_run(member, now),
        "arrears": book.arrears(member, now),
        "yuan": yuan,
        "today": now,
    }


@bp.route("/me")
@requires("dues.view")
def mine():
    member = member_of(current_user, g.court)
    if member is None:
        return render_template("dues/no_member.html")
    year = year_arg("year", today().year)
    return render_template("dues/statement.html", own=True, **statement_context(member, year))


@bp.route("/branches/<int:branch_id>")
@requires("dues.view")
def branch(branch_id: int):
    scope = require_manager()
    branch = branch_or_404(branch_id, scope)
    now = today()
    year = year_arg("year", now.year)
    month = int_arg("month", now.month, minimum=1, maximum=12)
    members = ledger.roll(g.court, [branch.id])
    book = ledger.load(g.court, [m.id for m in members], set([*ledger.look_back_years(now), year]))
    paid_rows = db.session.scalars(
        select(Payment)
        .where(Payment.court_id == g.court.id, Payment.member_id.in_([m.id for m in members] or [-1]))
        .where(Payment.year == year, Payment.month == month)
        .order_by(Payment.paid_on, Payment.id)
    )
    payments: dict[int, list[Payment]] = {}
    for payment in paid_rows:
        payments.setdefault(payment.member_id, []).append(payment)
    rows = []
    for member in members:
        expected = book.expected(member, year, month)
        paid = book.paid_in(member.id, year, month)
        rows.append(
            {
                "member": member,
                "rate": book.rate(member.id, year),
                "expected": expected,
                "paid": paid,
                "payments": payments.get(member.id, []),
                "run": book.unpaid_run(member, now),
                "arrears": book.arrears(member, now),
            }
        )
    totals = {"expected": 0, "paid": 0, "short": 0}
    for member in members:
        expected, paid = book.expected(member, year, month), book.paid_in(member.id, year, month)
        totals["expected"] += expected
        totals["paid"] += paid
        totals["short"] += max(0, expected - paid)
    return render_template(
        "dues/branch.html",
        branch=branch,
        rows=rows,
        year=year,
        month=month,
        totals=totals,
        yuan=yuan,
        years=list(range(now.year, now.year - 6, -1)),
        notice=int(services.settings(g.court).get("notice_months") or 3),
    )


@bp.route("/members/<int:member_id>")
@requires("dues.view")
def member(member_id: int):
    scope = require_manager()
    member = member_or_404(member_id, scope)
    year = year_arg("year", today().year)
    context = statement_context(member, year)
    rate = context["rate"]
    rate_form = RateForm(
        year=year,
        pay=yuan(rate.pay_fen).replace(",", "") if rate else "",
        extra=yuan(rate.extra_fen).replace(",", "") if rate else "0",
        retired=rate.retired if rate else False,
        exempt=rate.exempt if rate else False,
        note=rate.note if rate else "",
        formdata=None,
    )
    now = today()
    payment_form = PaymentForm(
        year=year, month=now.month if year == now.year else 12, paid_on=now, method="cash", formdata=None
    )
    return render_template("dues/statement.html", own=False, rate_form=rate_form, payment_form=payment_form, **context)


@bp.route("/members/<int:member_id>/rate", methods=["GET", "POST"])
@requires("dues.view")
def rate_edit(member_id: int):
    scope = require_manager()
    member = member_or_404(member_id, scope)
    form = RateForm()
    if form.validate_on_submit():
        try:
            services.save_rate(
                g.court,
                member,
                form.year.data,
                form.pay.fen,
                retired=form.retired.data,
                extra_fen=form.extra.fen,
                exempt=form.exempt.data,
                note=form.note.data,
                user=current_user,
            )
        except DuesRefused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已保存{member.name} {form.year.data} 年党费标准。", "success")
            return redirect(url_for(".member", member_id=member.id, year=form.year.data))
    if not form.is_submitted():
        form.year.data = year_arg("year", today().year)
    return render_template("dues/rate_form.html", form=form, member=member), status_code(form)


@bp.route("/members/<int:member_id>/payments/new", methods=["GET", "POST"])
@requires("dues.view")
def payment_new(member_id: int):
    scope = require_manager()
    member = member_or_404(member_id, scope)
    form = PaymentForm()
    if form.validate_on_submit():
        try:
            services.record_payment(
                g.court,
                member,
                form.year.data,
                form.month.data,
                form.amount.fen,
                form.paid_on.data,
                form.method.data,
                form.note.data,
                user=current_user,
            )
        except DuesRefused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已登记{member.name} {form.year.data} 年 {form.month.data} 月党费。", "success")
            return redirect(url_for(".member", member_id=member.id, year=form.year.data))
    if not form.is_submitted():
        now = today()
        form.year.data, form.month.data, form.paid_on.data = now.year, now.month, now
    return render_template("dues/payment_form.html", form=form, member=member), status_code(form)


@bp.route("/payments/<int:payment_id>/delete", methods=["POST"])
@requires("dues.view")
def payment_delete(payment_id: int):
    scope = require_manager()
    payment = get_in_court_or_404(Payment, payment_id)
    member = member_or_404(payment.member_id, scope)
    year = payment.year
    services.delete_payment(g.court, payment, user=current_user)
    db.session.commit()
    flash("已删除这笔缴纳记录。", "success")
    return redirect(url_for(".member", member_id=member.id, year=year))


@bp.route("/rates/carry", methods=["POST"])
@requires("dues.view")
def rates_carry():
    scope = require_manager()
    form = CarryForm()
    if not form.validate_on_submit():
        for messages in form.errors.values():
            for message in messages:
                flash(message, "danger")
        return redirect(url_for(".index"))
    try:
        count = services.carry_rates(g.court, ledger.roll(g.court, scope), form.year.data, user=current_user)
    except DuesRefused as refusal:
        show_refusal(refusal)
        return redirect(url_for(".index"))
    db.session.commit()
    flash(f"已按上年申报工资为 {count} 名党员生成 {form.year.data} 年党费标准，工资有变化的请逐人修改。", "success")
    return redirect(url_for(".index"))

"""Collection reports per branch and court, and the list of members behind."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from flask import g, render_template

from dangjian.api import active_branches, requires, safe_row, save_workbook, year_arg

from . import ledger, services
from .blueprint import bp, today
from .money import percent, yuan
from .scoping import require_manager
from .views_admin import xlsx_response


def _report(year: int):
    scope = require_manager()
    now = today()
    branches = active_branches(g.court, scope)
    table = ledger.branch_year(g.court, year, now, [b.id for b in branches])
    months = list(range(1, ledger.last_counted_month(year, now) + 1))
    court_months = {m: ledger.Totals() for m in months}
    rows = []
    court_total = ledger.Totals()
    for branch in branches:
        total = ledger.Totals()
        for month in months:
            total.add(table[branch.id][month])
            court_months[month].add(table[branch.id][month])
        court_total.add(total)
        rows.append({"branch": branch, "months": table[branch.id], "total": total})
    return {
        "year": year,
        "years": list(range(now.year, now.year - 6, -1)),
        "months": months,
        "rows": rows,
        "court_months": court_months,
        "court_total": court_total,
        "whole_court": scope is None,
        "yuan": yuan,
        "percent": percent,
    }


def _yuan(fen: int) -> Decimal:
    """Exact yuan for a numeric cell (Decimal, never float)."""
    return Decimal(fen) / 100


@bp.route("/reports")
@requires("dues.view")
def reports():
    return render_template("dues/reports.html", **_report(year_arg("year", today().year)))


@bp.route("/reports.xlsx")
@requires("dues.view")
def reports_export():
    context = _report(year_arg("year", today().year))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(f"{context['year']}年党费收缴")
    sheet.append(safe_row(sheet, ["支部", "月份", "应缴（元）", "实缴（元）", "缴纳率"]))
    for row in context["rows"]:
        for month in context["months"]:
            cell = row["months"][month]
            values = [row["branch"].name, f"{month}月", _yuan(cell.expected), _yuan(cell.collected)]
            sheet.append(safe_row(sheet, [*values, percent(cell.collected, cell.expected)]))
        total = row["total"]
        values = [row["branch"].name, "全年", _yuan(total.expected), _yuan(total.collected)]
        sheet.append(safe_row(sheet, [*values, percent(total.collected, total.expected)]))
    total = context["court_total"]
    label = "全院合计" if context["whole_court"] else "合计"
    sheet.append(
        safe_row(
            sheet,
            [label, "全年", _yuan(total.expected), _yuan(total.collected), percent(total.collected, total.expected)],
        )
    )
    data = save_workbook(book) or b""
    return xlsx_response(data, f"{context['year']}年党费收缴统计.xlsx", f"dues-{context['year']}.xlsx")


@bp.route("/arrears")
@requires("dues.view")
def arrears():
    scope = require_manager()
    now = today()
    notice = int(services.settings(g.court).get("notice_months") or 3)
    serious = int(services.settings(g.court).get("serious_months") or 6)
    rows = ledger.behind(g.court, now, scope, at_least=1)
    branches = {b.id: b for b in active_branches(g.court)}
    return render_template(
        "dues/arrears.html", rows=rows, branches=branches, notice=notice, serious=serious, yuan=yuan, today=now
    )

"""The statistics table as an Excel workbook (by branch and by member)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dangjian.api import save_workbook

BRANCH_HEADERS = ("党支部", "党员人数", "参学人数", "参学率(%)", "打卡次数", "完成资料", "集中学习次数", "学时合计")
MEMBER_HEADERS = ("党支部", "姓名", "打卡次数", "完成资料", "学时", "年度目标学时")


def _sheet(book, title, headers, rows, widths):
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B8141B")
    for row in rows:
        sheet.append(list(row))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def workbook(court_name: str, start, end, branch_rows, total, member_rows, targets) -> bytes:
    book = Workbook()
    book.remove(book.active)
    rows = [
        (
            r.label,
            r.figures.members,
            r.figures.participants,
            r.figures.rate,
            r.figures.checkins,
            r.figures.materials,
            r.figures.sessions,
            r.figures.hours,
        )
        for r in branch_rows
    ]
    rows.append(
        (
            "合计",
            total.members,
            total.participants,
            total.rate,
            total.checkins,
            total.materials,
            total.sessions,
            total.hours,
        )
    )
    sheet = _sheet(book, "按支部", BRANCH_HEADERS, rows, (24, 10, 10, 10, 10, 10, 12, 10))
    sheet.append([])
    sheet.append([f"{court_name} 学习统计  {start.isoformat()} 至 {end.isoformat()}（学时含个人学习与集中学习）"])
    if member_rows is not None:
        _sheet(
            book,
            "按党员",
            MEMBER_HEADERS,
            [
                (r.extra["branch"], r.label, r.figures.checkins, r.figures.materials, r.figures.hours, targets[r.key])
                for r in member_rows
            ],
            (24, 12, 10, 10, 10, 12),
        )
    return save_workbook(book)

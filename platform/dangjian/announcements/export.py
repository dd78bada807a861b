"""The receipts of an announcement as an .xlsx workbook: a summary sheet per
branch (and court) and every addressee with their reading and
acknowledgement, written through the host's spreadsheet helper (text that
looks like a formula stays text)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from ..spreadsheets import safe_row, save_workbook
from ..templating import localtime
from . import queries

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B8141B")
SUMMARY_SHEET, PEOPLE_SHEET = "汇总", "收件人明细"


def _header(sheet, titles) -> list:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cells.append(cell)
    return cells


def _widths(sheet, widths) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def write_receipts(announcement, out) -> int:
    """Write the workbook to ``out``; returns the number of addressees."""
    needs_ack = announcement.ack_deadline is not None
    book = Workbook(write_only=True)
    summary = book.create_sheet(SUMMARY_SHEET)
    _widths(summary, [28, 28, 10, 10, 10, 10])
    summary.append(safe_row(summary, [f"通知公告：{announcement.title}"]))
    line = f"发布：{localtime(announcement.published_at)}　范围：{announcement.scope_label}"
    if needs_ack:
        line += f"　确认截止：{announcement.ack_deadline:%Y-%m-%d}"
    summary.append(safe_row(summary, [line]))
    summary.append([])
    titles = ["单位", "党支部", "收件人", "已读", "未读"] + (["已确认"] if needs_ack else [])
    summary.append(_header(summary, titles))
    units, overall = queries.receipt_units(announcement)
    for unit in units:
        for child in unit.children or [unit]:
            court_name = unit.name if unit.children else announcement.court.display_name
            values = [court_name, child.name, child.counts.total, child.counts.read, child.counts.unread]
            summary.append(safe_row(summary, values + ([child.counts.acknowledged] if needs_ack else [])))
    totals = ["合计", "", overall.total, overall.read, overall.unread] + ([overall.acknowledged] if needs_ack else [])
    summary.append(safe_row(summary, totals))

    people = book.create_sheet(PEOPLE_SHEET)
    _widths(people, [26, 24, 12, 20, 16, 18, 18])
    people.append(
        _header(people, ["法院", "党支部", "姓名", "账号", "状态", "阅读时间"] + (["确认时间"] if needs_ack else []))
    )
    count = 0
    for row in queries.export_rows(announcement):
        values = [
            row.court,
            row.branch or "机关党委及未分支部",
            row.name,
            row.username,
            queries.receipt_state(row.read_at, row.acknowledged_at, needs_ack),
            localtime(row.read_at) or None,
        ]
        if needs_ack:
            values.append(localtime(row.acknowledged_at) or None)
        people.append(safe_row(people, values))
        count += 1
    save_workbook(book, out)
    return count

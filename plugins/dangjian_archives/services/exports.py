"""Word export of a record and Excel export of the statistics table."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dangjian.api import save_workbook

from ..models import ABSENT, NONVOTING, PRESENT
from .stats import Table

FONT = "宋体"


def _font(run, size=None, bold=False):
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def record_rows(meeting) -> list[tuple[str, str]]:
    """The standard layout, shared by the Word file and the print view."""
    absent = [
        f"{row.member.name}（{row.reason or '未说明原因'}）" for row in meeting.attendance if row.status == ABSENT
    ]
    nonvoting = [row.member.name for row in meeting.attendance if row.status == NONVOTING]
    if meeting.nonvoting_others:
        nonvoting.append(meeting.nonvoting_others)
    present = [row.member.name for row in meeting.attendance if row.status == PRESENT]
    rows = [
        ("党组织", meeting.branch.name),
        ("会议类型", meeting.type.name),
        ("会议主题", meeting.title),
        ("时间", f"{meeting.held_on:%Y年%m月%d日} {meeting.start_time}".strip()),
        ("地点", meeting.place),
        ("主持人", meeting.chair),
        ("记录人", meeting.recorder),
    ]
    if meeting.lecturer or meeting.type.code == "lesson":
        rows.append(("授课人", meeting.lecturer))
    rows += [
        ("应到 / 实到", f"应到 {meeting.expected_count} 人，实到 {meeting.present_count} 人"),
        ("出席人员", "、".join(present)),
        ("缺席人员及原因", "；".join(absent) or "无"),
        ("列席人员", "、".join(nonvoting) or "无"),
        ("会议议程", meeting.agenda),
        ("会议内容", meeting.minutes),
        ("决议、决定事项", meeting.resolutions),
    ]
    return rows


def meeting_docx(meeting) -> bytes:
    document = WordDocument()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(f"{meeting.branch.name}{meeting.type.name}记录"), size=16, bold=True)
    rows = record_rows(meeting)
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for (label, value), cells in zip(rows, table.rows, strict=True):
        _font(cells.cells[0].paragraphs[0].add_run(label), size=11, bold=True)
        lines = (value or "").splitlines() or [""]
        cells.cells[1].paragraphs[0].text = ""
        _font(cells.cells[1].paragraphs[0].add_run(lines[0]), size=11)
        for line in lines[1:]:
            _font(cells.cells[1].add_paragraph().add_run(line), size=11)
    note = document.add_paragraph()
    state = meeting.status_label + ("（补开补报）" if meeting.late else "")
    _font(note.add_run(f"记录状态：{state}"), size=9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


STAT_HEADERS = ("应开", "按时", "补开补报", "未开", "参会率")


def stats_xlsx(table: Table, period_label: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "情况统计表"
    sheet.append([f"三会一课情况统计表（{period_label}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    header = ["法院", "党组织"]
    for _, name in table.columns:
        header += [f"{name}{label}" for label in STAT_HEADERS]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)

    def line(court_name, branch_name, row):
        values = [court_name, branch_name]
        for code, _ in table.columns:
            cell = row.cells.get(code)
            if cell is None:
                values += ["—"] * 5
            else:
                values += [
                    cell.required,
                    cell.on_time,
                    cell.late,
                    cell.missing,
                    cell.rate if cell.rate is not None else "—",
                ]
        sheet.append(values)

    for row in table.rows:
        line(row.court.display_name, row.branch.name, row)
    for court_row in table.court_rows.values():
        line(court_row.court.display_name, "合计", court_row)
    if table.city is not None:
        line("全市法院", "合计", table.city)
    return save_workbook(workbook)

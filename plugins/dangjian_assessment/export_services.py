"""The assessment's exports: every branch's scoring sheet in one Excel
workbook (a summary and a sheet per branch) and a branch's scoring sheet as
a Word document.  Read-only: nothing here changes a row.

The workbook reads all branches' sheets in a fixed number of statements
(``court_sheets``), whatever the number of branches."""

from __future__ import annotations

import io
import re

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import select

from dangjian.api import db, save_workbook

from . import scoring
from .models import DEDUCTION, ENTRY_DRAFT, METHODS, Assessment, BranchEntry, ItemScore
from .scorecard import (
    STAR_LABELS,
    Block,
    Row,
    Sheet,
    evaluate,
    points_text,
    recorded,
    standard_aspects,
)

SUMMARY_TITLE = "汇总"
SUMMARY_HEADERS = ("名次", "支部", "自评分", "评审分", "最终得分", "星级", "创新项目")
SHEET_HEADERS = ("方面", "项目", "分值", "计分方式", "指标值", "自评分", "自评说明", "评审分", "评审理由")
# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
# Control characters neither a workbook nor a Word document can hold (typed
# notes may carry them, pasted from elsewhere).
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text) -> str:
    return UNWRITABLE.sub("", text or "")


# --- every branch's sheet at once --------------------------------------------------


def court_sheets(court, assessment: Assessment, entries: list[BranchEntry], *, evidence: bool = True) -> list[Sheet]:
    """The sheets of ``entries`` as ``scorecard.build_sheet`` builds them
    (without the attachments), in a fixed number of statements: the
    aspects and items (2), every score (1), and with ``evidence`` the
    modules' indicators, once for all the draft branches."""
    aspects = standard_aspects(assessment.standard_id)
    scores: dict[int, dict[int, ItemScore]] = {}
    for score in db.session.scalars(
        select(ItemScore)
        .join(BranchEntry, BranchEntry.id == ItemScore.entry_id)
        .where(BranchEntry.assessment_id == assessment.id)
    ):
        scores.setdefault(score.entry_id, {})[score.item_id] = score
    types: dict = {}
    values: dict = {}
    if evidence:
        types = scoring.indicator_types(court)
        drafts = [e.branch_id for e in entries if e.status == ENTRY_DRAFT]
        if drafts:
            values = scoring.indicator_values(court, assessment.period_start, assessment.period_end, drafts)
    sheets = []
    for entry in entries:
        own = scores.get(entry.id, {})
        blocks = []
        for aspect in aspects:
            rows = []
            for item in aspect.items:
                score = own.get(item.id) or ItemScore(entry_id=entry.id, item_id=item.id, self_note="", review_note="")
                found = evaluate(item, entry.branch_id, types, values)
                if entry.status != ENTRY_DRAFT:
                    found = recorded(item, score, found)
                rows.append(Row(item, score, [], **found))
            blocks.append(Block(aspect, rows))
        sheets.append(Sheet(assessment, entry, blocks))
    return sheets


def method_text(row: Row) -> str:
    if row.item.method == DEDUCTION:
        return f"按次扣分（每次扣 {points_text(row.item.deduction_per)} 分，扣完为止）"
    return METHODS.get(row.item.method, row.item.method)


def indicator_text(row: Row) -> str:
    """What the evidence said: the indicator's value, or the occurrences of
    a deduction item typed by hand; empty for hand-scored items."""
    if row.value is not None:
        return f"{points_text(row.value)}{row.unit}"
    if row.item.method == DEDUCTION and row.score.occurrences is not None:
        return f"{row.score.occurrences} 次"
    return ""


def stars_text(stars: int | None) -> str:
    return STAR_LABELS.get(stars or 0, "")


def _number(value) -> float | None:
    return None if value is None else round(float(value), 2)


# --- the workbook ----------------------------------------------------------------------


def sheet_names(branch_names: list[str]) -> list[str]:
    """A valid, unique sheet name for each branch: Excel's forbidden
    characters replaced, at most 31 characters, not the summary's name,
    duplicates numbered (Excel compares names without case)."""
    taken = {SUMMARY_TITLE.casefold()}
    names = []
    for raw in branch_names:
        base = SHEET_NAME_FORBIDDEN.sub("_", clean(raw)).strip().strip("'") or "党支部"
        name, n = base[:SHEET_NAME_MAX], 1
        while name.casefold() in taken or name.casefold() == "history":
            n += 1
            suffix = f"({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def _header(sheet, headers, widths) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column, width in zip("ABCDEFGHI", widths, strict=False):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"


def results_xlsx(court, assessment: Assessment, entries: list[BranchEntry]) -> bytes:
    """The summary (ranked) and one sheet per branch.  Values only — no
    formula — and every text cell neutralised by ``save_workbook``."""
    sheets = court_sheets(court, assessment, entries)
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_TITLE
    _header(summary, SUMMARY_HEADERS, (8, 28, 10, 10, 10, 10, 40))
    for sheet in sheets:
        entry = sheet.entry
        final = entry.final_total if entry.final_total is not None else sheet.final_total
        summary.append(
            [
                entry.rank,
                clean(entry.branch.name),
                _number(entry.self_total if entry.self_total is not None else sheet.self_total),
                _number(entry.review_total),
                _number(final),
                stars_text(entry.stars),
                clean(entry.innovation),
            ]
        )
    for name, sheet in zip(sheet_names([s.entry.branch.name for s in sheets]), sheets, strict=True):
        page = book.create_sheet(name)
        _header(page, SHEET_HEADERS, (14, 48, 8, 22, 12, 8, 40, 8, 40))
        for block in sheet.blocks:
            for row in block.rows:
                page.append(
                    [
                        clean(block.aspect.name),
                        clean(row.item.text),
                        _number(row.item.points),
                        method_text(row),
                        indicator_text(row),
                        _number(row.score.self_points),
                        clean(row.score.self_note),
                        _number(row.score.review_points),
                        clean(row.score.review_note),
                    ]
                )
        page.append(["合计", "", _number(sum(b.maximum for b in sheet.blocks)), "", "", sheet.self_total])
        page.append(["最终得分", "", "", "", "", "", "", sheet.final_total, stars_text(sheet.entry.stars)])
        for row in page.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return save_workbook(book)


# --- the Word document -------------------------------------------------------------------

FONT = "宋体"
DOC_HEADERS = ("项目", "分值", "计分方式", "指标值", "自评分", "自评说明", "评审分", "评审理由")
DOC_WIDTHS = (6.0, 1.3, 3.0, 1.8, 1.4, 5.0, 1.4, 4.5)  # cm, on landscape A4


def _run(paragraph, text: str, size: float = 10.5, bold: bool = False):
    run = paragraph.add_run(clean(text))
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    run.font.size = Pt(size)
    run.bold = bold
    return run


def _cell(cell, text: str, bold: bool = False, size: float = 9) -> None:
    lines = clean(text).splitlines() or [""]
    paragraph = cell.paragraphs[0]
    _run(paragraph, lines[0], size, bold)
    for line in lines[1:]:
        _run(cell.add_paragraph(), line, size, bold)


def entry_docx(sheet: Sheet, court_name: str) -> bytes:
    """A branch's scoring sheet: title, branch and period, a table per
    aspect with its subtotal, the totals and the stars."""
    assessment, entry = sheet.assessment, sheet.entry
    document = WordDocument()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, f"{assessment.title}评分表", size=16, bold=True)
    facts = document.add_paragraph()
    _run(facts, f"党支部：{entry.branch.name}　　单位：{court_name}")
    period = document.add_paragraph()
    _run(period, f"考评期间：{assessment.period_start:%Y年%m月%d日} 至 {assessment.period_end:%Y年%m月%d日}")
    for number, block in enumerate(sheet.blocks, start=1):
        heading = document.add_paragraph()
        _run(heading, f"{number}. {block.aspect.name}（满分 {points_text(block.maximum)} 分）", size=12, bold=True)
        table = document.add_table(rows=1, cols=len(DOC_HEADERS))
        table.style = "Table Grid"
        for cell, label, width in zip(table.rows[0].cells, DOC_HEADERS, DOC_WIDTHS, strict=True):
            cell.width = Cm(width)
            _cell(cell, label, bold=True)
        for row in block.rows:
            values = (
                row.item.text,
                points_text(row.item.points),
                method_text(row),
                indicator_text(row) or "—",
                points_text(row.score.self_points),
                row.score.self_note or "",
                points_text(row.score.review_points),
                row.score.review_note or "",
            )
            cells = table.add_row().cells
            for cell, value, width in zip(cells, values, DOC_WIDTHS, strict=True):
                cell.width = Cm(width)
                _cell(cell, value)
        subtotal = table.add_row().cells
        _cell(subtotal[0], "小计", bold=True)
        _cell(subtotal[1], points_text(block.maximum), bold=True)
        _cell(subtotal[4], points_text(block.self_total), bold=True)
        _cell(subtotal[6], points_text(block.final_total), bold=True)
    final = entry.final_total if entry.final_total is not None else sheet.final_total
    totals = document.add_paragraph()
    _run(totals, f"自评合计：{points_text(sheet.self_total)} 分　　", bold=True)
    _run(totals, f"最终得分：{points_text(final)} 分（每项以评审分为准，未评审的按自评分计）", bold=True)
    results = document.add_paragraph()
    if entry.rank:
        _run(results, f"排名：第 {entry.rank} 名　　")
    if entry.stars:
        _run(results, f"星级：{'★' * entry.stars} {STAR_LABELS[entry.stars]}党支部")
    else:
        _run(results, "星级：尚未评定")
    innovation = document.add_paragraph()
    _run(innovation, f"创新项目：{entry.innovation or '（未填写）'}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

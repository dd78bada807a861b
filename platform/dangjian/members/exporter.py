"""Workbooks we hand out: the court's roll, the import template and a dry
run's list of problems.

The roll is written with openpyxl ``write_only`` from a streamed query, so
memory stays flat however large the court.  It uses the import's canonical
headers and real Excel dates: an exported roll imports again unchanged.
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from ..db import db
from ..org.models import Organisation
from ..spreadsheets import safe_row, save_workbook
from .import_columns import COLUMN_BY_FIELD, COLUMNS
from .importer import EXAMPLE_ID_NUMBER, EXAMPLE_NAME, Report
from .models import MEMBER_STATUSES, SEXES, Member

ROLL_SHEET = "党员名册"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B8141B")
WIDTHS = {
    "name": 10,
    "sex": 6,
    "ethnicity": 8,
    "education": 12,
    "party_post": 14,
    "admin_post": 14,
    "department": 16,
    "branch": 20,
    "group": 14,
    "phone": 15,
    "id_number": 21,
    "address": 30,
}
DATE_WIDTH = 12
TEXT_FORMAT = "@"
TEXT_FIELDS = ("phone", "id_number")  # digits Excel must not turn into numbers


def _prepare(sheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        width = DATE_WIDTH if column.kind == "date" else WIDTHS.get(column.field, 12)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"


def _header_cells(sheet) -> list:
    cells = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cells.append(cell)
    return cells


MEMBER_FIELDS = [c.field for c in COLUMNS if c.kind != "org"]


def _roll_filter(court, branch_id: int | None) -> list:
    conditions = [Member.court_id == court.id, Member.left_on.is_(None)]
    if branch_id is not None:
        conditions.append(Member.branch_id == branch_id)
    return conditions


def roll_query(court, branch_id: int | None = None):
    """Plain columns, not entities: nothing piles up in the identity map."""
    branch, group = aliased(Organisation), aliased(Organisation)
    query = (
        select(
            *(getattr(Member, field) for field in MEMBER_FIELDS),
            branch.name.label("branch"),
            group.name.label("group"),
        )
        .join(branch, Member.branch_id == branch.id)
        .outerjoin(group, Member.group_id == group.id)
        .where(*_roll_filter(court, branch_id))
        .order_by(branch.position, branch.id, Member.id)
    )
    return query.execution_options(yield_per=500)


def _member_row(row) -> list:
    values = row._mapping
    labels = {
        "sex": SEXES.get(values["sex"], values["sex"]),
        "status": MEMBER_STATUSES.get(values["status"], values["status"]),
        "group": values["group"] or "",
    }
    # None, not "": an empty cell is not written at all (smaller, faster to read back).
    return [labels.get(c.field, values[c.field]) or None for c in COLUMNS]


def write_roll(court, out, branch_id: int | None = None) -> int:
    """Write the court's active members to ``out``; returns how many."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ROLL_SHEET)
    _prepare(sheet)
    rows = db.session.scalar(select(func.count()).select_from(Member).where(*_roll_filter(court, branch_id))) or 0
    # The write-only writer emits <dimension> when the sheet can say its size.
    # Without it, a read_only reader (our import included) has to scan the
    # whole sheet just to open the workbook.
    last = f"{get_column_letter(len(COLUMNS))}{rows + 1}"
    sheet.calculate_dimension = lambda: f"A1:{last}"
    sheet.append(_header_cells(sheet))
    count = 0
    for row in db.session.execute(roll_query(court, branch_id)):
        sheet.append(safe_row(sheet, _member_row(row)))
        count += 1
    save_workbook(workbook, out)
    return count


def write_template(out, branch_names: list[str]) -> None:
    """An empty roll with one example row, drop-down lists and instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ROLL_SHEET
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, Alignment(horizontal="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = DATE_WIDTH if column.kind == "date" else WIDTHS.get(column.field, 12)
    example = _example(branch_names[0] if branch_names else "少年庭党支部")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=2, column=index, value=example[column.field])
        cell.font = Font(italic=True, color="808080")
        if column.field in TEXT_FIELDS:
            cell.number_format = TEXT_FORMAT
    _text_columns(sheet)
    _drop_downs(workbook, sheet, branch_names)
    sheet.freeze_panes = "B2"
    _instructions(workbook.create_sheet("填写说明"))
    save_workbook(workbook, out)


def _example(branch_name: str) -> dict:
    return {
        "name": EXAMPLE_NAME,
        "sex": "男",
        "ethnicity": "汉族",
        "birth_date": date(1990, 7, 1),
        "education": "大学本科",
        "joined_party_on": date(2012, 6, 20),
        "full_member_on": date(2013, 6, 20),
        "status": "正式党员",
        "party_post": "组织委员",
        "admin_post": "审判员",
        "department": "少年审判庭",
        "branch": branch_name,
        "group": "",
        "phone": "13900000000",
        "id_number": EXAMPLE_ID_NUMBER,
        "address": "安阳市文峰区示例路1号",
    }


def _text_columns(sheet, rows: int = 2000) -> None:
    # Formatted as text before anyone types, so an 18-digit ID keeps its digits.
    for field in TEXT_FIELDS:
        letter = get_column_letter(COLUMNS.index(COLUMN_BY_FIELD[field]) + 1)
        for row in range(3, rows + 1):
            sheet[f"{letter}{row}"].number_format = TEXT_FORMAT


def _drop_downs(workbook, sheet, branch_names: list[str]) -> None:
    def letter(field):
        return get_column_letter(COLUMNS.index(COLUMN_BY_FIELD[field]) + 1)

    lists = {"sex": '"男,女"', "status": '"正式党员,预备党员"'}
    if branch_names:
        names = workbook.create_sheet("支部列表")
        for row, name in enumerate(branch_names, start=1):
            names.cell(row=row, column=1, value=name)
        names.sheet_state = "hidden"
        lists["branch"] = f"'支部列表'!$A$1:$A${len(branch_names)}"
    for field, formula in lists.items():
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
        validation.add(f"{letter(field)}2:{letter(field)}5000")
        sheet.add_data_validation(validation)


INSTRUCTIONS = (
    "党员名册导入模板 · 填写说明",
    "1. 在“党员名册”工作表中每行填写一名党员；第2行是示例（灰色斜体），导入前请删除或直接覆盖。",
    "2. 必填列：姓名、所在支部。所在支部须与本院现有党支部名称一致（可省略“党支部”三字）。",
    "3. 日期可写作 2015-07-01、2015/7/1、2015.07、2015年7月1日 或 201507（只写年月时按当月1日计）。",
    "4. 性别填“男”或“女”；党员类别填“正式党员”或“预备党员”，留空时有入党时间而无转正时间的按预备党员处理。",
    "5. 身份证号、联系电话请保持“文本”格式，避免 Excel 把长数字改成科学计数法。",
    "6. 系统会先校验全部数据并逐行列出问题，有任何问题时不会导入；确认导入后可撤销最近一次导入。",
)


def _instructions(sheet) -> None:
    sheet.column_dimensions["A"].width = 110
    for row, line in enumerate(INSTRUCTIONS, start=1):
        cell = sheet.cell(row=row, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)


def write_problems(report: Report, out) -> None:
    """The dry run's problems as a sheet the user can sort and work through."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("导入问题")
    for letter, width in (("A", 8), ("B", 12), ("C", 90)):
        sheet.column_dimensions[letter].width = width
    header = []
    for title in ("行号", "姓名", "问题"):
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for problem in report.file_errors:
        sheet.append(safe_row(sheet, ["", "", problem]))
    for error in report.errors:
        sheet.append(safe_row(sheet, [error["row"], error["name"], "；".join(error["messages"])]))
    save_workbook(workbook, out)

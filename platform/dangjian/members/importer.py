"""Member import from Excel: the dry run (find the header, read every row,
report every problem with its row number).

Nothing here touches the request: views pass in the court, the file path and
the limits.  Validation streams the sheet (openpyxl ``read_only``) and runs
two queries however long the file is: one for the court's active branches and
party groups, one for the members already on its roll.  Writing and undoing
a batch live in :mod:`.import_batches`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from ..db import db
from ..org.models import Organisation
from .import_columns import (
    COLUMN_BY_FIELD,
    FIELD_DEFAULTS,
    REQUIRED_FIELDS,
    CellError,
    Column,
    column_for_header,
    is_blank,
    parse_cell,
    plain,
    shown,
)
from .models import MEMBER_STATUSES, SEXES, Member

log = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 5
# Blank rows cost as much to read as filled ones, and a cell far down the sheet makes openpyxl yield every row
# above it: the work is bounded by rows read, not only by rows with data.
RAW_ROWS_PER_DATA_ROW = 2
MAX_COLUMNS = 60
PREVIEW_ROWS = 10
XLSX_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
# The template's example row; importing it unchanged is refused.
EXAMPLE_NAME = "张红旗"
EXAMPLE_ID_NUMBER = "410500199007010012"
NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx）。请用 Excel 或 WPS 打开后“另存为 .xlsx”再上传。"
OLD_XLS = "这是旧版 .xls 文件（或加密的工作簿），无法读取。请在 Excel 或 WPS 中“另存为 .xlsx”后再上传。"


# ---------------------------------------------------------------- reference data


def _strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class OrgIndex:
    """Active branches and party groups of a court, looked up by name.

    "少年庭党支部" is also found as "少年庭" or "少年庭支部"; a short name
    shared by two branches maps to 0 (ambiguous) rather than a guess, and a
    full name always wins over someone else's short name.
    """

    BRANCH_SUFFIXES = ("党支部", "支部")
    GROUP_SUFFIXES = ("党小组", "小组")

    def __init__(self, court) -> None:
        rows = db.session.execute(
            select(Organisation.id, Organisation.name, Organisation.kind, Organisation.parent_id).where(
                Organisation.court_id == court.id,
                Organisation.dissolved_at.is_(None),
                Organisation.kind.in_(("branch", "group")),
            )
        ).all()
        self.names: dict[int, str] = {row.id: row.name for row in rows}
        branches = [(row.id, row.name, None) for row in rows if row.kind == "branch"]
        groups = [(row.id, row.name, row.parent_id) for row in rows if row.kind == "group"]
        self.index = _name_index(branches, self.BRANCH_SUFFIXES) | _name_index(groups, self.GROUP_SUFFIXES)

    def branch(self, text: str) -> int | None:
        return self.index.get((None, text))

    def group(self, branch_id: int, text: str) -> int | None:
        return self.index.get((branch_id, text))


def _name_index(entries, suffixes: tuple[str, ...]) -> dict[tuple, int]:
    full = {(scope, plain(name)): org_id for org_id, name, scope in entries}
    index: dict[tuple, int] = {}
    for org_id, name, scope in entries:
        base = _strip_suffix(plain(name), suffixes)
        for key in {(scope, base), *((scope, base + suffix) for suffix in suffixes)}:
            if key not in full:
                index[key] = org_id if index.get(key, org_id) == org_id else 0
    return index | full


class Roll:
    """Who is on the court's roll already, for the duplicate check."""

    def __init__(self, court) -> None:
        rows = db.session.execute(
            select(Member.name, Member.birth_date, Member.id_number).where(
                Member.court_id == court.id, Member.left_on.is_(None)
            )
        ).all()
        self.id_numbers = {row.id_number.upper(): row.name for row in rows if row.id_number}
        self.names = {(row.name, row.birth_date) for row in rows if row.birth_date}


# ---------------------------------------------------------------- the report


@dataclass
class Report:
    """What a dry run found.  ``rows`` (ready to insert) is not serialised."""

    filename: str = ""
    sheet: str = ""
    header_row: int = 0
    total: int = 0
    columns: list[dict] = field(default_factory=list)
    ignored: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors and self.total > 0

    @property
    def valid(self) -> int:
        return self.total - len(self.errors)

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "rows"}

    @classmethod
    def from_dict(cls, data: dict) -> Report:
        known = {key: value for key, value in data.items() if key in cls.__dataclass_fields__ and key != "rows"}
        return cls(**known)


def _open(handle):
    """(workbook, None) for a readable .xlsx, else (None, why not)."""
    head = handle.read(8)
    if head.startswith(OLE_SIGNATURE):
        return None, OLD_XLS
    if not head.startswith(XLSX_SIGNATURE):
        return None, NOT_XLSX
    handle.seek(0)
    try:
        # A handle, not a path: openpyxl would judge a path by its suffix.
        return openpyxl.load_workbook(handle, read_only=True, data_only=True), None
    except Exception:  # openpyxl raises many kinds for a broken archive
        log.info("upload is not a readable workbook", exc_info=True)
        return None, NOT_XLSX


def validate_file(path, court, *, max_rows: int, filename: str = "") -> Report:
    """Dry-run ``path`` against ``court``: nothing is written."""
    report = Report(filename=filename)
    with open(path, "rb") as handle:
        workbook, problem = _open(handle)
        if problem:
            report.file_errors.append(problem)
            return report
        try:
            _Validator(court, max_rows, report).run(workbook)
        except Exception:
            log.warning("could not read workbook %s", path, exc_info=True)
            report.file_errors.append("文件内容已损坏或格式异常，无法读取。请在 Excel 中打开检查后重新保存为 .xlsx。")
        finally:
            workbook.close()
    return report


class _Validator:
    def __init__(self, court, max_rows: int, report: Report) -> None:
        self.court, self.max_rows, self.report = court, max_rows, report
        self.by_id: dict[str, int] = {}
        self.by_name: dict[tuple, int] = {}

    @property
    def raw_limit(self) -> int:
        return self.max_rows * RAW_ROWS_PER_DATA_ROW + HEADER_SCAN_ROWS

    def _too_many_raw_rows(self) -> None:
        self.report.file_errors.append(
            f"工作表行数过多（含空行，超过 {self.raw_limit} 行）。请删除表格末尾和中间多余的空行；"
            f"党员超过 {self.max_rows} 人时请拆分成几个文件分批导入。"
        )

    def run(self, workbook) -> None:
        for sheet in workbook.worksheets:
            if (sheet.max_row or 0) > self.raw_limit:  # the size the writer recorded: refused before reading
                return self._too_many_raw_rows()
            sheet.reset_dimensions()  # some writers record a wrong (too small) size: rows read are counted too
            rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
            head = [next(rows, ()) for _ in range(HEADER_SCAN_ROWS)]
            for index, cells in enumerate(head):
                mapping, ignored = _map_headers(cells)
                if "name" in {column.field for column, _ in mapping}:
                    self.report.sheet, self.report.header_row = sheet.title, index + 1
                    self.report.ignored = ignored
                    self.report.columns = [
                        {"letter": get_column_letter(i + 1), "header": str(cells[i]).strip(), "label": c.header}
                        for c, i in mapping
                    ]
                    return self._read(mapping, head[index + 1 :], rows, index + 2)
        self.report.file_errors.append(
            f"在工作表前 {HEADER_SCAN_ROWS} 行中没有找到表头。表头应包含“姓名”“所在支部”等列，可下载模板对照填写。"
        )

    def _read(self, mapping, buffered, rest, first_row: int) -> None:
        missing = [COLUMN_BY_FIELD[f].header for f in REQUIRED_FIELDS if f not in {c.field for c, _ in mapping}]
        if missing:
            self.report.file_errors.append(f"缺少必需的列：{'、'.join(missing)}。")
            return
        self.orgs, self.roll = OrgIndex(self.court), Roll(self.court)
        for number, cells in enumerate(_chain(buffered, rest), start=first_row):
            if number > self.raw_limit:
                return self._too_many_raw_rows()
            raw = {column.field: (cells[i] if i < len(cells) else None) for column, i in mapping}
            if all(is_blank(value) for value in raw.values()):
                continue
            self.report.total += 1
            if self.report.total > self.max_rows:
                self.report.file_errors.append(f"数据超过单次导入上限 {self.max_rows} 行，请拆分成几个文件分批导入。")
                return
            self._row(number, raw, mapping)
        if self.report.total == 0:
            self.report.file_errors.append("表头下方没有党员数据。")

    def _row(self, number: int, raw: dict, mapping) -> None:
        values, problems = dict(FIELD_DEFAULTS), []
        for column, _ in mapping:
            try:
                values[column.field] = parse_cell(column, raw[column.field])
            except CellError as error:
                problems.append(str(error))
        problems += self._check(number, values, raw)
        if problems:
            self.report.errors.append(
                {"row": number, "name": shown(raw["name"]) if raw["name"] else "", "messages": problems}
            )
        else:
            self.report.rows.append(values)
        if len(self.report.preview) < PREVIEW_ROWS:
            self.report.preview.append(
                {"row": number, "ok": not problems, "cells": [_display(values, raw, c) for c, _ in mapping]}
            )

    def _check(self, number: int, values: dict, raw: dict) -> list[str]:
        problems = []
        if is_blank(raw["name"]):
            problems.append("姓名为空")
        if values["name"] == EXAMPLE_NAME and values["id_number"] == EXAMPLE_ID_NUMBER:
            problems.append("这是模板中的示例行，请删除后再导入")
        problems += self._resolve_orgs(values)
        if not values["status"]:
            # A member with a joining date but no full-member date is on probation.
            values["status"] = "probationary" if values["joined_party_on"] and not values["full_member_on"] else "full"
        joined, full = values["joined_party_on"], values["full_member_on"]
        if joined and full and full < joined:
            problems.append("转正时间早于入党时间")
        return problems + self._duplicates(number, values)

    def _resolve_orgs(self, values: dict) -> list[str]:
        branch_text, group_text = values.pop("branch"), values.pop("group")
        values["branch_id"] = values["group_id"] = None
        if not branch_text:
            return ["未填写所在支部"]
        branch_id = self.orgs.branch(branch_text)
        if branch_id == 0:
            return [f"所在支部“{branch_text}”对应多个党支部，请填写支部全称"]
        if branch_id is None:
            return [f"所在支部“{branch_text}”不是本院现有的党支部"]
        values["branch_id"] = branch_id
        if group_text:
            values["group_id"] = self.orgs.group(branch_id, group_text)
            if not values["group_id"]:
                return [f"党小组“{group_text}”不属于{self.orgs.names[branch_id]}"]
        return []

    def _duplicates(self, number: int, values: dict) -> list[str]:
        problems, id_number = [], values["id_number"]
        name_key = (values["name"], values["birth_date"])
        if id_number:
            if id_number in self.by_id:
                problems.append(f"身份证号与第 {self.by_id[id_number]} 行重复")
            elif id_number in self.roll.id_numbers:
                problems.append(f"身份证号已在本院党员名册中（{self.roll.id_numbers[id_number]}）")
            self.by_id.setdefault(id_number, number)
        if values["name"] and values["birth_date"]:
            if name_key in self.by_name:
                problems.append(f"姓名和出生日期与第 {self.by_name[name_key]} 行相同")
            elif name_key in self.roll.names:
                problems.append("本院党员名册中已有同名且出生日期相同的党员")
            self.by_name.setdefault(name_key, number)
        return problems


def _map_headers(cells) -> tuple[list[tuple[Column, int]], list[dict]]:
    """(column, cell index) for each recognised header, and the ignored ones."""
    mapping: list[tuple[Column, int]] = []
    seen: dict[str, str] = {}
    ignored: list[dict] = []
    for index, value in enumerate(cells):
        if is_blank(value):
            continue
        letter, column = get_column_letter(index + 1), column_for_header(value)
        if column is None:
            ignored.append({"letter": letter, "header": str(value).strip(), "reason": "未识别，不导入"})
        elif column.field in seen:
            ignored.append(
                {"letter": letter, "header": str(value).strip(), "reason": f"与 {seen[column.field]} 列重复，不导入"}
            )
        else:
            seen[column.field] = letter
            mapping.append((column, index))
    return mapping, ignored


def _chain(first, rest):
    yield from first
    yield from rest


def _display(values: dict, raw: dict, column: Column) -> str:
    """A preview cell: the parsed value where it parsed, else what was typed."""
    value: Any = values.get(column.field)
    typed = raw[column.field]
    if column.field == "sex":
        value = SEXES.get(value)
    elif column.field == "status":
        value = MEMBER_STATUSES.get(value)
    elif column.kind == "org":
        value = None
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if value:
        return str(value)
    return "" if is_blank(typed) else shown(typed)

"""The business indicators' workbook (业务指标): the template a court
admin fills and the reading of what comes back — the file refused as a
whole, or its rows with each value parsed."""

from __future__ import annotations

import math
import re
import zipfile
from io import BytesIO

import openpyxl
from openpyxl.styles import Font

from dangjian.api import Refused, active_branches, save_workbook

from .business_keys import KEYS

MAX_BYTES = 2 * 1048576
MAX_ROWS = 1000
MAX_COLUMNS = 30
HEADER_SCAN_ROWS = 5
BRANCH_HEADER = "支部"
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx）。请用 Excel 或 WPS 打开后“另存为 .xlsx”再上传。"


class BusinessRefused(Refused):
    """An import of business indicators that cannot go ahead; the message is for the user."""


def header_of(key: str) -> str:
    label, unit = KEYS[key]
    return f"{label}（{unit}）"


def headers() -> list[str]:
    return [BRANCH_HEADER, *(header_of(key) for key in KEYS)]


# --- the template ------------------------------------------------------------------------


def template(court, year: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = f"{year}年度业务指标"
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    for column in "BCD":
        sheet.column_dimensions[column].width = 18
    for branch in active_branches(court):
        sheet.append([branch.name])
    notes = book.create_sheet("注意事项")
    notes.column_dimensions["A"].width = 100
    for line in (
        f"本表用于导入{court.name} {year} 年度各党支部的业务指标（党建与业务融合）。",
        "第一行表头请勿修改；“支部”一列已填好本院现有党支部的名称，请勿改名。",
        "数值填 0 至 100 之间的百分数，例如 96.5 表示 96.5%（设为百分比格式的单元格也可以），最多保留两位小数。",
        "留空的单元格不导入，已导入的数值保持不变；整行留空的支部跳过。",
        "上传后先检查每一行，列出新增、变更和有问题的行；确认后才写入，有问题的行须改正后重新上传。",
        f"一个文件最多 {MAX_ROWS} 行、{MAX_BYTES // 1048576} MB。",
    ):
        notes.append([line])
    return save_workbook(book)


# --- reading a workbook ------------------------------------------------------------------


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def _header_name(value) -> str:
    return re.sub(r"\s+", "", cell_text(value)).replace("(", "（").replace(")", "）").replace("％", "%")


def _columns(row) -> dict[str, int] | None:
    """Where the branch and each key are in a header row (a key's label with
    or without its unit)."""
    names = [_header_name(cell.value) for cell in row]
    wanted = {BRANCH_HEADER: ("支部", "党支部", "支部名称")} | {
        key: (label, f"{label}（{unit}）") for key, (label, unit) in KEYS.items()
    }
    found: dict[str, int] = {}
    for what, accepted in wanted.items():
        for index, name in enumerate(names):
            if name in accepted:
                found[what] = index
                break
    return found if len(found) == len(wanted) else None


def read_rows(data: bytes) -> tuple[dict[str, int], list[tuple[int, list]]]:
    """The header's columns and the rows below it as
    ``(row number, cells)``; refuses a file that is not a readable .xlsx,
    has no such header or is too long."""
    if len(data) > MAX_BYTES:
        raise BusinessRefused(f"文件超过 {MAX_BYTES // 1048576} MB，请只保留业务指标一张表后再上传。", field="file")
    if not data.startswith(b"PK\x03\x04"):
        raise BusinessRefused(NOT_XLSX, field="file")
    try:
        book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise BusinessRefused(NOT_XLSX, field="file") from None
    try:
        if not book.worksheets:
            raise BusinessRefused("工作簿是空的：没有工作表。请下载模板填写后上传。", field="file")
        sheet = book.worksheets[0]
        header: tuple[int, dict[str, int]] | None = None
        rows: list[tuple[int, list]] = []
        seen_anything = False
        for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            cells = list(row)
            if header is None:
                seen_anything = seen_anything or any(cell_text(c.value) for c in cells)
                columns = _columns(cells)
                if columns is not None:
                    header = (number, columns)
                elif number >= HEADER_SCAN_ROWS:
                    break
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise BusinessRefused(f"一次最多导入 {MAX_ROWS} 行，请删去多余的行后再上传。", field="file")
    finally:
        book.close()
    if header is None:
        if not seen_anything:
            raise BusinessRefused("工作簿是空的。请下载模板，填写各支部的数值后上传。", field="file")
        raise BusinessRefused(
            "没有找到表头：前 5 行中应有“" + "、".join(headers()) + "”这几列。请下载模板填写后上传。",
            field="file",
        )
    return header[1], rows


def parse_value(cell) -> float | None:
    """A rate of 0..100 (``None``: the cell is blank).  A cell formatted as
    a percentage holds a fraction (96.5% is 0.965), so it is scaled."""
    raw = cell.value if cell is not None else None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError("不是数字")
    if isinstance(raw, str):
        text = raw.strip().replace("％", "%").removesuffix("%").strip()
        if text.lower() in {"nan", "inf", "-inf", "+inf", "infinity"}:
            raise ValueError(f"“{raw.strip()}”不是有效的数字")
        if not text.isascii() or not NUMBER.fullmatch(text):
            raise ValueError(f"“{raw.strip()[:20]}”不是数字")
        value = float(text)
    else:
        value = float(raw)
        if "%" in (getattr(cell, "number_format", "") or ""):
            value *= 100
    if not math.isfinite(value):
        raise ValueError("不是有效的数字")
    value = round(value, 2)
    if not 0 <= value <= 100:
        raise ValueError(f"{value:g} 超出范围，应在 0 至 100 之间")
    return value

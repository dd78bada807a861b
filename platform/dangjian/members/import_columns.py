"""The columns a member sheet may have, and how each cell is read.

The import maps Chinese headers (with their common variants) to Member
fields; the export and the template write the canonical header, so an
exported roll imports again unchanged.  A cell that cannot be read raises
:class:`CellError` with a Chinese message for the user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..refusals import Refused
from .models import MEMBER_STATUSES, SEXES
from .services import id_number_problem


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # canonical header, written by the export and the template
    aliases: tuple[str, ...] = ()
    kind: str = "text"
    max_length: int = 0


COLUMNS = (
    Column("name", "姓名", (), "name", 40),
    Column("sex", "性别", (), "sex"),
    Column("ethnicity", "民族", (), "text", 20),
    Column("birth_date", "出生日期", ("出生年月", "出生时间"), "date"),
    Column("education", "学历", ("文化程度", "最高学历"), "text", 20),
    Column("joined_party_on", "入党时间", ("入党日期", "入党年月"), "date"),
    Column("full_member_on", "转正时间", ("转正日期", "转正年月"), "date"),
    Column("status", "党员类别", ("身份", "人员类别", "党员身份", "党员状态"), "status"),
    Column("party_post", "党内职务", (), "text", 40),
    Column("admin_post", "行政职务", ("职务",), "text", 40),
    Column("department", "部门", ("所在部门", "工作部门"), "text", 80),
    Column("branch", "所在支部", ("党支部", "支部", "所在党支部"), "org"),
    Column("group", "党小组", ("所在党小组",), "org"),
    Column("phone", "联系电话", ("手机", "电话", "手机号", "手机号码", "联系方式"), "text", 20),
    Column("id_number", "身份证号", ("公民身份号码", "身份证号码"), "id_number"),
    Column("address", "家庭住址", ("住址", "家庭地址"), "text", 200),
)
REQUIRED_FIELDS = ("name", "branch")
# What a member row gets for a column the file does not have.
FIELD_DEFAULTS = {c.field: None if c.kind == "date" else "" for c in COLUMNS} | {"ethnicity": "汉族"}


class CellError(Refused):
    """A cell that cannot be read; the message is shown to the user."""


def _text(value, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value.strftime("%Y-%m-%d") if isinstance(value, (date, datetime)) else str(value).strip()
    if column.max_length and len(text) > column.max_length:
        raise CellError(f"{column.header}超过 {column.max_length} 个字")
    return text


def _name(value, column: Column) -> str:
    # Sheets pad two-character names for alignment ("王　伟").
    return _text(re.sub(r"\s+", "", str(value)) if value is not None else None, column)


def _make_date(year: int, month: int, day: int) -> date:
    return date(year, month, day)  # ValueError for 2015-02-30


class _AmbiguousMonth(Exception):
    pass


def _date_from_number(value) -> date:
    if isinstance(value, float) and not value.is_integer():
        # "2015.07" typed into a cell is stored as the number 2015.07, and
        # "2015.10" as 2015.1 — which is also how "2015.1" (January) is stored.
        year = int(value)
        hundredths = round((value - year) * 100)
        month = hundredths // 10 if hundredths % 10 == 0 else hundredths
        if hundredths == 10:
            raise _AmbiguousMonth
        return _make_date(year, month, 1)
    number = int(value)
    if 190001 <= number <= 210012:
        return _make_date(number // 100, number % 100, 1)
    if 19000101 <= number <= 21001231:
        return _make_date(number // 10000, number // 100 % 100, number % 100)
    if 1 <= number <= 73050:  # an Excel serial day without a date format
        return date(1899, 12, 30) + timedelta(days=number)
    raise ValueError(number)


_DATE_TEXT = re.compile(r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?")
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})?")


def _date_from_text(text: str) -> date:
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", unicodedata.normalize("NFKC", text).strip())
    text = re.sub(r"\s+", "", text)
    match = _DATE_TEXT.fullmatch(text) or _DATE_DIGITS.fullmatch(text)
    if match is None:
        raise ValueError(text)
    year, month, day = match.groups()
    return _make_date(int(year), int(month), int(day or 1))


def _date(value, column: Column) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, datetime):
            parsed = value.date()
        elif isinstance(value, date):
            parsed = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            parsed = _date_from_number(value)
        else:
            parsed = _date_from_text(str(value))
    except _AmbiguousMonth:
        year = int(value)
        raise CellError(
            f"{column.header}“{shown(value)}”可能是1月也可能是10月，请写成“{year}-01”或“{year}-10”"
        ) from None
    except (ValueError, OverflowError):
        raise CellError(f"{column.header}“{shown(value)}”不是有效的日期") from None
    if not date(1900, 1, 1) <= parsed <= date.today():
        raise CellError(f"{column.header}“{shown(value)}”超出合理范围（不能早于1900年或晚于今天）")
    return parsed


_SEX_VALUES = {label: key for key, label in SEXES.items()} | {"男性": "male", "女性": "female"}
_STATUS_VALUES = {label: key for key, label in MEMBER_STATUSES.items()} | {"正式": "full", "预备": "probationary"}


def _sex(value, column: Column) -> str:
    text = plain(value) if value is not None else ""
    if text and text not in _SEX_VALUES:
        raise CellError(f"性别“{shown(value)}”无法识别，应填“男”或“女”")
    return _SEX_VALUES.get(text, "")


def _status(value, column: Column) -> str:
    text = plain(value) if value is not None else ""
    if text and text not in _STATUS_VALUES:
        raise CellError(f"{column.header}“{shown(value)}”无法识别，应填“正式党员”或“预备党员”")
    return _STATUS_VALUES.get(text, "")


def _id_number(value, column: Column) -> str:
    if isinstance(value, float):
        raise CellError("身份证号被 Excel 存成了数字，末几位可能已丢失；请把该列设为“文本”格式后重新填写")
    text = plain(value).upper() if value is not None else ""
    # The same rule (GB 11643, with its check digit) as the member form.
    problem = id_number_problem(text) if text else None
    if problem:
        raise CellError(f"身份证号“{shown(value)}”有误：{problem.rstrip('。')}")
    return text


def _org(value, column: Column) -> str:
    return plain(value) if value is not None else ""


PARSERS = {
    "text": _text,
    "name": _name,
    "date": _date,
    "sex": _sex,
    "status": _status,
    "id_number": _id_number,
    "org": _org,
}


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value) -> str:
    """A cell value as quoted back to the user in a message."""
    text = value.strftime("%Y-%m-%d") if isinstance(value, (date, datetime)) else str(value)
    return text if len(text) <= 30 else text[:30] + "…"


def plain(value) -> str:
    """Compatibility-normalised text without any whitespace, for matching."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def normalise_header(value) -> str:
    if value is None:
        return ""
    text = re.sub(r"[(\[【].*?[)\]】]", "", plain(value))  # "出生日期（年月日）"
    return text.strip("*※:：")


def column_for_header(value) -> Column | None:
    return _HEADER_LOOKUP.get(normalise_header(value))


def parse_cell(column: Column, value):
    return PARSERS[column.kind](value, column)


COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
_HEADER_LOOKUP = {normalise_header(h): c for c in COLUMNS for h in (c.header, *c.aliases)}

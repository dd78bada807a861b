"""Business indicators (党建与业务融合) imported from Excel: the year's
table, the template, the dry run and the confirmed import.

The dry run reads the workbook and saves nothing; the rows it accepted travel
to the confirm form as a signed payload (the app's secret key, a salt of
its own, one hour), so no pending table is needed and nothing on the page
can be altered without the signature failing.  Confirming checks the
branches again and writes every value or none.  Services flush and audit;
the view commits.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

import openpyxl
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dangjian.api import Organisation, Refused, User, active_branches, audit, court_today, db, save_workbook, utcnow

from .business_keys import KEYS
from .models import BusinessValue

AUDIT_ACTIONS = {"assessment.business_imported": "导入业务指标"}

MAX_BYTES = 2 * 1048576
MAX_ROWS = 1000
MAX_COLUMNS = 30
HEADER_SCAN_ROWS = 5
MIN_YEAR = 2000
PAYLOAD_MAX_AGE = 3600
SALT = "dangjian.assessment.business-import"
BRANCH_HEADER = "支部"
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx）。请用 Excel 或 WPS 打开后“另存为 .xlsx”再上传。"
EXPIRED = "这次检查结果已超过 1 小时或已被改动，没有导入任何数据。请重新上传文件。"


class BusinessRefused(Refused):
    """An import of business indicators that cannot go ahead; the message is for the user."""


def header_of(key: str) -> str:
    label, unit = KEYS[key]
    return f"{label}（{unit}）"


def headers() -> list[str]:
    return [BRANCH_HEADER, *(header_of(key) for key in KEYS)]


# --- the year ----------------------------------------------------------------------------


def years_allowed(court) -> range:
    return range(MIN_YEAR, court_today(court).year + 2)


def check_year(court, year: int | None) -> int:
    allowed = years_allowed(court)
    if year is None or year not in allowed:
        raise BusinessRefused(f"年度应在 {allowed.start} 至 {allowed.stop - 1} 年之间。", field="year")
    return year


def years_with_data(court) -> list[int]:
    return list(
        db.session.scalars(
            select(BusinessValue.year).where(BusinessValue.court_id == court.id).distinct().order_by(BusinessValue.year)
        )
    )


# --- the year's table --------------------------------------------------------------------


@dataclass
class BranchValues:
    branch: Organisation
    values: dict[str, BusinessValue] = field(default_factory=dict)
    importers: dict[str, str] = field(default_factory=dict)

    @property
    def last(self) -> BusinessValue | None:
        return max(self.values.values(), key=lambda v: v.imported_at, default=None)


def year_table(court, year: int) -> list[BranchValues]:
    """The court's active branches with their values of ``year`` and who
    imported them (two statements for any number of branches)."""
    rows = {b.id: BranchValues(b) for b in active_branches(court)}
    found = db.session.execute(
        select(BusinessValue, User)
        .outerjoin(User, User.id == BusinessValue.imported_by_id)
        .where(
            BusinessValue.court_id == court.id,
            BusinessValue.year == year,
            BusinessValue.branch_id.in_(list(rows) or [-1]),
        )
    )
    for value, user in found:
        if value.key in KEYS:
            rows[value.branch_id].values[value.key] = value
            rows[value.branch_id].importers[value.key] = user.label if user is not None else "—"
    return list(rows.values())


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


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def _header_name(value) -> str:
    return re.sub(r"\s+", "", _text(value)).replace("(", "（").replace(")", "）").replace("％", "%")


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
                seen_anything = seen_anything or any(_text(c.value) for c in cells)
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


# --- the dry run -------------------------------------------------------------------------

ADD, CHANGE, UNCHANGED = "add", "change", "unchanged"
STATUS_LABELS = {ADD: "新增", CHANGE: "变更", UNCHANGED: "无变化"}


@dataclass
class Report:
    year: int
    filename: str
    rows: list[dict] = field(default_factory=list)  # row, branch_id, branch, values, old, status
    errors: list[dict] = field(default_factory=list)  # row, branch, reason
    skipped: list[int] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r["status"] == status)

    @property
    def changes_anything(self) -> bool:
        return any(r["status"] != UNCHANGED for r in self.rows)


def _branches_named(court, names: set[str]) -> dict[str, list[Organisation]]:
    """Branches of any court with one of ``names`` (one statement), so that
    another court's branch or a dissolved one gets its own message."""
    found: dict[str, list[Organisation]] = {}
    if names:
        for org in db.session.scalars(
            select(Organisation).where(Organisation.kind == "branch", Organisation.name.in_(sorted(names)))
        ):
            found.setdefault(org.name, []).append(org)
    return found


def _branch(court, name: str, named: dict[str, list[Organisation]]) -> Organisation:
    candidates = named.get(name, [])
    own = [b for b in candidates if b.court_id == court.id]
    active = [b for b in own if b.dissolved_at is None]
    if len(active) == 1:
        return active[0]
    if len(active) > 1:
        raise ValueError(f"本院有 {len(active)} 个支部名为“{name}”，请先在组织架构中区分")
    if own:
        raise ValueError(f"“{name}”已撤销，不能导入")
    if candidates:
        raise ValueError(f"“{name}”不是本院的党支部")
    raise ValueError(f"本院没有名为“{name}”的党支部（请与模板中的支部名称一致）")


def _existing(court, year: int, branch_ids) -> dict[tuple[int, str], BusinessValue]:
    return {
        (v.branch_id, v.key): v
        for v in db.session.scalars(
            select(BusinessValue).where(
                BusinessValue.court_id == court.id,
                BusinessValue.year == year,
                BusinessValue.branch_id.in_(list(branch_ids) or [-1]),
            )
        )
    }


def dry_run(court, year: int, data: bytes, filename: str) -> Report:
    """Check every row of the workbook; nothing is saved (three statements
    however many rows)."""
    year = check_year(court, year)
    columns, rows = read_rows(data)
    report = Report(year, filename[:200])
    branch_col = columns[BRANCH_HEADER]
    parsed: list[tuple[int, str, list]] = []
    for number, cells in rows:
        picked = [cells[i] if i < len(cells) else None for i in columns.values()]
        if all(_text(c.value if c is not None else None) == "" for c in picked):
            continue  # an empty row
        name = _text(cells[branch_col].value) if branch_col < len(cells) else ""
        parsed.append((number, name, cells))
    named = _branches_named(court, {name for _n, name, _c in parsed if name})
    seen: dict[int, int] = {}
    good: list[dict] = []
    for number, name, cells in parsed:
        try:
            values: dict[str, float] = {}
            problems = []
            for key in KEYS:
                index = columns[key]
                try:
                    value = parse_value(cells[index] if index < len(cells) else None)
                except ValueError as error:
                    problems.append(f"{KEYS[key][0]}{error}")
                    continue
                if value is not None:
                    values[key] = value
            if not values and not problems:
                report.skipped.append(number)  # a branch of the template left blank
                continue
            if not name:
                raise ValueError("；".join(["支部为空", *problems]))
            branch = _branch(court, name, named)
            if branch.id in seen:
                problems.insert(0, f"与第 {seen[branch.id]} 行重复（同一支部）")
            else:
                seen[branch.id] = number
            if problems:
                raise ValueError("；".join(problems))
        except ValueError as error:
            report.errors.append({"row": number, "branch": name[:80], "reason": str(error)})
            continue
        good.append({"row": number, "branch_id": branch.id, "branch": branch.name, "values": values})
    existing = _existing(court, year, [r["branch_id"] for r in good])
    for row in good:
        row["old"] = {
            k: existing[(row["branch_id"], k)].value for k in row["values"] if (row["branch_id"], k) in existing
        }
        if not row["old"]:
            row["status"] = ADD
        elif any(row["old"].get(k) != v for k, v in row["values"].items()):
            row["status"] = CHANGE
        else:
            row["status"] = UNCHANGED
        report.rows.append(row)
    if not report.rows and not report.errors:
        raise BusinessRefused("文件中没有填写任何数值。请在各支部一行填写数值后上传。", field="file")
    return report


# --- the signed payload and the confirmed import ---------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def sign(court, user, report: Report) -> str:
    """What the confirm form carries: only a report without errors is
    importable."""
    if report.errors:
        raise BusinessRefused("文件中有问题的行，不能导入。请改正后重新上传。")
    rows = [[r["row"], r["branch_id"], r["values"]] for r in report.rows]
    return _serializer().dumps({"c": court.id, "u": user.id, "y": report.year, "f": report.filename, "r": rows})


def unsign(court, user, token: str) -> dict:
    try:
        payload = _serializer().loads(token or "", max_age=PAYLOAD_MAX_AGE)
    except (SignatureExpired, BadSignature):
        raise BusinessRefused(EXPIRED) from None
    if not isinstance(payload, dict) or payload.get("c") != court.id or payload.get("u") != user.id:
        raise BusinessRefused(EXPIRED)
    return payload


def confirm(court, user, token: str) -> dict[str, int]:
    """Write every value of a signed dry run, or none (the branches are
    checked again: one may have been dissolved since)."""
    payload = unsign(court, user, token)
    year = check_year(court, payload.get("y"))
    rows = payload.get("r") or []
    if not rows:
        raise BusinessRefused("没有可以导入的数值。")
    active = {b.id: b for b in active_branches(court, {r[1] for r in rows})}
    for number, branch_id, values in rows:
        if branch_id not in active:
            raise BusinessRefused(f"第 {number} 行的支部已不是本院的在册党支部，没有导入任何数据。请重新上传。")
        if set(values) - set(KEYS):
            raise BusinessRefused(EXPIRED)
    existing = _existing(court, year, list(active))
    now = utcnow()
    counts = {ADD: 0, CHANGE: 0, UNCHANGED: 0}
    for _number, branch_id, values in rows:
        for key, value in values.items():
            current = existing.get((branch_id, key))
            if current is None:
                db.session.add(
                    BusinessValue(
                        court_id=court.id,
                        year=year,
                        branch_id=branch_id,
                        key=key,
                        value=value,
                        imported_at=now,
                        imported_by_id=user.id,
                    )
                )
                counts[ADD] += 1
            elif current.value != value:
                current.value, current.imported_at, current.imported_by_id = value, now, user.id
                counts[CHANGE] += 1
            else:
                counts[UNCHANGED] += 1
    try:
        db.session.flush()
    except IntegrityError:
        raise BusinessRefused("同时有另一次导入正在写入，没有导入任何数据。请稍后重新上传。") from None
    audit(
        "assessment.business_imported",
        f"导入 {year} 年度业务指标：{len(rows)} 个支部，新增 {counts[ADD]} 项、变更 {counts[CHANGE]} 项"
        f"（{payload.get('f') or '未命名文件'}）",
        court=court,
        user=user,
        detail={"year": year, "branches": len(rows), **counts},
    )
    return counts

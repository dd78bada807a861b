"""Import of payments from an Excel statement: a dry run that reports every
bad row with its number, a pending batch confirmed by a second click, and
undo of a confirmed batch.

Columns are found by their Chinese headers in the first rows; 姓名, 所属年度,
所属月份, 金额 and 缴纳日期 are required, 支部 and 身份证号 tell two members of
the same name apart, 缴纳方式 and 备注 are optional.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from io import BytesIO
from typing import cast

import openpyxl
from openpyxl.styles import Font
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult

from dangjian.api import Member, Organisation, audit, db, save_workbook, utcnow

from .models import METHODS, ImportBatch, Payment
from .money import MAX_PAYMENT_FEN, MoneyError, parse_yuan, yuan
from .services import DuesRefused, check_payment, record_payment

MAX_ROWS = 5000
HEADER_SCAN_ROWS = 5
COLUMNS = {
    "name": ("姓名",),
    "branch": ("支部", "所在支部", "党支部"),
    "id_number": ("身份证号", "身份证号码"),
    "year": ("所属年度", "年度"),
    "month": ("所属月份", "月份"),
    "amount": ("金额", "金额（元）", "金额(元)", "缴纳金额", "缴纳金额（元）"),
    "paid_on": ("缴纳日期", "日期"),
    "method": ("缴纳方式", "方式"),
    "note": ("备注",),
}
REQUIRED = ("name", "year", "month", "amount", "paid_on")
METHOD_BY_LABEL = {label: key for key, label in METHODS.items()} | {"转账": "transfer", "代扣": "payroll"}
EXAMPLE = ("张红旗", "少年庭党支部", "", 2026, 3, "30.00", "2026-03-10", "银行转账", "示例行，导入前请删除")


class ImportRefused(DuesRefused):
    """The file as a whole cannot be read."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _whole(value, label: str, low: int, high: int) -> int:
    text = _text(value).removesuffix("年").removesuffix("月")
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"{label}应为整数")
    number = int(text)
    if not low <= number <= high:
        raise ValueError(f"{label}应在 {low} 至 {high} 之间")
    return number


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        parsed = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise ValueError("缴纳日期应写成 2026-03-10 这样的日期") from None
    if not 2000 <= parsed.year <= 2100:
        raise ValueError("缴纳日期超出范围")
    return parsed


def _header(rows) -> tuple[int, dict[str, int]] | None:
    for number, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        found: dict[str, int] = {}
        for index, cell in enumerate(row):
            text = _text(cell).replace(" ", "")
            for key, names in COLUMNS.items():
                if text in names and key not in found:
                    found[key] = index
        if all(key in found for key in REQUIRED):
            return number, found
    return None


class MemberIndex:
    """The court's members on the roll, by name (one query)."""

    def __init__(self, court) -> None:
        self.by_name: dict[str, list[Member]] = {}
        for member in db.session.scalars(select(Member).where(Member.court_id == court.id, Member.left_on.is_(None))):
            self.by_name.setdefault(member.name, []).append(member)
        self.branch_names = dict(
            db.session.execute(
                select(Organisation.id, Organisation.name).where(Organisation.court_id == court.id)
            ).all()
        )

    def find(self, name: str, branch: str, id_number: str) -> Member:
        candidates = self.by_name.get(name, [])
        if id_number:
            candidates = [m for m in candidates if m.id_number == id_number]
        if branch:
            candidates = [
                m
                for m in candidates
                if self.branch_names.get(m.branch_id, "").startswith(branch.removesuffix("党支部").removesuffix("支部"))
            ]
        if not candidates:
            raise ValueError(
                f"本院在册党员中没有“{name}”" + ("（按支部或身份证号核对）" if branch or id_number else "")
            )
        if len(candidates) > 1:
            raise ValueError(f"本院有 {len(candidates)} 名党员叫“{name}”，请填写支部或身份证号")
        return candidates[0]


def read_rows(data: bytes) -> list[tuple]:
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRefused(
            "文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中“另存为 .xlsx”后再上传。", field="file"
        )
    try:
        book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRefused("无法读取这个 Excel 文件，请检查后重新上传。", field="file") from None
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True, max_col=20):
        rows.append(tuple(row))
        if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
            raise ImportRefused(f"一次最多导入 {MAX_ROWS} 行，请分成几个文件。", field="file")
    book.close()
    return rows


def _parse_row(cells: dict, index: MemberIndex, court, seen: dict, number: int) -> dict:
    name = _text(cells.get("name"))
    if not name:
        raise ValueError("姓名为空")
    member = index.find(name, _text(cells.get("branch")), _text(cells.get("id_number")))
    year = _whole(cells.get("year"), "所属年度", 2000, 2100)
    month = _whole(cells.get("month"), "所属月份", 1, 12)
    try:
        amount = parse_yuan(cells.get("amount"), maximum_fen=MAX_PAYMENT_FEN, allow_zero=False)
    except MoneyError as error:
        raise ValueError(str(error)) from None
    paid_on = _date(cells.get("paid_on"))
    method_text = _text(cells.get("method"))
    method = METHOD_BY_LABEL.get(method_text, "transfer" if not method_text else "")
    if not method:
        raise ValueError(f"缴纳方式“{method_text}”无法识别，可填：{'、'.join(METHODS.values())}")
    note = _text(cells.get("note"))[:200]
    if name == EXAMPLE[0] and note == EXAMPLE[-1]:
        raise ValueError("这是模板中的示例行，请删除")
    try:
        check_payment(court, member, year, month, amount, paid_on, note)
    except DuesRefused as refusal:
        raise ValueError(refusal.message) from None
    key = (member.id, year, month, amount, paid_on)
    if key in seen:
        raise ValueError(f"与第 {seen[key]} 行重复")
    seen[key] = number
    duplicate = db.session.scalar(
        select(Payment.id).where(
            Payment.member_id == member.id,
            Payment.year == year,
            Payment.month == month,
            Payment.amount_fen == amount,
            Payment.paid_on == paid_on,
        )
    )
    if duplicate is not None:
        raise ValueError("这笔党费已经登记过（可能是重复导入）")
    return {
        "row": number,
        "member_id": member.id,
        "name": member.name,
        "branch": index.branch_names.get(member.branch_id, ""),
        "year": year,
        "month": month,
        "amount_fen": amount,
        "paid_on": paid_on.isoformat(),
        "method": method,
        "note": note,
    }


def dry_run(court, data: bytes, filename: str, user) -> ImportBatch:
    """Check every row and keep the result as a pending batch (flushed)."""
    rows = read_rows(data)
    found = _header(rows)
    if found is None:
        raise ImportRefused(
            "没有找到表头：前 5 行中应有“姓名、所属年度、所属月份、金额、缴纳日期”这几列。", field="file"
        )
    header_row, columns = found
    index = MemberIndex(court)
    good: list[dict] = []
    errors: list[dict] = []
    seen: dict[tuple, int] = {}
    for number, row in enumerate(rows[header_row:], start=header_row + 1):
        cells = {key: row[col] if col < len(row) else None for key, col in columns.items()}
        if all(_text(value) == "" for value in cells.values()):
            continue
        try:
            good.append(_parse_row(cells, index, court, seen, number))
        except ValueError as error:
            errors.append({"row": number, "name": _text(cells.get("name")), "reason": str(error)})
    if not good and not errors:
        raise ImportRefused("文件中没有缴费记录。", field="file")
    for batch in db.session.scalars(
        select(ImportBatch).where(ImportBatch.court_id == court.id, ImportBatch.status == "pending")
    ):
        db.session.delete(batch)  # one statement waits for confirmation at a time
    batch = ImportBatch(
        court_id=court.id,
        filename=filename[:200],
        status="pending",
        rows=good,
        errors=errors,
        total_fen=sum(r["amount_fen"] for r in good),
        created_by_id=user.id if user is not None else None,
    )
    db.session.add(batch)
    db.session.flush()
    return batch


def _claim(batch: ImportBatch, before: str, after: str, refusal: str) -> None:
    """Move the batch on in one conditional UPDATE, so two clicks (or two
    requests at once) apply or undo it once."""
    moved = cast(
        CursorResult,
        db.session.execute(
            update(ImportBatch).where(ImportBatch.id == batch.id, ImportBatch.status == before).values(status=after)
        ),
    )
    if moved.rowcount != 1:
        raise DuesRefused(refusal)
    db.session.refresh(batch)


def confirm(court, batch: ImportBatch, user, skip_errors: bool) -> int:
    if batch.errors and not skip_errors:
        raise DuesRefused(
            f"文件中有 {len(batch.errors)} 行有问题，没有导入任何数据。请修改后重新上传，或勾选“跳过有问题的行”。"
        )
    if not batch.rows:
        raise DuesRefused("没有可以导入的行。")
    _claim(batch, "pending", "applied", "这批数据已经处理过了，请勿重复提交。")
    members = {
        m.id: m for m in db.session.scalars(select(Member).where(Member.id.in_([r["member_id"] for r in batch.rows])))
    }
    for row in batch.rows:
        member = members.get(row["member_id"])
        if member is None or member.court_id != court.id:
            raise DuesRefused(f"第 {row['row']} 行的党员已不在本院名册中，没有导入任何数据。请重新上传。")
        try:
            record_payment(
                court,
                member,
                row["year"],
                row["month"],
                row["amount_fen"],
                date.fromisoformat(row["paid_on"]),
                row["method"],
                row["note"],
                user=user,
                batch_id=batch.id,
            )
        except DuesRefused as refusal:
            raise DuesRefused(f"第 {row['row']} 行：{refusal.message}。没有导入任何数据，请重新上传。") from None
    batch.applied_at = utcnow()
    db.session.flush()
    audit(
        "dues.import_applied",
        f"导入党费缴纳明细 {len(batch.rows)} 笔，共 {yuan(batch.total_fen)} 元（{batch.filename}）",
        target=batch,
        court=court,
        user=user,
        detail={"count": len(batch.rows), "total_fen": batch.total_fen, "skipped": len(batch.errors)},
    )
    return len(batch.rows)


def undo(court, batch: ImportBatch, user) -> int:
    _claim(batch, "applied", "undone", "只能撤销已导入的批次。")
    payments = list(db.session.scalars(select(Payment).where(Payment.batch_id == batch.id)))
    for payment in payments:
        db.session.delete(payment)
    batch.undone_at = utcnow()
    db.session.flush()
    audit(
        "dues.import_undone",
        f"撤销党费导入批次（{batch.filename}），删除缴纳记录 {len(payments)} 笔",
        target=batch,
        court=court,
        user=user,
    )
    return len(payments)


def template(branch_names: list[str]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "党费缴纳明细"
    sheet.append(["姓名", "支部", "身份证号", "所属年度", "所属月份", "金额（元）", "缴纳日期", "缴纳方式", "备注"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(list(EXAMPLE))
    notes = book.create_sheet("填写说明")
    for line in (
        "每行一笔：一名党员一个月的党费。补交几个月就写几行，所属月份写所补的月份。",
        "金额以元为单位，最多两位小数；缴纳日期写成 2026-03-10。",
        f"缴纳方式可填：{'、'.join(METHODS.values())}；不填按银行转账。",
        "同名党员请填写支部或身份证号。",
        "本院支部：" + "、".join(branch_names),
        "第 2 行是示例，导入前请删除。",
    ):
        notes.append([line])
    return save_workbook(book) or b""

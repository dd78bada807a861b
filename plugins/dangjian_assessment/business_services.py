"""Business indicators (党建与业务融合) imported from Excel: the year's
table, the dry run and the confirmed import (the workbook itself, template
and reading, is ``business_workbook``).

The dry run reads the workbook and saves nothing; the rows it accepted travel
to the confirm form as a signed payload (the app's secret key, a salt of
its own, one hour), so no pending table is needed and nothing on the page
can be altered without the signature failing.  Confirming checks the
branches again and writes every value or none.  Services flush and audit;
the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dangjian.api import Organisation, User, active_branches, audit, court_today, db, utcnow

from .business_keys import KEYS
from .business_workbook import BRANCH_HEADER, BusinessRefused, cell_text, parse_value, read_rows
from .models import BusinessValue

AUDIT_ACTIONS = {"assessment.business_imported": "导入业务指标"}

MIN_YEAR = 2000
PAYLOAD_MAX_AGE = 3600
SALT = "dangjian.assessment.business-import"
EXPIRED = "这次检查结果已超过 1 小时或已被改动，没有导入任何数据。请重新上传文件。"


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
        if all(cell_text(c.value if c is not None else None) == "" for c in picked):
            continue  # an empty row
        name = cell_text(cells[branch_col].value) if branch_col < len(cells) else ""
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


def confirm(court, user, token: str) -> tuple[int, dict[str, int]]:
    """Write every value of a signed dry run, or none (the branches are
    checked again: one may have been dissolved since).  Returns the year and
    the number of values added, changed and unchanged."""
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
    return year, counts

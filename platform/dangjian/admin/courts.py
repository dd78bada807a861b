"""Courts and their hierarchy (platform administration).

A court sits under an intermediate court (中院 → 基层法院) or at the top.
Creating a court also creates its organ party committee, so the court's own
administrators can start building branches at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from ..audit.services import record
from ..auth.models import User
from ..courts.models import COURT_LEVELS, RESERVED_SLUGS, Court
from ..db import db
from ..members.models import Member
from ..org.models import Organisation
from ..plugins import plugin_host
from .services import Refused

COMMITTEE_SLUG = "jgdw"


@dataclass
class CourtNode:
    court: Court
    children: list[CourtNode] = field(default_factory=list)


@dataclass(frozen=True)
class CourtData:
    name: str
    short_name: str
    level: str
    parent_id: int | None
    timezone: str
    position: int = 0
    slug: str = ""  # only read when creating


def court_forest() -> list[CourtNode]:
    """Every court as a tree (top-level courts first), in one query."""
    courts = db.session.scalars(select(Court).order_by(Court.position, Court.id)).all()
    nodes = {court.id: CourtNode(court) for court in courts}
    roots: list[CourtNode] = []
    for court in courts:
        parent = nodes.get(court.parent_id) if court.parent_id is not None else None
        (parent.children if parent else roots).append(nodes[court.id])
    # Intermediate courts lead; a basic court without a parent follows them.
    roots.sort(key=lambda node: (node.court.level != "intermediate", node.court.position, node.court.id))
    return roots


def court_counts() -> dict[int, dict[str, int]]:
    """Accounts, active branches and members on the roll, per court."""
    counts: dict[int, dict[str, int]] = {}

    def add(key, rows):
        for court_id, number in rows:
            counts.setdefault(court_id, {"users": 0, "branches": 0, "members": 0})[key] = number

    add("users", db.session.execute(select(User.court_id, func.count(User.id)).group_by(User.court_id)).all())
    add(
        "branches",
        db.session.execute(
            select(Organisation.court_id, func.count(Organisation.id))
            .where(Organisation.kind == "branch", Organisation.dissolved_at.is_(None))
            .group_by(Organisation.court_id)
        ).all(),
    )
    add(
        "members",
        db.session.execute(
            select(Member.court_id, func.count(Member.id)).where(Member.left_on.is_(None)).group_by(Member.court_id)
        ).all(),
    )
    return counts


def parent_choices(court: Court | None = None) -> list[tuple[int, str]]:
    """Intermediate courts that may be ``court``'s parent (never itself)."""
    query = select(Court).where(Court.level == "intermediate").order_by(Court.position, Court.id)
    return [(c.id, c.name) for c in db.session.scalars(query) if court is None or c.id != court.id]


def _problems(data: CourtData, court: Court | None) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(name, message):
        problems.setdefault(name, []).append(message)

    if court is None:
        if data.slug in RESERVED_SLUGS:
            add("slug", f"“{data.slug}”是系统保留的网址，请换一个。")
        elif db.session.scalar(select(Court.id).where(Court.slug == data.slug)) is not None:
            add("slug", "这个网址标识已被其他法院使用。")
    same_name = select(Court.id).where(Court.name == data.name.strip())
    if court is not None:
        same_name = same_name.where(Court.id != court.id)
    if db.session.scalar(same_name) is not None:
        add("name", "已有同名的法院。")
    if data.level not in COURT_LEVELS:
        add("level", "请选择层级。")
    if court is not None and data.level != "intermediate" and _has_children(court):
        add("level", "该法院下还有基层法院，不能改为基层法院。请先调整下级法院的隶属关系。")
    if data.parent_id is not None:
        parent_problem = _parent_problem(data.parent_id, court)
        if parent_problem:
            add("parent_id", parent_problem)
    try:
        ZoneInfo(data.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        add("timezone", "无法识别的时区，请填写如 Asia/Shanghai 的时区名称。")
    return problems


def _has_children(court: Court) -> bool:
    return (db.session.scalar(select(func.count(Court.id)).where(Court.parent_id == court.id)) or 0) > 0


def _parent_problem(parent_id: int, court: Court | None) -> str | None:
    parent = db.session.get(Court, parent_id)
    if parent is None:
        return "上级法院不存在。"
    if parent.level != "intermediate":
        return "上级法院必须是中级人民法院。"
    # Walk up from the chosen parent: meeting the court itself would close a loop.
    node: Court | None = parent
    seen: set[int] = set()
    while node is not None and node.id not in seen:
        if court is not None and node.id == court.id:
            return "不能选择本院或本院的下级法院作为上级法院。"
        seen.add(node.id)
        node = node.parent
    return None


def create_court(data: CourtData) -> Court:
    problems = _problems(data, None)
    if problems:
        raise Refused(errors=problems)
    court = Court(slug=data.slug)
    _apply(court, data)
    db.session.add(court)
    db.session.flush()
    committee = Organisation(
        court_id=court.id, kind="committee", name=f"{court.display_name}机关党委", slug=COMMITTEE_SLUG
    )
    db.session.add(committee)
    db.session.flush()
    record(
        "court.created",
        f"新建法院 {court.name}（/{court.slug}/），并建立{committee.name}",
        target=court,
        court=court,
        detail={"slug": court.slug, "parent_id": court.parent_id, "committee_id": committee.id},
    )
    # Every plugin hears of it: none is enabled in a court that is this new.
    plugin_host().collect("dangjian_court_created", court=court)
    return court


def update_court(court: Court, data: CourtData) -> dict:
    problems = _problems(data, court)
    if problems:
        raise Refused(errors=problems)
    before = _snapshot(court)
    _apply(court, data)
    db.session.flush()
    after = _snapshot(court)
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changes:
        record("court.updated", f"修改法院 {court.name} 的信息", target=court, court=court, detail=changes)
    return changes


def _apply(court: Court, data: CourtData) -> None:
    court.name = data.name.strip()
    court.short_name = data.short_name.strip()
    court.level = data.level
    court.parent_id = data.parent_id
    court.timezone = data.timezone.strip()
    court.position = data.position or 0


def _snapshot(court: Court) -> dict:
    return {
        "name": court.name,
        "short_name": court.short_name,
        "level": court.level,
        "parent_id": court.parent_id,
        "timezone": court.timezone,
        "position": court.position,
    }

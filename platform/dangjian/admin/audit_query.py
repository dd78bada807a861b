"""Reading the audit log: one query for the court and the platform screens.

Entries are stored with naive UTC timestamps; the date filters are days in a
court's time zone, turned here into UTC bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..audit.models import AuditEntry
from ..audit.services import action_labels
from ..auth.models import User
from ..courts.models import Court
from ..db import db
from ..inputs import parse_int
from ..plugins import plugin_host

# Filter value of the platform screen for entries that belong to no court
# (e.g. failed logins with an unknown username).
NO_COURT = "none"

ACTION_GROUPS = {
    "auth": "登录与密码",
    "user": "账号",
    "role": "角色",
    "org": "组织架构",
    "member": "党员名册",
    "court": "法院",
    "module": "功能模块",
    "site": "支部网站",
}


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    username: str = ""
    date_from: date | None = None
    date_to: date | None = None
    # "" for every court, NO_COURT, or a court id as text (platform screen).
    court: str = ""


def action_label(action: str) -> str:
    return action_labels().get(action, action)


def action_choices() -> dict[str, list[tuple[str, str]]]:
    """The known actions grouped for a select with optgroups."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    groups = {**plugin_host().module_titles(), **ACTION_GROUPS}
    for action, label in action_labels().items():
        group = groups.get(action.split(".", 1)[0], "其他")
        grouped.setdefault(group, []).append((action, label))
    return grouped


def court_choices() -> list[tuple[str, str]]:
    courts = db.session.scalars(select(Court).order_by(Court.position, Court.id)).all()
    return [(str(court.id), court.name) for court in courts] + [(NO_COURT, "不属于任何法院（平台级）")]


def utc_bounds(date_from: date | None, date_to: date | None, zone: str) -> tuple[datetime | None, datetime | None]:
    """Naive-UTC [start, end) covering whole days ``date_from``..``date_to``
    as the court's clock shows them."""
    tz = ZoneInfo(zone)

    def to_utc(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC).replace(tzinfo=None)

    start = to_utc(date_from) if date_from else None
    end = to_utc(date_to + timedelta(days=1)) if date_to else None
    return start, end


def audit_query(filters: AuditFilters, *, zone: str, court: Court | None = None):
    """Entries newest first; ``court`` confines them to one court (the court
    screen), otherwise ``filters.court`` may narrow the platform view."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if court is not None:
        query = query.where(AuditEntry.court_id == court.id)
    elif filters.court == NO_COURT:
        query = query.where(AuditEntry.court_id.is_(None))
    elif parse_int(filters.court) is not None:
        query = query.where(AuditEntry.court_id == parse_int(filters.court))
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.username.strip():
        query = query.where(AuditEntry.username.icontains(filters.username.strip(), autoescape=True))
    start, end = utc_bounds(filters.date_from, filters.date_to, zone)
    if start is not None:
        query = query.where(AuditEntry.at >= start)
    if end is not None:
        query = query.where(AuditEntry.at < end)
    return query


def audit_page(filters: AuditFilters, *, zone: str, page: int, per_page: int, court: Court | None = None):
    return db.paginate(audit_query(filters, zone=zone, court=court), page=page, per_page=per_page, error_out=False)


def display_names(entries) -> dict[int, str]:
    """Current display names of the accounts behind a page of entries (one query)."""
    ids = {entry.user_id for entry in entries if entry.user_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()
    return {user_id: name for user_id, name in rows if name}


def court_names(entries) -> dict[int, str]:
    ids = {entry.court_id for entry in entries if entry.court_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(Court.id, Court.name, Court.short_name).where(Court.id.in_(ids))).all()
    return {court_id: short or name for court_id, name, short in rows}


def recent_about(court: Court, target, limit: int = 8) -> list[AuditEntry]:
    """The latest entries of ``court`` about one object (an account page)."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.court_id == court.id,
                AuditEntry.target_type == type(target).__name__,
                AuditEntry.target_id == target.id,
            )
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )

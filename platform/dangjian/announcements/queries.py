"""Reading announcements and receipts: a fixed number of statements for
every list, whatever the number of announcements or addressees."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, undefer

from ..auth.models import User
from ..courts.models import Court
from ..db import db
from ..members.models import Member
from ..org.models import Organisation
from .models import Announcement, AnnouncementReceipt

RECEIVED_FILTERS = {"": "全部", "unread": "未读", "unacked": "待确认"}
PENDING_FILTERS = {"unread": "未读", "unacked": "未确认", "all": "全部收件人"}


def _search(query, text: str):
    text = (text or "").strip()[:100]
    return query.where(Announcement.title.icontains(text, autoescape=True)) if text else query


def live():
    return (Announcement.published_at.is_not(None), Announcement.withdrawn_at.is_(None))


def received(user, court, *, search: str = "", show: str = ""):
    """The user's receipts of live announcements in this court, newest
    first, each with its announcement (and issuing court) loaded."""
    query = (
        select(AnnouncementReceipt)
        .join(Announcement, Announcement.id == AnnouncementReceipt.announcement_id)
        .join(Court, Court.id == Announcement.court_id)
        .where(AnnouncementReceipt.user_id == user.id, AnnouncementReceipt.court_id == court.id, *live())
        .options(
            contains_eager(AnnouncementReceipt.announcement).contains_eager(Announcement.court),
            contains_eager(AnnouncementReceipt.announcement).undefer(Announcement.file_count),
        )
    )
    if show == "unread":
        query = query.where(AnnouncementReceipt.read_at.is_(None))
    elif show == "unacked":
        query = query.where(Announcement.ack_deadline.is_not(None), AnnouncementReceipt.acknowledged_at.is_(None))
    return _search(query, search).order_by(Announcement.published_at.desc(), Announcement.id.desc())


def unread_received(user, court) -> int:
    return (
        db.session.scalar(
            select(func.count(AnnouncementReceipt.id))
            .join(Announcement, Announcement.id == AnnouncementReceipt.announcement_id)
            .where(
                AnnouncementReceipt.user_id == user.id,
                AnnouncementReceipt.court_id == court.id,
                AnnouncementReceipt.read_at.is_(None),
                *live(),
            )
        )
        or 0
    )


def latest_received(user, court, limit: int) -> list[AnnouncementReceipt]:
    return list(db.session.scalars(received(user, court).limit(limit)))


def unacknowledged(user, court) -> list:
    """(id, title, deadline) of live announcements with a deadline this user
    has not acknowledged here: the to-do items, in one statement."""
    return list(
        db.session.execute(
            select(Announcement.id, Announcement.title, Announcement.ack_deadline)
            .join(AnnouncementReceipt, AnnouncementReceipt.announcement_id == Announcement.id)
            .where(
                AnnouncementReceipt.user_id == user.id,
                AnnouncementReceipt.court_id == court.id,
                AnnouncementReceipt.acknowledged_at.is_(None),
                Announcement.ack_deadline.is_not(None),
                *live(),
            )
            .order_by(Announcement.ack_deadline, Announcement.id)
        )
    )


# --- the sender's side -------------------------------------------------------------


def court_announcements(court, *, search: str = "", status: str = ""):
    query = select(Announcement).where(Announcement.court_id == court.id).options(undefer_files())
    if status == "draft":
        query = query.where(Announcement.published_at.is_(None))
    elif status == "published":
        query = query.where(*live())
    elif status == "withdrawn":
        query = query.where(Announcement.withdrawn_at.is_not(None))
    order = func.coalesce(Announcement.published_at, Announcement.updated_at)
    return _search(query, search).order_by(Announcement.published_at.is_not(None), order.desc(), Announcement.id.desc())


def undefer_files():
    return undefer(Announcement.file_count)


@dataclass
class Counts:
    total: int = 0
    read: int = 0
    acknowledged: int = 0

    def add(self, other: Counts) -> None:
        self.total += other.total
        self.read += other.read
        self.acknowledged += other.acknowledged

    @property
    def unread(self) -> int:
        return self.total - self.read

    def percent(self, part: int) -> int:
        return round(100 * part / self.total) if self.total else 0


def counts_by_announcement(ids: list[int]) -> dict[int, Counts]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            AnnouncementReceipt.announcement_id,
            func.count(AnnouncementReceipt.id),
            func.count(AnnouncementReceipt.read_at),
            func.count(AnnouncementReceipt.acknowledged_at),
        )
        .where(AnnouncementReceipt.announcement_id.in_(ids))
        .group_by(AnnouncementReceipt.announcement_id)
    )
    return {row[0]: Counts(row[1], row[2], row[3]) for row in rows}


@dataclass
class Unit:
    """A line of the receipts page: a branch, or a court (with its branches)."""

    name: str
    counts: Counts = field(default_factory=Counts)
    branch_id: int | None = None
    court_id: int | None = None
    children: list[Unit] = field(default_factory=list)


def receipt_units(announcement: Announcement) -> tuple[list[Unit], Counts]:
    """Counts of addressees, read and acknowledged per branch — and per
    court, with its branches, for the courts below — in two statements:
    the grouped counts and the units addressed (so a branch or court
    without accounts shows with 0)."""
    rows = db.session.execute(
        select(
            AnnouncementReceipt.court_id,
            AnnouncementReceipt.branch_id,
            Organisation.name,
            func.count(AnnouncementReceipt.id),
            func.count(AnnouncementReceipt.read_at),
            func.count(AnnouncementReceipt.acknowledged_at),
        )
        .outerjoin(Organisation, Organisation.id == AnnouncementReceipt.branch_id)
        .where(AnnouncementReceipt.announcement_id == announcement.id)
        .group_by(AnnouncementReceipt.court_id, AnnouncementReceipt.branch_id, Organisation.name)
    ).all()
    grouped: dict[int, dict[int | None, Unit]] = {}
    for court_id, branch_id, name, total, read, acked in rows:
        label = name if branch_id is not None and name else "机关党委及未分支部的人员"
        grouped.setdefault(court_id, {})[branch_id] = Unit(label, Counts(total, read, acked), branch_id, court_id)
    overall = Counts()
    for units in grouped.values():
        for unit in units.values():
            overall.add(unit.counts)
    if announcement.scope == "courts_below":
        courts = []
        for court in announcement.courts:
            units = grouped.get(court.id, {})
            unit = Unit(court.display_name, court_id=court.id, children=_ordered(units.values()))
            for child in unit.children:
                unit.counts.add(child.counts)
            courts.append(unit)
        return courts, overall
    units = grouped.get(announcement.court_id, {})
    addressed = announcement.branches if announcement.scope == "branches" else _court_branches(announcement.court_id)
    for branch in addressed:
        units.setdefault(branch.id, Unit(branch.name, branch_id=branch.id, court_id=announcement.court_id))
    order: dict[int | None, int] = {branch.id: position for position, branch in enumerate(addressed)}
    return sorted(
        units.values(), key=lambda u: (u.branch_id is None, order.get(u.branch_id, len(order)), u.name)
    ), overall


def _ordered(units) -> list[Unit]:
    return sorted(units, key=lambda u: (u.branch_id is None, u.name))


def _court_branches(court_id: int) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(
                Organisation.court_id == court_id, Organisation.kind == "branch", Organisation.dissolved_at.is_(None)
            )
            .order_by(Organisation.position, Organisation.id)
        )
    )


def person_name():
    return func.coalesce(Member.name, func.nullif(User.display_name, ""), User.username)


def pending(announcement: Announcement, show: str):
    """Receipts of those who have not read (or acknowledged) it, by court,
    branch and name, each with its person loaded (no query per row)."""
    query = (
        select(AnnouncementReceipt)
        .join(User, User.id == AnnouncementReceipt.user_id)
        .outerjoin(Member, Member.id == User.member_id)
        .where(AnnouncementReceipt.announcement_id == announcement.id)
        .options(
            contains_eager(AnnouncementReceipt.user).contains_eager(User.member),
            contains_eager(AnnouncementReceipt.user).lazyload(User.roles),
        )
    )
    if show == "unread":
        query = query.where(AnnouncementReceipt.read_at.is_(None))
    elif show == "unacked":
        query = query.where(AnnouncementReceipt.acknowledged_at.is_(None))
    return query.order_by(
        AnnouncementReceipt.court_id,
        AnnouncementReceipt.branch_id.is_(None),
        AnnouncementReceipt.branch_id,
        person_name(),
        AnnouncementReceipt.id,
    )


def export_rows(announcement: Announcement):
    """Every addressee as plain columns, in the receipts page's order."""
    return db.session.execute(
        select(
            Court.name.label("court"),
            Organisation.name.label("branch"),
            person_name().label("name"),
            User.username,
            AnnouncementReceipt.read_at,
            AnnouncementReceipt.acknowledged_at,
        )
        .join(User, User.id == AnnouncementReceipt.user_id)
        .outerjoin(Member, Member.id == User.member_id)
        .join(Court, Court.id == AnnouncementReceipt.court_id)
        .outerjoin(Organisation, Organisation.id == AnnouncementReceipt.branch_id)
        .where(AnnouncementReceipt.announcement_id == announcement.id)
        .order_by(
            Court.position,
            Court.id,
            AnnouncementReceipt.branch_id.is_(None),
            Organisation.position,
            Organisation.id,
            person_name(),
            AnnouncementReceipt.id,
        )
    )


def receipt_state(read_at, acknowledged_at, needs_ack: bool) -> str:
    if acknowledged_at is not None:
        return "已确认"
    if read_at is not None:
        return "已读，未确认" if needs_ack else "已读"
    return "未读"
